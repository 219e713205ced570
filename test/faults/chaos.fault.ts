import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, report, Sampler, startCluster, verdict, waitAllFinal, type Cluster } from './support/index.js';

// Plan test 6, the headline: 10,000 requests for 100 seats, 3 worker processes, one SIGKILLed
// every 2 s and restarted at once.
let c: Cluster;
const STUDENTS = 10_000;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'chaos', workers: 3, students: STUDENTS, capacities: [100], env: { WORKER_CONCURRENCY: '50' } });
});
afterAll(async () => { await c?.stop(); });

describe('headline chaos', () => {
  it('10,000 requests, 100 seats, a worker SIGKILLed every 2 s: 100 committed, 0 duplicates, 0 lost, 0 inversions, final within 20 s of the last kill', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1]).start();
    const t0 = Date.now();
    let loadDone = false;
    const load = History.pool(Array.from({ length: STUDENTS }, (_, i) => () => h.enroll(i + 1, 1)), 100).then(() => { loadDone = true; });
    const kills: { atMs: number; worker: string; madeAtKill: number; durableAtKill: number }[] = [];
    // Kill for as long as the load runs, and at least six times.
    while (!loadDone || kills.length < 6) {
      await sleep(2000);
      const live = c.live();
      const victim = live[Math.floor(Math.random() * live.length)]!;
      const [made, durable] = (await c.env.redis.mget(c.keys.decisionSeq, c.keys.committedSeq)).map((v) => Number(v ?? 0));
      await victim.kill('SIGKILL');
      kills.push({ atMs: Date.now() - t0, worker: victim.name.split('-').pop()!, madeAtKill: made!, durableAtKill: durable! });
      c.startWorker().catch(() => {}); // a worker killed while it boots is part of the chaos
    }
    const lastKill = Date.now();
    await load;
    const finalMs = await waitAllFinal(c.env.sql, h, 60_000);
    const finalAfterLastKillMs = finalMs < 0 ? -1 : Date.now() - lastKill;
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    report('6 headline chaos', {
      statuses: h.statusCounts(), kills: kills.length, killLog: kills, accepted: v.accepted, committed: v.committed[1] ?? 0, duplicates: v.duplicates,
      lost: v.lost, phantoms: v.phantoms, inversions: v.inversions, rejectedFull: v.rejectedFull, oversellSamples: sampler.violations.length,
      samples: sampler.samples, drift: v.drift, finalAfterLastKillMs, loadSeconds: (Date.now() - t0) / 1000,
    });
    expect(kills.length).toBeGreaterThanOrEqual(6);
    expect(v.accepted).toBe(STUDENTS);
    expect(v.committed[1]).toBe(100);
    expect(v.duplicates).toBe(0);
    expect(v.lostIds).toEqual([]);
    expect(v.inversions).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(sampler.violations).toEqual([]);
    expect(finalAfterLastKillMs).toBeGreaterThanOrEqual(0);
    expect(finalAfterLastKillMs).toBeLessThanOrEqual(20_000);
    expect(v.driftExamples).toEqual([]);
  });
});
