import type { AppConfig } from '@app/config';
import { migrate } from '@app/database';
import { DEFAULT_SEED, runSeed } from '@app/seed';
import { parseArgs } from 'node:util';
import { createProgress } from '../progress-bar.js';

const positiveInt = (name: string, v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error(`--${name} must be a whole number from 1 to 10000000, got "${v}"`);
  return n;
};

export async function seedCommand(config: AppConfig, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      students: { type: 'string' }, sections: { type: 'string' }, majors: { type: 'string' }, seed: { type: 'string' },
      'if-empty': { type: 'boolean', default: false }, 'no-window': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (config.isProduction) throw new Error('seed writes demo accounts with demo passwords; it refuses to run with NODE_ENV=production');
  await migrate(config.database);
  const opts = {
    students: positiveInt('students', values.students, DEFAULT_SEED.students),
    sections: positiveInt('sections', values.sections, DEFAULT_SEED.sections),
    majors: positiveInt('majors', values.majors, DEFAULT_SEED.majors),
    seed: positiveInt('seed', values.seed, DEFAULT_SEED.seed),
  };
  const result = await runSeed(config.database, { ...opts, ifEmpty: values['if-empty'], windowOpen: !values['no-window'] }, createProgress('seed'));
  if (result.skipped) {
    process.stdout.write(`seed: ${config.database.database} already has students; nothing to do\n`);
    return;
  }
  const counts = Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ');
  process.stdout.write(`seed: ${counts} into ${config.database.database} in ${result.seconds.toFixed(1)} s (seed ${opts.seed})\n`);
}
