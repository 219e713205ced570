// `npm run bench:api`: the API's hot read paths against a trivial route (test/api/bench/api-bench.ts).
import { runTs } from './lib/run-ts.mjs';

await runTs(process.argv[2] ?? 'test/api/bench/api-bench.ts');
