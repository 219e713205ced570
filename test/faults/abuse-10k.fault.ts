import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { attackAndAssert } from './support/abuse.js';
import { startCluster, type Cluster } from './support/index.js';

// Plan tests 12, 13 and 15 at full size: 10,000 generated malformed requests and the forged-token set.
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'abuse-10k', workers: 0, students: 200, capacities: [10, 10, 10] });
});
afterAll(async () => { await c?.stop(); });

describe('forged tokens, fuzzing and abuse at full size', () => {
  it('10,000 generated malformed requests and the forged-token set: 0 5xx, 0 accepted forgeries, 0 writes', async () => {
    await attackAndAssert(c, 10_000, '12+13+15 abuse (10,000)');
  });
});
