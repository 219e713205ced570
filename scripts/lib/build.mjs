// Builds what is missing or older than its sources, so `npm start` and `npm run seed`
// work on a fresh clone and stay quick on the second run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function newest(dir, skip = /(^|\/)(node_modules|dist)(\/|$)/) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip.test(p)) continue;
    t = Math.max(t, entry.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

export function ensureInstalled() {
  if (existsSync(path.join(root, 'node_modules/.package-lock.json'))) return;
  process.stderr.write('[build] installing npm dependencies (npm ci) …\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

export function ensureServerBuilt({ force = false } = {}) {
  const marker = path.join(root, 'dist/apps/api/src/main.js');
  const src = Math.max(newest(path.join(root, 'apps/api/src')), newest(path.join(root, 'apps/worker/src')), newest(path.join(root, 'apps/cli/src')), newest(path.join(root, 'libs')));
  if (!force && mtime(marker) > src) return false;
  process.stderr.write('[build] compiling the server (nest build) …\n');
  execFileSync('npx', ['nest', 'build', 'api'], { cwd: root, stdio: 'inherit' });
  copyAssets();
  return true;
}

export function ensureWebBuilt({ force = false } = {}) {
  if (!existsSync(path.join(root, 'apps/web/vite.config.ts'))) return false;
  const marker = path.join(root, 'apps/web/dist/index.html');
  const src = Math.max(newest(path.join(root, 'apps/web')), newest(path.join(root, 'libs/contracts')));
  if (!force && mtime(marker) > src) return false;
  process.stderr.write('[build] building the web app (vite build) …\n');
  execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  return true;
}

/** The engine's Lua scripts are read at run time next to the compiled code. */
export function copyAssets() {
  cpSync(path.join(root, 'libs/engine/src/lua'), path.join(root, 'dist/libs/engine/src/lua'), { recursive: true });
}

export { root };
