// `npm test`: every test. Lint, import-cycle check, type check, then Vitest (unit, integration
// against real MariaDB and Redis — reused when they answer, else started privately — and web).
import { spawnSync } from 'node:child_process';
import { ensureInstalled, ensureServerBuilt, ensureWebBuilt, root } from './lib/build.mjs';
import { ensureToolPackages } from './lib/system-packages.mjs';

ensureInstalled();
ensureToolPackages();
const started = Date.now();
const steps = [];
function step(name, cmd, args) {
  process.stderr.write(`\n=== ${name} ===\n`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });
  steps.push({ name, ok: r.status === 0, seconds: (Date.now() - t) / 1000 });
  return r.status === 0;
}

// Tests that start the API or worker as processes run the built code: build first.
try {
  ensureServerBuilt();
  ensureWebBuilt();
  steps.push({ name: 'build', ok: true, seconds: (Date.now() - started) / 1000 });
} catch {
  steps.push({ name: 'build', ok: false, seconds: (Date.now() - started) / 1000 });
}
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
step('import cycles and layering', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'apps', 'libs']);
step('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const extra = process.argv.slice(2);
step('vitest', 'npx', ['vitest', 'run', ...extra]);

const failed = steps.filter((s) => !s.ok);
process.stderr.write(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===\n`);
for (const s of steps) process.stderr.write(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name} (${s.seconds.toFixed(1)} s)\n`);
process.exit(failed.length ? 1 : 0);
