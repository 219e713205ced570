import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, report, startCluster, verdict, waitAllFinal, type Cluster } from './support/index.js';

// Operations issue: a rolling restart (each worker in turn gets SIGTERM, as Kubernetes sends it,
// and a replacement starts) under load. SIGTERM must stop taking jobs, let active jobs finish
// (their decisions durable), flush the committer and exit 0 within the grace period, so no job
// ever stalls (a stall means a job was abandoned mid-flight and had to be found by lock expiry).
let c: Cluster;
const CAPS = [40, 80];
/** Enough for the load to last through both restarts (it stops once they are done). */
const STUDENTS = 20_000;
/** k8s/base/worker/deployment.yaml: terminationGracePeriodSeconds 90, less the 5 s preStop sleep and margin. */
const GRACE_MS = 60_000;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'rolling-restart', workers: 2, students: STUDENTS, capacities: CAPS, env: { COMMIT_BATCH_MS: '20' } });
});
afterAll(async () => { await c?.stop(); });

describe('a rolling restart of the workers under load', () => {
  it('each SIGTERMed worker exits 0 within the grace period, no job stalls, nothing is lost', async () => {
    const h = new History(c.base, (s) => c.token(s));
    // A load that lasts until both restarts are done: a fixed 2,400 requests were all answered and
    // decided before the second SIGTERM on a fast box, so the restart happened with nothing in flight.
    let restarting = true;
    let next = 1;
    const load = Promise.all(Array.from({ length: 48 }, async () => {
      while (restarting && next <= STUDENTS) { const s = next++; await h.enroll(s, 1 + (s % 2)); }
    }));
    const shutdowns: { worker: string; exitCode: number | null; ms: number; activeAtSigterm: number }[] = [];
    for (const [i, old] of [...c.workers].entries()) {
      // Wait until jobs are in flight across the queue (a fixed 400 ms was sometimes before the load's
      // first jobs on a slow box), so the restart happens mid-flight.
      const active = () => c.env.redis.llen(`${c.keys.bullPrefix}:enrollment:active`);
      await new Promise((r) => setTimeout(r, 400));
      for (let i = 0; i < 500 && (await active()) < 10; i++) await new Promise((r) => setTimeout(r, 10));
      const t0 = Date.now();
      if (i === 1) {
        // Ctrl-C under `npm start`: the terminal's SIGINT reaches the worker, then start.mjs passes its own
        // stop on as SIGTERM a moment later. One stop, drained (the second signal forced an exit without draining).
        old.child.kill('SIGINT');
        await new Promise((r) => setTimeout(r, 50));
      }
      old.child.kill('SIGTERM');
      const exitCode = await Promise.race([old.exited, new Promise<number>((r) => setTimeout(() => r(-1), GRACE_MS))]);
      // The jobs this worker itself was running when SIGTERM came (its drain log), not the queue's.
      const activeAtSigterm = Number(/drained: (\d+) active jobs/.exec(old.output())?.[1] ?? -1);
      shutdowns.push({ worker: old.name, exitCode, ms: Date.now() - t0, activeAtSigterm });
      await c.startWorker();
    }
    await new Promise((r) => setTimeout(r, 300)); // the replacement takes load too
    restarting = false;
    await load;
    const students = next - 1;
    const finalMs = await waitAllFinal(c.env.sql, h, 60_000);
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, students);
    const drained = c.workers.filter((w) => /stopped cleanly/.test(w.output())).length;
    const stalls = c.workers.map((w) => (w.output().match(/stalled \(its worker died/g) ?? []).length).reduce((a, b) => a + b, 0);
    report('ops rolling restart (SIGTERM each worker under load)', {
      shutdowns, drained, stalls, students, statuses: h.statusCounts(), accepted: v.accepted, lost: v.lost, duplicates: v.duplicates,
      oversold: v.oversold, inversions: v.inversions, committed: v.committed, finalMs,
    });
    for (const s of shutdowns) {
      expect(s.exitCode).toBe(0);
      expect(s.ms).toBeLessThan(GRACE_MS);
    }
    expect(drained).toBe(shutdowns.length);
    expect(shutdowns.some((s) => s.activeAtSigterm > 0)).toBe(true);
    expect(stalls).toBe(0);
    expect(students).toBeLessThan(STUDENTS); // the load outlasted the restarts
    expect(h.statusCounts()).toEqual({ 202: students });
    expect(v.lostIds).toEqual([]);
    expect(v.duplicates).toBe(0);
    expect(v.oversold).toBe(0);
    expect(v.inversions).toBe(0);
    expect(v.committed).toEqual({ 1: 40, 2: 80 });
    expect(finalMs).toBeGreaterThanOrEqual(0);
  });
});
