import { OpenWindows } from '@app/engine';
import type { TestEnv } from '@app/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { count, smallEngine, type EngineHarness } from './harness.js';

let env: TestEnv;
let h: EngineHarness;
beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 6)); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

/** Accepts and decides one request, returning its final state once durable. */
async function enroll(student: number, section: number, waitlist = false) {
  const { requestId } = await h.acceptAndDecide(student, section, waitlist);
  return (await h.gate.status(student, requestId))!;
}

describe('the Lua gate applies every rule', () => {
  it('enrolls, then refuses the same section again', async () => {
    expect((await enroll(1, 1)).status).toBe('ENROLLED');
    expect(await enroll(1, 1)).toMatchObject({ status: 'REJECTED', reason: 'ALREADY_ENROLLED' });
  });

  it('refuses another section of the same lecture', async () => {
    expect(await enroll(1, 2)).toMatchObject({ status: 'REJECTED', reason: 'SAME_LECTURE_ENROLLED', conflictSectionId: 1 });
  });

  it('refuses a time conflict and names the section it clashes with', async () => {
    expect(await enroll(1, 5)).toMatchObject({ status: 'REJECTED', reason: 'TIME_CONFLICT', conflictSectionId: 1 });
  });

  it('refuses another major’s section but allows general education', async () => {
    expect(await enroll(1, 4)).toMatchObject({ status: 'REJECTED', reason: 'NOT_ELIGIBLE' });
    expect((await enroll(1, 3)).status).toBe('ENROLLED');
  });

  it('refuses past the credit limit (3 + 2 + 3 > 9 is fine, 3 + 2 + 3 + 3 is not)', async () => {
    expect((await enroll(1, 6)).status).toBe('ENROLLED'); // 8 credits of 9
    await env.sql.query('UPDATE section SET capacity = 5 WHERE id = 6');
    expect(await h.scripts.setCapacity(6, 5)).toEqual({ kind: 'set', enrolled: 1 });
    expect(await h.scripts.setCapacity(6, 0)).toEqual({ kind: 'below-enrollment', enrolled: 1 });
    expect((await enroll(2, 1)).status).toBe('ENROLLED');
    expect((await enroll(2, 5)).status).toBe('REJECTED'); // time conflict with 1 first
    expect(await enroll(1, 2)).toMatchObject({ reason: 'SAME_LECTURE_ENROLLED' });
    // a 4-credit lecture on a free day for student 1 (8 + 4 > 9)
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (7, 4, 1, 2, 30)');
    await env.sql.query('INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (7, 6, 1, 1)');
    await h.writer.refresh({ sectionIds: [7], create: true });
    expect(await enroll(1, 7)).toMatchObject({ status: 'REJECTED', reason: 'CREDIT_LIMIT_EXCEEDED' });
  });

  it('refuses a full section, or waitlists when asked', async () => {
    // section 1 has capacity 2: students 1 and 2 hold it
    expect(await enroll(3, 1)).toMatchObject({ status: 'REJECTED', reason: 'SECTION_FULL' });
    expect((await enroll(4, 1, true)).status).toBe('WAITLISTED');
    expect(await count(env, 'SELECT COUNT(*) AS n FROM waitlist_entry WHERE section_id = 1 AND student_id = 4')).toBe(1);
  });

  it('refuses a section that does not exist', async () => {
    expect(await enroll(3, 999)).toMatchObject({ status: 'REJECTED', reason: 'SECTION_NOT_FOUND' });
  });

  it('a drop frees the seat at once and promotes the first waiting student, re-checking the rules', async () => {
    const d = await h.gate.drop(2, 1);
    expect('error' in d).toBe(false);
    const waiting = await h.redis.hget(h.keys.request((d as { promotedRequestId: string }).promotedRequestId), 's');
    expect(waiting).toBe('4');
    await h.watermark.waitFor(Number(await h.redis.get(h.keys.decisionSeq)), 5000);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 1')).toBe(2);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 1 AND student_id = 4')).toBe(1);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM waitlist_entry WHERE section_id = 1')).toBe(0);
    expect(await count(env, 'SELECT enrolled_count AS n FROM section WHERE id = 1')).toBe(2);
    expect(await h.gate.drop(2, 1)).toEqual({ error: 'NOT_ENROLLED' });
  });

  it('refuses outside every window that applies (REGISTRATION_CLOSED), and queues nothing', async () => {
    await env.sql.query("UPDATE open_time SET grades = '[4]'");
    h.windows.invalidate();
    expect(await h.gate.accept(5, 3, null, false)).toEqual({ error: 'REGISTRATION_CLOSED' });
    expect(await h.redis.hget(h.keys.studentPending(5), '3')).toBeNull();
    await env.sql.query('UPDATE open_time SET grades = NULL');
  });

  it('staff enroll decides at once by the same rules', async () => {
    const r = await h.gate.enrollNow(5, 4, 1);
    expect(r).toMatchObject({ status: 'REJECTED', reason: 'NOT_ELIGIBLE' });
    expect(await h.gate.enrollNow(5, 3, 1)).toMatchObject({ status: 'ENROLLED' });
  });

  it('MySQL ends equal to Redis, and every decision is logged once', async () => {
    await h.watermark.waitFor(Number(await h.redis.get(h.keys.decisionSeq)), 5000);
    const report = await h.writer.rebuild({ compare: true });
    expect(report.sectionsDrifted).toBe(0);
    expect(report.studentsDrifted).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM decision_log')).toBe(await count(env, 'SELECT COUNT(DISTINCT request_id) AS n FROM decision_log'));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM section WHERE enrolled_count <> (SELECT COUNT(*) FROM enrollment e WHERE e.section_id = section.id)')).toBe(0);
  });
});

