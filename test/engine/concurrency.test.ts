import { createTestEnv, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { count, engineHarness, openWindow, type EngineHarness } from './harness.js';

let env: TestEnv;
let h: EngineHarness;
const STUDENTS = 2000;

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  const q = (sql: string, p: unknown[] = []) => env.sql.query(sql, p);
  await q(`INSERT INTO major (id, name, general_education) VALUES (1, 'CS', 0)`);
  await q(`INSERT INTO professor (id, name, major_id) VALUES (1, 'P', 1)`);
  await q(`INSERT INTO lecture (id, code, name, credits, major_id) VALUES (1, 'CS1', 'Hot', 3, 1), (2, 'CS2', 'Other', 3, 1)`);
  await q(`INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (1, 1, 1, 1, 50), (2, 2, 1, 1, 500)`);
  await q(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (1, 1, 1, 2), (2, 2, 1, 2)`);
  const rows = Array.from({ length: STUDENTS }, (_, i) => [i + 1, `S${i + 1}`, 'n', 'e', 'h', 1, 1, 18]);
  await q(`INSERT INTO student (id, student_no, name, email, password_hash, major_id, grade, max_credits) VALUES ${rows.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`, rows.flat());
  await openWindow(env);
  h = await engineHarness(env, { batchRows: 200, batchMs: 5 });
  await h.writer.rebuild({ compare: false });
  h.committer.start();
});
afterAll(async () => { await h?.close(); await env?.cleanup(); });

describe('under concurrency', () => {
  it('2,000 concurrent requests for 50 seats: exactly 50 enrolled, seats given in line order', async () => {
    const accepted = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => h.gate.accept(i + 1, 1, null, false)));
    const views = accepted.map((a) => { if ('error' in a) throw new Error(a.error); return a.view; });
    // Decide with 50 concurrent "jobs" in a shuffled order, as parallel workers would.
    const order = [...views].sort(() => Math.random() - 0.5);
    let next = 0;
    const calls0 = h.decideCalls.n;
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < order.length) { const v = order[next++]!; await h.decisions.decide(v.requestId, v.position!); }
    }));
    // The jobs waiting on a call share the next one (DecideCoalescer): far fewer calls than jobs.
    const calls = h.decideCalls.n - calls0;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(STUDENTS / 4);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 1')).toBe(50);
    expect(await count(env, 'SELECT enrolled_count AS n FROM section WHERE id = 1')).toBe(50);
    expect(await count(env, "SELECT COUNT(*) AS n FROM decision_log WHERE section_id = 1 AND outcome = 'REJECTED' AND reason = 'SECTION_FULL'")).toBe(STUDENTS - 50);
    // Fairness: no rejected request stood before an enrolled one in line.
    const [rows] = (await env.sql.query('SELECT outcome, position FROM decision_log WHERE section_id = 1 ORDER BY position')) as unknown as [{ outcome: string }[]];
    const lastEnrolled = rows.map((r) => r.outcome).lastIndexOf('ENROLLED');
    const firstRejected = rows.map((r) => r.outcome).indexOf('REJECTED');
    expect(lastEnrolled).toBe(49);
    expect(firstRejected).toBe(50);
    const avgRows = h.batches.reduce((s, b) => s + b.rows, 0) / h.batches.length;
    console.log(`2,000 decisions in ${calls} decide calls, committed in ${h.batches.length} batches (avg ${avgRows.toFixed(0)} rows)`);
  });

  it('one student clicking 20 times at once gets one place in line and one enrollment', async () => {
    const res = await Promise.all(Array.from({ length: 20 }, () => h.gate.accept(7, 2, null, false)));
    const ids = new Set(res.map((r) => ('error' in r ? r.error : r.view.requestId)));
    expect(ids.size).toBe(1);
    const v = (res[0] as { view: { requestId: string; position: number } }).view;
    await Promise.all(Array.from({ length: 3 }, () => h.decisions.decide(v.requestId, v.position)));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 7 AND section_id = 2')).toBe(1);
  });

  it('the same Idempotency-Key returns the same request', async () => {
    const a = await h.gate.accept(8, 2, 'key-1', false);
    const b = await h.gate.accept(8, 2, 'key-1', false);
    expect('view' in a && 'view' in b && a.view.requestId === b.view.requestId).toBe(true);
  });

  it('the same job delivered twice, and a replayed batch, write one row', async () => {
    const a = await h.gate.accept(9, 2, null, false);
    if ('error' in a) throw new Error(a.error);
    const first = await h.decisions.decide(a.view.requestId, a.view.position!);
    const again = await h.decisions.decide(a.view.requestId, a.view.position!);
    expect(again).toMatchObject({ status: first.status, seq: first.seq });
    // Replay the whole stream tail from the start: the cursor makes it a no-op.
    const replay = await h.commits.commit([
      { seq: first.seq, requestId: a.view.requestId, studentId: 9, sectionId: 2, action: 'ENROLL', outcome: 'ENROLLED', reason: null, position: a.view.position!, lectureId: 2, credits: 3, decidedAt: Date.now(), acceptedAt: null, promoted: false, staffId: null },
    ]);
    expect(replay.written).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 9 AND section_id = 2')).toBe(1);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ?', [a.view.requestId])).toBe(1);
  });

  it('reconcile repairs injected drift, and a second run changes nothing', async () => {
    await h.redis.hset(h.keys.section(1), 'n', '3');
    await h.redis.hset(h.keys.student(5), 'cr', '17');
    await h.redis.hdel(h.keys.studentSections(9), '2');
    // Orphaned reservations: one at no request, one at a queued request that fell out of the line.
    await h.redis.hset(h.keys.studentPending(12), '3', 'no-such-request');
    const a = await h.gate.accept(13, 3, null, false);
    if ('error' in a) throw new Error(a.error);
    await h.redis.zrem(h.keys.line, a.view.requestId);
    const first = await h.writer.rebuild({ compare: true });
    expect(first.sectionsDrifted).toBe(1);
    expect(first.studentsDrifted).toBe(2);
    expect(first.reservationsRepaired).toBe(2);
    expect(await h.redis.hget(h.keys.studentPending(12), '3')).toBeNull();
    expect(Number(await h.redis.zscore(h.keys.line, a.view.requestId))).toBe(a.view.position);
    const second = await h.writer.rebuild({ compare: true });
    expect(second.sectionsDrifted + second.studentsDrifted + second.reservationsRepaired).toBe(0);
    // Back in line, it is decided (by the rules, whatever they say) instead of waiting forever.
    expect((await h.decisions.decide(a.view.requestId, a.view.position!)).status).toMatch(/^(ENROLLED|REJECTED)$/);
    expect(await h.redis.hget(h.keys.section(1), 'n')).toBe('50');
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 1')).toBe(50);
  });

  it('after Redis loses its state, no seat is granted and no place handed out until it is rebuilt from MySQL', async () => {
    const a = await h.gate.accept(10, 2, null, false);
    if ('error' in a) throw new Error(a.error);
    await h.journal.flush();
    await h.redis.del(h.keys.epoch);
    expect(await h.gate.accept(11, 2, null, false)).toEqual({ error: 'NOT_READY' });
    await expect(h.decisions.decide(a.view.requestId, a.view.position!)).rejects.toThrow(/paused/);
    expect(await h.redis.hget(h.keys.request(a.view.requestId), 'st')).toBe('QUEUED');
    const report = await h.writer.rebuild({ compare: false });
    expect(report.redriven.map((r) => r.requestId)).toContain(a.view.requestId);
    expect((await h.decisions.decide(a.view.requestId, a.view.position!)).status).toBe('ENROLLED');
  });

  it('two rebuilds at once (a reconcile while a prime runs): the engine stays paused until both are done', async () => {
    const paused = async () => (await h.redis.exists(h.keys.paused)) === 1;
    // The first holds its rebuild open (its drain step waits on us) after pausing the engine.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstAt = 0;
    const first = h.writer.rebuild({ compare: true, waitForCommitted: () => held }).then((r) => { firstAt = Date.now(); return r; });
    for (let i = 0; i < 50 && !(await paused()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await paused()).toBe(true);
    // The second waits for the first instead of running alongside it: lifting the pause when it
    // finished would let decisions read the first one's half-written state.
    let secondAt = 0;
    const second = h.writer.rebuild({ compare: true }).then((r) => { secondAt = Date.now(); return r; });
    await new Promise((r) => setTimeout(r, 400));
    expect(secondAt).toBe(0);
    expect(await paused()).toBe(true);
    expect(await h.gate.accept(12, 2, null, false)).toEqual({ error: 'NOT_READY' });
    release();
    await Promise.all([first, second]);
    expect(secondAt).toBeGreaterThanOrEqual(firstAt);
    expect(await paused()).toBe(false);
    expect(await h.redis.exists(h.keys.rebuildLock)).toBe(0);
    // One that cannot get the lock in time says so, and leaves the holder's pause alone.
    await h.redis.set(h.keys.rebuildLock, 'someone-else', 'PX', 5000);
    await expect(h.writer.rebuild({ compare: true, lockWaitMs: 200 })).rejects.toThrow(/another rebuild/);
    expect(await h.redis.get(h.keys.rebuildLock)).toBe('someone-else');
    await h.redis.del(h.keys.rebuildLock);
  });
});
