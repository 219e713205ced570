import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, report, Sampler, startCluster, verdict, waitAllFinal, type Cluster, type Op } from './support/index.js';

// Plan test 2, duplicate storm: 1,000 students each click "enroll" 10 times at once, with a mix of
// Idempotency-Key values (some clicks share a key, some have their own, some none). One enrollment
// each; every click carrying the same key gets the same request (same id, same place in line).
let c: Cluster;
const STUDENTS = 1000;
const CLICKS = 10;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'duplicate-storm', workers: 1, students: STUDENTS, capacities: [STUDENTS + 50] });
});
afterAll(async () => { await c?.stop(); });

/** A student's 10 clicks: 4 share key A, 3 share key B, 1 has a key of its own, 2 have none. */
function keysFor(student: number): (string | null)[] {
  return [`s${student}-A`, `s${student}-A`, `s${student}-A`, `s${student}-A`, `s${student}-B`, `s${student}-B`, `s${student}-B`, `s${student}-C`, null, null];
}

describe('duplicate storm', () => {
  it('1,000 students × 10 concurrent clicks with same and different Idempotency-Keys: one enrollment each, same key → same answer', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1]).start();
    const t0 = Date.now();
    // 25 students at a time, each with all 10 clicks in flight together (250 requests in flight).
    await History.pool(Array.from({ length: STUDENTS }, (_, i) => () => Promise.all(keysFor(i + 1).map((k) => h.enroll(i + 1, 1, k)))), 25);
    const loadMs = Date.now() - t0;
    const finalMs = await waitAllFinal(c.env.sql, h, 30_000);
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);

    // Same key → same answer: one request id and one place in line per (student, key).
    const byKey = new Map<string, Op[]>();
    for (const o of h.ops) if (o.key) byKey.set(`${o.student}|${o.key}`, [...(byKey.get(`${o.student}|${o.key}`) ?? []), o]);
    const keyMismatches = [...byKey.entries()].filter(([, ops]) => new Set(ops.map((o) => `${o.status}|${o.requestId}|${o.position}`)).size > 1).map(([k, ops]) => `${k}: ${ops.map((o) => `${o.status}/${o.requestId?.slice(0, 8)}/${o.position}`).join(' ')}`);
    // Distinct requests (places in line) per student: concurrent clicks collapse onto the pending request.
    const perStudent = new Map<number, Set<string>>();
    for (const o of h.accepted()) perStudent.set(o.student, (perStudent.get(o.student) ?? new Set()).add(o.requestId!));
    const distinct = [...perStudent.values()].map((s) => s.size);
    const hist: Record<number, number> = {};
    for (const n of distinct) hist[n] = (hist[n] ?? 0) + 1;
    const [rows] = (await c.env.sql.query('SELECT student_id, COUNT(*) AS n FROM enrollment GROUP BY student_id')) as unknown as [{ student_id: number; n: number }[]];
    const enrolledStudents = rows.length;
    const studentsWithMoreThanOne = rows.filter((r) => Number(r.n) > 1).length;
    const [reasons] = (await c.env.sql.query('SELECT outcome, reason, COUNT(*) AS n FROM decision_log GROUP BY outcome, reason')) as unknown as [{ outcome: string; reason: string | null; n: number }[]];
    report('2 duplicate storm', {
      students: STUDENTS, clicks: STUDENTS * CLICKS, statuses: h.statusCounts(), loadMs, finalMs, accepted: v.accepted,
      distinctRequestsPerStudent: hist, decisions: Object.fromEntries(reasons.map((r) => [`${r.outcome}${r.reason ? `:${r.reason}` : ''}`, Number(r.n)])),
      enrolledStudents, studentsWithMoreThanOne, keyGroups: byKey.size, keyMismatches: keyMismatches.length, keyMismatchExamples: keyMismatches.slice(0, 3),
      duplicates: v.duplicates, phantoms: v.phantoms, lost: v.lost, oversellSamples: sampler.violations.length, drift: v.drift,
    });
    expect(h.statusCounts()).toEqual({ 202: STUDENTS * CLICKS });
    expect(keyMismatches).toEqual([]);
    expect(enrolledStudents).toBe(STUDENTS);
    expect(studentsWithMoreThanOne).toBe(0);
    expect(v.committed).toEqual({ 1: STUDENTS });
    expect(v.duplicates).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(v.lostIds).toEqual([]);
    expect(finalMs).toBeGreaterThanOrEqual(0);
    expect(sampler.violations).toEqual([]);
    expect(v.driftExamples).toEqual([]);
    // Every extra request a student got is a refused duplicate, never a second seat.
    for (const r of reasons) if (r.outcome === 'REJECTED') expect(r.reason).toBe('ALREADY_ENROLLED');
  });
});
