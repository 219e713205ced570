// `npm run test:faults`: the fault and abuse suite (test/faults). Runs every fault test one file
// at a time against real processes, then prints ONE final JSON line: each test's pass/fail and
// the figures it measured (from .artifacts/faults/results/*.json).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureInstalled, ensureServerBuilt, root } from './lib/build.mjs';

ensureInstalled();
ensureServerBuilt();
const out = path.join(root, '.artifacts/faults');
rmSync(path.join(out, 'results'), { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = Date.now();
const vitestJson = path.join(out, 'vitest.json');
const r = spawnSync('npx', ['vitest', 'run', '--config', 'test/faults/vitest.faults.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`, ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit', env: process.env,
});

const figures = {};
const resultsDir = path.join(out, 'results');
if (existsSync(resultsDir)) {
  for (const f of readdirSync(resultsDir)) {
    const o = JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8'));
    figures[o.test] = o;
  }
}
const tests = [];
if (existsSync(vitestJson)) {
  const j = JSON.parse(readFileSync(vitestJson, 'utf8'));
  for (const file of j.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      tests.push({ file: path.relative(root, file.name), name: a.fullName ?? a.title, pass: a.status === 'passed', status: a.status, ms: Math.round(a.duration ?? 0) });
    }
  }
}
// Pair each test with the figures it reported (the report name is printed by the test itself).
const summary = {
  suite: 'test:faults',
  seconds: Math.round((Date.now() - started) / 1000),
  passed: tests.filter((t) => t.pass).length,
  failed: tests.filter((t) => !t.pass).length,
  tests,
  figures,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(r.status ?? 1);
