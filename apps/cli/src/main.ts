import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { migrateCommand } from './commands/migrate.command.js';
import { seedCommand } from './commands/seed.command.js';

const USAGE = `usage: cli <command> [options]
  migrate                         run pending migrations
  seed [--students N] [--sections N] [--majors N] [--seed N] [--if-empty] [--no-window]
                                  write the demo university into an empty database
  reconcile [--drain-timeout S]   recompute the engine's Redis state from MySQL, report and repair drift
                                  (waits up to S seconds, default 30, for decisions to be durable first)`;

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  migrate: () => migrateCommand(loadConfig()),
  seed: (argv) => seedCommand(loadConfig(), argv),
  reconcile: async (argv) => {
    const { reconcileCommand } = await import('./commands/reconcile.command.js');
    await reconcileCommand(loadConfig(), argv);
  },
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`${name ? `unknown command "${name}"\n` : ''}${USAGE}\n`);
  process.exit(64);
}
try {
  await command(rest);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `error: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(err instanceof ConfigError ? 78 : 1);
}
