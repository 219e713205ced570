import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drift, History, report, runReconcile, Sampler, startCluster, waitAllFinal, waitUntil, type Cluster } from './support/index.js';

// Plan test 11, drift injection: with decisions durable and the worker stopped, skew Redis seat
// counters and student state, delete waiting BullMQ jobs, orphan pending reservations
// (stu:{id}:pend). One `reconcile` (then a worker) must repair all of it, a second reconcile must
// find nothing, and no committed enrollment row may change.
// A .fault.ts (test:faults only) while it fails: reconcile does not repair stu:{id}:pend, and a
// student whose reservation points at a QUEUED request that is in no line is stuck for good.
let c: Cluster;
const CAPS = [40, 40, 1000];
const STUDENTS = 300;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'drift-injection', workers: 1, students: STUDENTS, capacities: CAPS });
});
afterAll(async () => { await c?.stop(); });

type Row = Record<string, unknown>;
const enrollmentTable = async () => ((await c.env.sql.query('SELECT * FROM enrollment ORDER BY student_id, section_id')) as unknown as [Row[]])[0].map((r) => JSON.stringify(r));

/** Pending reservations that point at no live (QUEUED or WAITLISTED) request in the line or a waitlist. */
async function danglingPending(): Promise<string[]> {
  const out: string[] = [];
  for (let s = 1; s <= STUDENTS; s++) {
    for (const [section, rid] of Object.entries(await c.env.redis.hgetall(c.keys.studentPending(s)))) {
      const st = await c.env.redis.hget(c.keys.request(rid), 'st');
      const inLine = (await c.env.redis.zscore(c.keys.line, rid)) != null;
      const waiting = st === 'WAITLISTED' && (await c.env.redis.lpos(c.keys.sectionWaitlist(section), rid)) != null;
      if (!((st === 'QUEUED' && inLine) || waiting)) out.push(`student ${s} section ${section} → ${rid.slice(0, 8)} (${st ?? 'no request'}, ${inLine ? 'in line' : 'not in line'})`);
    }
  }
  return out;
}

