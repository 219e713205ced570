import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { attackAndAssert } from './support/abuse.js';
import { startCluster, type Cluster } from './support/index.js';

// Plan tests 12, 13 and 15 (fast profile: 1,000 generated requests) against the built API process.
// `npm run test:faults` runs the same with 10,000 (abuse-10k.fault.ts).
let c: Cluster;
beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'abuse', workers: 0, students: 50, capacities: [10, 10, 10] });
});
afterAll(async () => { await c?.stop(); });


describe('forged tokens, fuzzing and abuse against the API process', () => {
  it('1,000 generated malformed requests and the forged-token set: 0 5xx, 0 accepted forgeries, 0 writes; 429 past 20 req/s', async () => {
    await attackAndAssert(c, 1000, '12+13+15 abuse (fast, 1,000)');
  });
});
