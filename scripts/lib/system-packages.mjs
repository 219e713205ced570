// The Debian packages the tests call directly (scripts/system-packages.txt), installed by `npm test`
// when missing — so `npm test` on a fresh machine needs nothing done by hand (.ci/run does the same
// before it). Redis and MariaDB are left to services.mjs: it reuses servers that already answer and
// installs the package only when nothing does.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './build.mjs';

const SERVICES = new Set(['redis-server', 'mariadbd']);

function onPath(bin) {
  return [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin'].some((dir) => dir && existsSync(path.join(dir, bin)));
}

/** [command, package] pairs from scripts/system-packages.txt. */
export function systemPackages() {
  return readFileSync(path.join(root, 'scripts/system-packages.txt'), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/));
}

/** Installs the missing tool packages (as root, with apt-get); otherwise says what to run. */
export function ensureToolPackages(log = (m) => process.stderr.write(`[packages] ${m}\n`)) {
  const missing = systemPackages().filter(([cmd]) => !SERVICES.has(cmd) && !onPath(cmd)).map(([, pkg]) => pkg);
  if (!missing.length) return [];
  if (process.getuid?.() !== 0) {
    log(`missing: ${missing.join(' ')} — the tests that need them will fail. Install with: sudo apt-get install -y ${missing.join(' ')}`);
    return missing;
  }
  log(`installing ${missing.join(' ')} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } catch (err) {
    log(`apt-get failed (${err.message}); the tests that need ${missing.join(' ')} will fail`);
  }
  return missing;
}