describe('drift injection', () => {
  it('one reconcile repairs skewed counters, lost jobs and orphaned reservations; a second finds nothing; no committed enrollment changes', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1, 2, 3]).start();
    // Committed state: 200 students for two 40-seat sections, 50 in the big one.
    await History.pool(Array.from({ length: 200 }, (_, i) => () => h.enroll(i + 1, 1 + (i % 2))), 32);
    await History.pool(Array.from({ length: 50 }, (_, i) => () => h.enroll(i + 1, 3)), 32);
    expect(await waitAllFinal(c.env.sql, h, 20_000)).toBeGreaterThanOrEqual(0);
    const before = await enrollmentTable();
    await c.workers[0]!.kill('SIGTERM');

    // 60 requests wait in line with their jobs; 30 of the jobs are deleted (10 at the head, 20 at the tail).
    const waiting = new History(c.base, (s) => c.token(s));
    await History.pool(Array.from({ length: 60 }, (_, i) => () => waiting.enroll(201 + i, 3)), 16);
    const queue = new Queue('enrollment', { connection: c.env.redis.duplicate(), prefix: c.keys.bullPrefix });
    const jobs = (await queue.getWaiting(0, -1)).sort((a, b) => Number(a.data.position ?? 0) - Number(b.data.position ?? 0));
    const jobsWaiting = jobs.length;
    const victims = [...jobs.slice(0, 10), ...jobs.slice(-20)];
    for (const j of victims) await j.remove();
    const jobsAfterDelete = (await queue.getWaiting(0, -1)).length;

    // Skewed counters (each in the dangerous direction: Redis would think seats are free).
    const r = c.env.redis;
    await r.hincrby(c.keys.section(1), 'n', -3);
    await r.hset(c.keys.section(2), 'cap', '45');
    await r.hincrby(c.keys.section(3), 'n', 2);
    const s1 = (await c.env.sql.query('SELECT student_id FROM enrollment WHERE section_id = 1 ORDER BY student_id LIMIT 2')) as unknown as [{ student_id: number }[]];
    const [holderA, holderB] = s1[0].map((x) => Number(x.student_id)) as [number, number];
    await r.hincrby(c.keys.student(holderA), 'cr', 7); // credits used skewed
    await r.hdel(c.keys.studentSections(holderB), '1'); // Redis forgets an enrollment MySQL has
    await r.hset(c.keys.studentSections(290), '2', randomUUID()); // Redis invents one MySQL does not have
    // Orphaned reservations: one pointing at no request, one at a QUEUED request that is in no line and has no job.
    await r.hset(c.keys.studentPending(270), '3', randomUUID());
    const stuck = randomUUID();
    await r.hset(c.keys.request(stuck), { s: '271', x: '3', a: 'ENROLL', st: 'QUEUED', pos: '999999', t: String(Date.now()), wl: '0' });
    await r.hset(c.keys.studentPending(271), '3', stuck);
    const injected = await drift(c.env.sql, r, c.keys, [1, 2, 3], STUDENTS);
    const danglingBefore = await danglingPending();

    const t0 = Date.now();
    const first = await runReconcile(c);
    const reconcileMs = Date.now() - t0;
    const danglingAfterReconcile = await danglingPending();
    const driftAfterReconcile = await drift(c.env.sql, r, c.keys, [1, 2, 3], STUDENTS);

    // A worker again: the requests whose jobs were deleted must still be decided.
    await c.startWorker();
    const finalMs = await waitAllFinal(c.env.sql, waiting, 30_000);
    // The students with orphaned reservations enroll again: each must get a decided request.
    const retry = new History(c.base, (s) => c.token(s));
    const [o270, o271] = await Promise.all([retry.enroll(270, 3), retry.enroll(271, 3)]);
    const orphanOutcome = async (student: number, rid?: string) => {
      if (!rid) return 'no request';
      let st = 'QUEUED';
      await waitUntil('decided', async () => { st = String((await retry.status(student, rid)).status); return st !== 'QUEUED'; }, 10_000, 100).catch(() => {});
      return st;
    };
    const orphan270 = { answer: o270!.status, status: await orphanOutcome(270, o270!.requestId) };
    const orphan271 = { answer: o271!.status, sameRequestAsOrphan: o271!.requestId === stuck, status: await orphanOutcome(271, o271!.requestId) };
    await waitUntil('durable', async () => { const [m, d] = (await r.mget(c.keys.decisionSeq, c.keys.committedSeq)).map(Number); return d! >= m!; }, 20_000, 50);
    const second = await runReconcile(c);
    await sampler.stop();
    const after = await enrollmentTable();
    const afterSet = new Set(after);
    const altered = before.filter((row) => !afterSet.has(row));
    const driftEnd = await drift(c.env.sql, r, c.keys, [1, 2, 3], STUDENTS);
    const [counts] = (await c.env.sql.query('SELECT section_id, COUNT(*) AS n FROM enrollment GROUP BY section_id ORDER BY section_id')) as unknown as [{ section_id: number; n: number }[]];
    await queue.close();
    report('11 drift injection', {
      injected: { driftedKeys: injected.count, danglingPending: danglingBefore.length, jobsWaiting, jobsDeleted: victims.length, jobsAfterDelete },
      firstReconcile: { sectionsDrifted: first.sectionsDrifted, studentsDrifted: first.studentsDrifted, ms: reconcileMs },
      driftAfterFirstReconcile: driftAfterReconcile.count, danglingPendingAfterFirstReconcile: danglingAfterReconcile.length, danglingExamples: danglingAfterReconcile.slice(0, 3),
      lostJobsDecidedWithinMs: finalMs, orphan270, orphan271,
      secondReconcile: { sectionsDrifted: second.sectionsDrifted, studentsDrifted: second.studentsDrifted },
      enrollmentRowsBefore: before.length, enrollmentRowsAfter: after.length, committedRowsAltered: altered.length,
      enrolledBySection: Object.fromEntries(counts.map((x) => [x.section_id, Number(x.n)])), driftAtEnd: driftEnd.count, oversellSamples: sampler.violations.length,
    });
    // The checker's drift() sees four of the six (section n ×2, a student's section map ×2); cap and credits only reconcile sees.
    expect(injected.count).toBe(4);
    expect(danglingBefore.length).toBe(2);
    expect(jobsAfterDelete).toBe(jobsWaiting - victims.length);
    expect(first.sectionsDrifted).toBe(3);
    expect(first.studentsDrifted).toBe(3);
    expect(driftAfterReconcile.examples).toEqual([]);
    expect(finalMs).toBeGreaterThanOrEqual(0);
    expect(second.sectionsDrifted).toBe(0);
    expect(second.studentsDrifted).toBe(0);
    expect(altered).toEqual([]);
    expect(counts.map((x) => Number(x.n)).slice(0, 2)).toEqual([40, 40]);
    expect(driftEnd.examples).toEqual([]);
    expect(sampler.violations).toEqual([]);
    // Orphaned reservations: a student must never be stuck behind a request nobody will decide.
    expect(orphan270.status).toBe('ENROLLED');
    expect(orphan271.status).toBe('ENROLLED');
    expect(danglingAfterReconcile).toEqual([]);
  });
});
