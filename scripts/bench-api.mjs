// `npm run bench:api`: runs test/api/bench/api-bench.ts straight from the TypeScript sources
// (Vite's module runner, the same transform Vitest uses: decorators and their metadata included),
// so the benchmark never needs, or disturbs, a dist/ build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  const bench = await runner.import(path.join(root, process.argv[2] ?? 'test/api/bench/api-bench.ts'));
  await bench.main();
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await runner.close();
  await server.close();
}
process.exit(code);
