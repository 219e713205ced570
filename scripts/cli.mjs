// `npm run migrate|seed|reconcile -- …`: builds the server when needed, then runs the CLI app.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureInstalled, ensureServerBuilt, root } from './lib/build.mjs';

ensureInstalled();
ensureServerBuilt();
const r = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
