// The Debian packages the tests call directly (scripts/system-packages.txt), installed by `npm test`
// when missing — so `npm test` on a fresh machine needs nothing done by hand (.ci/run does the same
// before it). Redis and MariaDB are left to services.mjs: it reuses servers that already answer and
// installs the package only when nothing does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './build.mjs';
import { ensurePackage } from './services.mjs';

const SERVICES = new Set(['redis-server', 'mariadbd']);

/** [command, package] pairs from scripts/system-packages.txt. */
export function systemPackages() {
  return readFileSync(path.join(root, 'scripts/system-packages.txt'), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/));
}

/** Installs the missing tool packages (services.mjs's ensurePackage); a failure only says which tests will fail. */
export function ensureToolPackages(log = (m) => process.stderr.write(`[packages] ${m}\n`)) {
  const missing = [];
  for (const [cmd, pkg] of systemPackages()) {
    if (SERVICES.has(cmd)) continue;
    try {
      ensurePackage(cmd, pkg, 'the tests that call it will fail');
    } catch (err) {
      missing.push(pkg);
      log(err.message);
    }
  }
  return missing;
}
