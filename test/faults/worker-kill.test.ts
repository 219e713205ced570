import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, report, Sampler, startCluster, verdict, waitAllFinal, waitUntil, type Cluster } from './support/index.js';

// Engine issue, test A: the worker process SIGKILLed in the middle of a commit batch and restarted.
// One worker, so its death stops every decision and the committer at once.
let c: Cluster;
const CAPS = [50, 100];
const STUDENTS = 3000;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'worker-kill', workers: 1, students: STUDENTS, capacities: CAPS, env: { COMMIT_BATCH_MS: '50' } });
});
afterAll(async () => { await c?.stop(); });

describe('a worker SIGKILLed mid-batch, then restarted', () => {
  it('every accepted request is decided exactly once and Redis equals MySQL', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, CAPS.map((_, i) => i + 1)).start();
    const load = History.pool(Array.from({ length: STUDENTS }, (_, i) => () => h.enroll(i + 1, 1 + (i % 2))), 64);
    // Kill when decisions exist in Redis that MySQL does not have yet (mid-batch).
    let atKill = { made: 0, durable: 0, active: 0 };
    await waitUntil('decisions ahead of the commit', async () => {
      const [made, durable] = (await c.env.redis.mget(c.keys.decisionSeq, c.keys.committedSeq)).map((v) => Number(v ?? 0));
      atKill = { made: made!, durable: durable!, active: await c.env.redis.llen(`${c.keys.bullPrefix}:enrollment:active`) };
      return durable! > 0 && made! > durable!;
    }, 20_000, 2);
    await c.workers[0]!.kill('SIGKILL');
    const killedAt = Date.now();
    await load;
    await c.startWorker();
    const finalMs = await waitAllFinal(c.env.sql, h, 30_000);
    const sinceKill = Date.now() - killedAt;
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    const [made] = (await c.env.redis.mget(c.keys.decisionSeq)).map(Number);
    const [[{ n: logged }]] = (await c.env.sql.query('SELECT COUNT(*) AS n FROM decision_log')) as unknown as [[{ n: number }]];
    report('engine-A worker SIGKILL mid-batch', {
      atKill, statuses: h.statusCounts(), accepted: v.accepted, lost: v.lost, duplicates: v.duplicates, phantoms: v.phantoms,
      oversold: v.oversold, oversellSamples: sampler.violations.length, samples: sampler.samples, inversions: v.inversions, drift: v.drift,
      committed: v.committed, decisionsMade: made, decisionRows: Number(logged), finalWithinMsOfKill: finalMs < 0 ? -1 : sinceKill,
    });
    expect(atKill.made).toBeGreaterThan(atKill.durable);
    expect(h.statusCounts()['202']).toBe(STUDENTS);
    expect(v.lostIds).toEqual([]);
    expect(v.duplicates).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(v.oversold).toBe(0);
    expect(sampler.violations).toEqual([]);
    expect(v.inversions).toBe(0);
    expect(v.committed).toEqual({ 1: 50, 2: 100 });
    // Decided exactly once: every decision seq the gate handed out is one row in MySQL.
    expect(made).toBe(Number(logged));
    expect(v.driftExamples).toEqual([]);
    expect(finalMs).toBeGreaterThanOrEqual(0);
  });
});
