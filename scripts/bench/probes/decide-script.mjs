// Probe: Redis's CPU per decision of the decide script alone (test/engine/bench/decide-script.ts).
// `node scripts/bench/probes/decide-script.mjs` (MICRO_N requests per round, default 40,000).
import { runTs } from '../../lib/run-ts.mjs';

await runTs('test/engine/bench/decide-script.ts');
