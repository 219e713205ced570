// Runs a TypeScript module's exported main() straight from the sources (Vite's module runner,
// the same transform Vitest uses: decorators and their metadata included), so a benchmark
// never needs, or disturbs, a dist/ build of the code it measures in-process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';
import { root } from './build.mjs';

/** Imports `file` (relative to the repo root), awaits its main(), exits 0 or 1. */
export async function runTs(file) {
  const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  const alias = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).map(([k, [v]]) => [k, path.join(root, v)]));
  const server = await createServer({
    root, configFile: false, logLevel: 'warn', appType: 'custom',
    resolve: { alias },
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
  let code = 0;
  try {
    const mod = await runner.import(path.join(root, file));
    await mod.main();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err); // not the whole object: a SQL error carries its whole statement
    code = 1;
  } finally {
    await runner.close();
    await server.close();
  }
  process.exit(code);
}
