// `npm run bench:engine [-- --quick] [-- --requests N --workers N ...]`: the worker stage against
// a no-op BullMQ ceiling and raw INSERTs (test/engine/bench/engine-bench.ts). The workers run
// as real processes from dist/, so build first when the sources are newer.
import { ensureInstalled, ensureServerBuilt } from './lib/build.mjs';
import { runTs } from './lib/run-ts.mjs';

ensureInstalled();
ensureServerBuilt();
await runTs('test/engine/bench/engine-bench.ts');