describe('withdrawing a request that still waits (DELETE /api/me/enrollments/:sectionId without a seat there)', () => {
  beforeAll(async () => {
    // A lecture and a one-seat section of their own: nobody here holds either.
    await env.sql.query(`INSERT INTO lecture (id, code, name, credits, major_id) VALUES (9, 'ZZ900', 'Extra', 1, 2)`);
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (9, 9, 2, 9, 1)');
    await h.writer.refresh({ sectionIds: [9], create: true });
  });
  const waitlistRows = (section: number) => count(env, 'SELECT COUNT(*) AS n FROM waitlist_entry WHERE section_id = ?', [section]);

  it('a waitlisted request leaves the waitlist: a later drop gives the seat to the next one, not to them', async () => {
    expect((await enroll(4, 9)).status).toBe('ENROLLED');
    const w5 = await enroll(5, 9, true);
    const w6 = await enroll(6, 9, true);
    expect([w5.status, w6.status]).toEqual(['WAITLISTED', 'WAITLISTED']);
    const out = await h.gate.drop(5, 9);
    expect(out).toEqual({ requestId: w5.requestId, promotedRequestId: null, withdrawn: true });
    expect((await h.gate.status(5, w5.requestId))!.status).toBe('CANCELLED');
    expect(await h.redis.lrange(h.keys.sectionWaitlist(9), 0, -1)).toEqual([w6.requestId]);
    // Before: the withdrawal answered 404 NOT_ENROLLED and this drop promoted student 5 anyway.
    const dropped = await h.gate.drop(4, 9);
    expect(dropped).toMatchObject({ promotedRequestId: w6.requestId, withdrawn: false });
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 9 AND student_id = 5')).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 9 AND student_id = 6')).toBe(1);
    expect(await waitlistRows(9)).toBe(0);
    expect(await count(env, "SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ? AND outcome = 'CANCELLED'", [w5.requestId])).toBe(1);
    // Nothing left to withdraw or drop there for student 5.
    expect(await h.gate.drop(5, 9)).toEqual({ error: 'NOT_ENROLLED' });
  });

  it('a request still in line is withdrawn before its turn: its job finds it CANCELLED, no seat is taken', async () => {
    const a = await h.gate.accept(4, 9, null, false);
    if ('error' in a) throw new Error(a.error);
    expect(await h.gate.drop(4, 9)).toEqual({ requestId: a.view.requestId, promotedRequestId: null, withdrawn: true });
    expect(await h.redis.zscore(h.keys.line, a.view.requestId)).toBeNull();
    const job = await h.decisions.decide(a.view.requestId, a.view.position!);
    expect(job.status).toBe('CANCELLED');
    expect(Number(await h.redis.hget(h.keys.section(9), 'n'))).toBe(1); // student 6 only
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 9 AND student_id = 4')).toBe(0);
    await h.journal.flush();
    expect(await count(env, 'SELECT COUNT(*) AS n FROM intake_journal j LEFT JOIN decision_log d ON d.request_id = j.request_id WHERE j.request_id = ? AND d.request_id IS NULL', [a.view.requestId])).toBe(0);
    // Asked again, it is a new request with a place of its own.
    const again = await enroll(4, 9, true);
    expect(again.requestId).not.toBe(a.view.requestId);
    expect(again.status).toBe('WAITLISTED');
  });

  it("a waitlist entry Redis lost is put back by reconcile from MySQL's rows, and the next drop promotes it", async () => {
    const [waiting] = await h.redis.lrange(h.keys.sectionWaitlist(9), 0, -1);
    expect(waiting).toBeDefined();
    await h.redis.lrem(h.keys.sectionWaitlist(9), 0, waiting!); // drift
    const report = await h.writer.rebuild({ compare: true });
    // Before: the list stayed empty and the reservation was removed as pointing at nothing.
    expect(report.waitlistsRepaired).toBe(1);
    expect(report.reservationsRepaired).toBe(0);
    expect(await h.redis.lrange(h.keys.sectionWaitlist(9), 0, -1)).toEqual([waiting]);
    expect((await h.writer.rebuild({ compare: true })).waitlistsRepaired).toBe(0);
    expect(await h.gate.drop(6, 9)).toMatchObject({ promotedRequestId: waiting, withdrawn: false });
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 9 AND student_id = 4')).toBe(1);
  });
});

describe('registration windows', () => {
  it("a window that ends in 2 hours is open whatever the MySQL server's time zone (the columns hold UTC)", async () => {
    await env.sql.query(`INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ('tz', ?, ?, NULL, NULL, 'FIFO')`,
      [new Date(Date.now() - 3600_000), new Date(Date.now() + 2 * 3600_000)]);
    // A session in KST, as on a MariaDB whose system time zone is Asia/Seoul.
    const runner = h.ds.createQueryRunner();
    try {
      await runner.query("SET time_zone = '+09:00'");
      const windows = new OpenWindows({ query: (sql: string, params?: unknown[]) => runner.query(sql, params) } as unknown as DataSource, 0);
      const open = (await windows.all()).filter((w) => w.name === 'tz');
      expect(open).toHaveLength(1);
      expect(await windows.openFor({ grade: 1, majorId: 1 })).not.toBeNull();
    } finally {
      await runner.release();
      await env.sql.query("DELETE FROM open_time WHERE name = 'tz'");
    }
  });
});
