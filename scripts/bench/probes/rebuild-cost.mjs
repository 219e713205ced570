// Probe: wall time of a full prime and of a reconcile at the demo's scale (test/engine/bench/rebuild-cost.ts).
// `node scripts/bench/probes/rebuild-cost.mjs`
import { runTs } from '../../lib/run-ts.mjs';

await runTs('test/engine/bench/rebuild-cost.ts');
