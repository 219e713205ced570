import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { report, startCluster, type Cluster } from './support/index.js';
import { GROUP_CAPS, groupFixtures, groupMeeting, modelRuns } from './support/model.js';

// Plan test 3, model-based (the npm test variant, ≤ 40 s): fast-check command sequences (enroll
// with and without Idempotency-Key and waitlist, retry the same key, drop, status, reconcile)
// against the running API and worker, each checked against a reference model.
const RUNS = 30;
let c: Cluster;

beforeAll(async () => {
  c = await startCluster({
    services: inject('services'), name: 'model', workers: 1, students: (RUNS + 4) * 4, capacities: Array.from({ length: RUNS + 4 }, () => GROUP_CAPS).flat(),
    meeting: groupMeeting, beforeStart: groupFixtures,
  });
});
afterAll(async () => { await c?.stop(); });

describe('model-based property test', () => {
  it(`${RUNS} runs of up to 30 commands: 0 divergences from the reference model`, async () => {
    const f = await modelRuns(c, { runs: RUNS, maxCommands: 30, reconcileBudget: 3, seed: 3 });
    report('3 model-based (fast)', f);
    expect(f.divergence).toBeNull();
    expect(f.runs).toBe(RUNS);
    expect(f.stateChecks).toBeGreaterThanOrEqual(RUNS);
  });
});
