import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, report, Sampler, startCluster, verdict, waitAllFinal, type Cluster } from './support/index.js';

// Engine issue, test B: three worker processes deciding at once never let a later request
// overtake an earlier one for a seat (P6), whichever worker runs which job.
let c: Cluster;
const CAPS = [30, 30, 30];
const STUDENTS = 3000;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'three-workers', workers: 3, students: STUDENTS, capacities: CAPS, env: { WORKER_CONCURRENCY: '20' } });
});
afterAll(async () => { await c?.stop(); });

describe('three worker processes', () => {
  it('zero capacity inversions, nothing lost, nothing oversold', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1, 2, 3]).start();
    await History.pool(Array.from({ length: STUDENTS }, (_, i) => () => h.enroll(i + 1, 1 + (i % 3))), 64);
    const finalMs = await waitAllFinal(c.env.sql, h, 30_000);
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    // Which worker decided what: each worker's metrics are not needed; the commit order is.
    report('engine-B three workers inversions', {
      statuses: h.statusCounts(), accepted: v.accepted, lost: v.lost, duplicates: v.duplicates, phantoms: v.phantoms, oversold: v.oversold,
      oversellSamples: sampler.violations.length, samples: sampler.samples, inversions: v.inversions, rejectedFull: v.rejectedFull,
      drift: v.drift, committed: v.committed, finalMs,
    });
    expect(v.accepted).toBe(STUDENTS);
    expect(v.inversions).toBe(0);
    expect(v.rejectedFull).toBe(STUDENTS - 90);
    expect(v.lostIds).toEqual([]);
    expect(v.duplicates).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(sampler.violations).toEqual([]);
    expect(v.committed).toEqual({ 1: 30, 2: 30, 3: 30 });
    expect(v.driftExamples).toEqual([]);
  });
});
