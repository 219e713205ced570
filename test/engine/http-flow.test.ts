import { Channel, QueueName } from '@app/contracts';
import { RedisKeys } from '@app/redis';
import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { FEED_IDLE_MS } from '../../apps/api/src/enrollment/decision-feed.js';
import { startWorker } from '../../apps/worker/src/bootstrap.js';

let env: TestEnv;
let api: NestFastifyApplication;
let worker: NestFastifyApplication;
let base: string;
const DRAW_MS = 2000;

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  await runSeed(env.config.database, { students: 200, sections: 60, majors: 5, seed: 3 });
  // RANDOM_AT_OPEN windows (the last describe) draw after 2 s instead of the default 10.
  const config = { ...env.config, engine: { ...env.config.engine, drawPeriodMs: DRAW_MS } };
  worker = await startWorker(config);
  api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  base = await api.getUrl();
  base = base.replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await api?.close();
  await worker?.close();
  await env?.cleanup();
});

async function call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function loginStudent(id: number): Promise<string> {
  const [[row]] = (await env.sql.query('SELECT student_no FROM student WHERE id = ?', [id])) as unknown as [[{ student_no: string }]];
  const r = await call('POST', '/api/auth/student/login', undefined, { studentNo: row.student_no, password: 'student1234!' });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const enrolledRows = async (student: number, section: number) =>
  Number(((await env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = ? AND section_id = ?', [student, section])) as unknown as [[{ n: number }]])[0][0].n);
const staffToken = async () => (await call('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' })).body.accessToken as string;

describe('enrollment over HTTP, with a real worker', () => {
  it('accepts with 202 and a place in line, decides, and the enrollment is durable', async () => {
    const token = await loginStudent(1);
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id LIMIT 1`,
    )) as unknown as [[{ id: number }]];
    const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id }, { 'Idempotency-Key': 'k1' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ sectionId: sec.id, status: 'QUEUED' });
    expect(r.body.position).toBeGreaterThan(0);
    const again = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id }, { 'Idempotency-Key': 'k1' });
    expect(again.body.requestId).toBe(r.body.requestId);

    const final = await until(() => call('GET', `/api/me/requests/${r.body.requestId}`, token), (v) => v.body?.status !== 'QUEUED');
    expect(final.body.status).toBe('ENROLLED');
    const rows = await until(async () => ((await env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 1 AND section_id = ?', [sec.id])) as unknown as [[{ n: number }]])[0][0].n, (n) => Number(n) === 1);
    expect(Number(rows)).toBe(1);
    // The key again, once decided: the request as it stands now, with the place it had and no ETA.
    const replay = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id }, { 'Idempotency-Key': 'k1' });
    expect(replay).toMatchObject({ status: 202, body: { requestId: r.body.requestId, sectionId: sec.id, status: 'ENROLLED', position: r.body.position } });
    expect(replay.body.etaSeconds).toBeUndefined();
    // The same key for another section is not a retry of this request: 409, and nothing is queued for that section.
    const reused = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id + 1 }, { 'Idempotency-Key': 'k1' });
    expect(reused).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(reused.body.message).toContain(r.body.requestId);
    expect(await env.redis.hget(new RedisKeys(env.config.redis.prefix).studentPending(1), String(sec.id + 1))).toBeNull();

    const drop = await call('DELETE', `/api/me/enrollments/${sec.id}`, token);
    expect(drop.status).toBe(200);
    expect(drop.body.status).toBe('DROPPED');
    expect((await call('DELETE', `/api/me/enrollments/${sec.id}`, token)).body.code).toBe('NOT_ENROLLED');
  });

  it("another student's request answers 404, bad input 400, no token 401", async () => {
    const t1 = await loginStudent(1);
    const t2 = await loginStudent(2);
    const r = await call('POST', '/api/me/enrollments', t1, { sectionId: 2 });
    expect(r.status).toBe(202);
    expect((await call('GET', `/api/me/requests/${r.body.requestId}`, t2)).status).toBe(404);
    const bad = await call('POST', '/api/me/enrollments', t1, { sectionId: 'x', studentId: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/api/me/enrollments', undefined, { sectionId: 2 })).status).toBe(401);
  });

  it('refuses with 403 REGISTRATION_CLOSED outside the window; a retry with the key of a request made inside it gets that request', async () => {
    const t = await loginStudent(3);
    const early = await call('POST', '/api/me/enrollments', t, { sectionId: 4 }, { 'Idempotency-Key': 'late-retry' });
    expect(early.status).toBe(202);
    await env.sql.query('DELETE FROM cart_item WHERE student_id = 3');
    await env.sql.query('UPDATE open_time SET starts_at = DATE_ADD(NOW(3), INTERVAL 1 DAY), ends_at = DATE_ADD(NOW(3), INTERVAL 2 DAY)');
    await new Promise((r) => setTimeout(r, 2100)); // the window cache lives 2 s
    const r = await call('POST', '/api/me/enrollments', t, { sectionId: 3 });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('REGISTRATION_CLOSED');
    // Its first answer lost, the client retries with the same key: the same request, not a 403.
    expect(await call('POST', '/api/me/enrollments', t, { sectionId: 4 }, { 'Idempotency-Key': 'late-retry' })).toMatchObject({ status: 202, body: { requestId: early.body.requestId } });
    expect((await call('POST', '/api/me/enrollments', t, { sectionId: 4 }, { 'Idempotency-Key': 'another' })).status).toBe(403);
    // From an empty cart: still 403 outside the window (it was 202 with no requests).
    expect(await call('POST', '/api/me/enrollments/from-cart', t, {})).toMatchObject({ status: 403, body: { code: 'REGISTRATION_CLOSED' } });
  });

  it('staff see the queue', async () => {
    const login = await call('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' });
    const q = await call('GET', '/api/admin/queue', login.body.accessToken);
    expect(q.status).toBe(200);
    expect(q.body).toHaveProperty('waiting');
    expect(q.body).toHaveProperty('decidedPerSecond');
  });

  it('staff acting for a student: an unknown student is 404, a section not held is 404 in staff words, a bad id is 400', async () => {
    const login = await call('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' });
    const t = login.body.accessToken;
    const unknown = await call('POST', '/api/admin/students/999999/enrollments', t, { sectionId: 1 });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const notHeld = await call('DELETE', '/api/admin/students/2/enrollments/6', t);
    expect(notHeld).toMatchObject({ status: 404, body: { code: 'NOT_ENROLLED', message: 'The student is not enrolled in this section.' } });
    const unknownDrop = await call('DELETE', '/api/admin/students/999999/enrollments/6', t);
    expect(unknownDrop).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    for (const bad of ['0', '-1', '1e20']) {
      const r = await call('DELETE', `/api/admin/students/${bad}/enrollments/1`, t);
      expect(r).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});

/** Reads a text/event-stream into parsed events until `stop` says so (or the time is up). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event payloads are checked by the assertions
type SseEvent = { event: string; data: any };
async function readEvents(res: Response, stop: (events: SseEvent[]) => boolean, ms = 15_000) {
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const end = Date.now() + ms;
  while (Date.now() < end && !stop(events)) {
    const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), end - Date.now()))]);
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel().catch(() => {});
  return events;
}

describe('the SSE stream (GET /api/me/requests/stream)', () => {
  beforeAll(async () => {
    // An earlier test closed the window; reopen it (the API caches windows for 2 s).
    await env.sql.query('UPDATE open_time SET starts_at = DATE_SUB(NOW(3), INTERVAL 1 HOUR), ends_at = DATE_ADD(NOW(3), INTERVAL 1 DAY)');
    await new Promise((r) => setTimeout(r, 2100));
  });
  const numsub = async (channel: string) => Number(((await env.redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
  const decisionsChannel = () => new RedisKeys(env.config.redis.prefix).channel(Channel.DECISIONS);

  it('sends the place in line, then the decision; the API listens to decisions only while a stream is open', async () => {
    expect(await numsub(decisionsChannel())).toBe(0);
    const token = await loginStudent(11);
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id DESC LIMIT 1`,
    )) as unknown as [[{ id: number }]];
    const ac = new AbortController();
    const res = await fetch(`${base}/api/me/requests/stream`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    let requestId = '';
    const events = await readEvents(res, (ev) => {
      if (!requestId && ev.some((e) => e.event === 'position')) {
        requestId = 'pending';
        void call('POST', '/api/me/enrollments', token, { sectionId: sec.id }).then((r) => { expect(r.status).toBe(202); requestId = r.body.requestId; });
      }
      return ev.some((e) => e.event === 'decision' && e.data.requestId === requestId);
    });
    ac.abort();
    const first = events.find((e) => e.event === 'position');
    expect(first?.data).toMatchObject({ decidedUpTo: expect.any(Number), requests: expect.any(Array) });
    const decision = events.find((e) => e.event === 'decision' && e.data.requestId === requestId);
    expect(decision?.data).toMatchObject({ requestId, sectionId: sec.id, status: expect.stringMatching(/^(ENROLLED|REJECTED|WAITLISTED)$/) });
    expect(await numsub(decisionsChannel())).toBe(1);
    // The last stream closed: the subscription goes after FEED_IDLE_MS.
    const after = await until(() => numsub(decisionsChannel()), (n) => n === 0, FEED_IDLE_MS + 5000);
    expect(after).toBe(0);
  });

  it('a stream opened while a request waits lists it with its place, then sends its decision', async () => {
    const token = await loginStudent(12);
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id DESC LIMIT 1 OFFSET 1`,
    )) as unknown as [[{ id: number }]];
    // The queue paused (as an operator would): the request waits in line, undecided.
    const queue = new Queue(QueueName.ENROLLMENT, { connection: env.redis.duplicate(), prefix: new RedisKeys(env.config.redis.prefix).bullPrefix });
    await queue.pause();
    try {
      const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
      expect(r.status).toBe(202);
      const res = await fetch(`${base}/api/me/requests/stream`, { headers: { authorization: `Bearer ${token}` } });
      let resumed = false;
      const events = await readEvents(res, (ev) => {
        if (!resumed && ev.some((e) => e.event === 'position')) { resumed = true; void queue.resume(); }
        return ev.some((e) => e.event === 'decision');
      });
      const pos = events.find((e) => e.event === 'position');
      expect(pos?.data.requests).toEqual([expect.objectContaining({ requestId: r.body.requestId, position: r.body.position, ahead: expect.any(Number) })]);
      expect(events.find((e) => e.event === 'decision')?.data).toMatchObject({ requestId: r.body.requestId, sectionId: sec.id });
    } finally {
      await queue.resume();
      await queue.close();
    }
  });
});

describe('staff deleting a section or a student while Redis holds a seat MySQL has not seen yet', () => {
  const exists = async (table: 'section' | 'student', id: number) =>
    Number(((await env.sql.query(`SELECT COUNT(*) AS n FROM ${table} WHERE id = ?`, [id])) as unknown as [[{ n: number }]])[0][0].n) === 1;
  /** Runs `fn` while no batch can commit: the committer waits for the cursor row this transaction locks. */
  async function withCommitsHeld(fn: () => Promise<void>): Promise<void> {
    const lock = await env.sql.getConnection();
    await lock.query('START TRANSACTION');
    await lock.query('SELECT committed_seq FROM engine_cursor FOR UPDATE');
    try {
      await fn();
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
    }
  }

  it('answers 409 IN_USE and deletes nothing; a student holding nothing is deleted, and a request from their live token is decided without stopping the commits', async () => {
    const staff = await staffToken();
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id DESC LIMIT 1`,
    )) as unknown as [[{ id: number }]];
    const student = 150;
    const token = await loginStudent(student);
    await withCommitsHeld(async () => {
      const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
      expect(r.status).toBe(202);
      const decided = await until(() => call('GET', `/api/me/requests/${r.body.requestId}`, token), (v) => v.body?.status !== 'QUEUED');
      expect(decided.body.status).toBe('ENROLLED');
      expect(await enrolledRows(student, sec.id)).toBe(0); // decided in Redis, not durable yet
      expect(await call('DELETE', `/api/admin/sections/${sec.id}`, staff)).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
      expect(await call('DELETE', `/api/admin/students/${student}`, staff)).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
      // Nor may the lecture's credits change under that seat (a drop would take back the new ones).
      const [[lec]] = (await env.sql.query('SELECT l.id, l.credits FROM section s JOIN lecture l ON l.id = s.lecture_id WHERE s.id = ?', [sec.id])) as unknown as [[{ id: number; credits: number }]];
      expect(await call('PATCH', `/api/admin/lectures/${lec.id}`, staff, { credits: lec.credits === 3 ? 2 : 3 })).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
      expect(Number(((await env.sql.query('SELECT credits FROM lecture WHERE id = ?', [lec.id])) as unknown as [[{ credits: number }]])[0][0].credits)).toBe(lec.credits);
      // Nor may the section move its meetings or change its lecture under that seat.
      expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { meetings: [{ day: 7, startPeriod: 29, endPeriod: 30 }] })).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
      const [spare] = (await env.sql.query(
        "INSERT INTO lecture (code, name, credits, major_id) SELECT 'SPARE1', 'Spare', credits, major_id FROM lecture WHERE id = ?", [lec.id],
      )) as unknown as [{ insertId: number }];
      const otherLecture = { id: spare.insertId };
      expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { lectureId: otherLecture.id })).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
      expect(Number(((await env.sql.query('SELECT lecture_id FROM section WHERE id = ?', [sec.id])) as unknown as [[{ lecture_id: number }]])[0][0].lecture_id)).toBe(lec.id);
      // Nor may the student's credit limit drop below the credits that seat holds.
      expect(await call('PATCH', `/api/admin/students/${student}`, staff, { maxCredits: 1 })).toMatchObject({ status: 409, body: { code: 'CREDITS_BELOW_ENROLLMENT' } });
    });
    expect(await until(() => enrolledRows(student, sec.id), (n) => n === 1)).toBe(1);
    expect(await exists('section', sec.id)).toBe(true);
    expect(await exists('student', student)).toBe(true);

    // A student who holds nothing is deleted; their token still verifies until it expires.
    const gone = 151;
    const goneToken = await loginStudent(gone);
    expect((await call('DELETE', `/api/admin/students/${gone}`, staff)).status).toBe(204);
    const late = await call('POST', '/api/me/enrollments', goneToken, { sectionId: sec.id });
    expect(late.status).toBeLessThan(500);
    if (late.status === 202) {
      // Accepted on a cached profile: decided NOT_ELIGIBLE (Redis no longer has the student), and logged.
      const v = await until(() => call('GET', `/api/me/requests/${late.body.requestId}`, goneToken), (x) => x.body?.status !== 'QUEUED');
      expect(v.body).toMatchObject({ status: 'REJECTED', reason: 'NOT_ELIGIBLE' });
    } else {
      expect(late.body.code).toBe('NOT_FOUND');
    }
    // Everyone else's decisions still become durable.
    const next = 152;
    const n = await call('POST', '/api/me/enrollments', await loginStudent(next), { sectionId: sec.id });
    expect(n.status).toBe(202);
    expect(await until(() => enrolledRows(next, sec.id), (x) => x === 1)).toBe(1);
  });

  it('a student whose grant and drop are both still on their way to MySQL: the delete waits for them, is refused for the history, and the commits go on', async () => {
    const staff = await staffToken();
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id
       WHERE m.general_education = 1 AND s.enrolled_count = 0 AND s.capacity > 0 ORDER BY s.id LIMIT 1`,
    )) as unknown as [[{ id: number }]];
    const student = 154;
    const token = await loginStudent(student);
    let deleting: Promise<{ status: number; body: { code?: string } }>;
    await withCommitsHeld(async () => {
      const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
      await until(() => call('GET', `/api/me/requests/${r.body.requestId}`, token), (v) => v.body?.status === 'ENROLLED');
      expect((await call('DELETE', `/api/me/enrollments/${sec.id}`, token)).status).toBe(200); // seat free in Redis, neither row in MySQL
      deleting = call('DELETE', `/api/admin/students/${student}`, staff);
      await new Promise((res) => setTimeout(res, 300));
    });
    // Both decisions commit (the student still exists in MySQL), then MySQL judges the delete.
    expect(await deleting!).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
    const [[row]] = (await env.sql.query('SELECT enrolled_count AS n, (SELECT COUNT(*) FROM enrollment WHERE section_id = ?) AS rows_ FROM section WHERE id = ?', [sec.id, sec.id])) as unknown as [[{ n: number; rows_: number }]];
    expect(Number(row.n)).toBe(Number(row.rows_));
    const next = 155;
    const n = await call('POST', '/api/me/enrollments', await loginStudent(next), { sectionId: sec.id });
    expect(n.status).toBe(202);
    expect(await until(() => enrolledRows(next, sec.id), (x) => x === 1)).toBe(1);
    // Refused in MySQL, so back in Redis: the student can enroll again.
    const again = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
    expect(again.status).toBe(202);
    expect((await until(() => call('GET', `/api/me/requests/${again.body.requestId}`, token), (v) => v.body?.status !== 'QUEUED')).body.status).toBe('ENROLLED');
  });

  it('a delete MySQL would refuse (history, a cart) is refused before Redis lets the student or section go', async () => {
    const staff = await staffToken();
    const keys = new RedisKeys(env.config.redis.prefix);
    // Student 150 has a committed enrollment (the first test); section 1 is in a cart.
    expect(await call('DELETE', '/api/admin/students/150', staff)).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
    expect(await env.redis.exists(keys.student(150))).toBe(1);
    expect(await env.redis.hget(keys.student(150), 'del')).toBeNull();
    await env.sql.query('INSERT INTO cart_item (student_id, section_id) VALUES (156, ?)', [1]);
    expect(await call('DELETE', '/api/admin/sections/1', staff)).toMatchObject({ status: 409, body: { code: 'IN_USE' } });
    expect(await env.redis.hget(keys.section(1), 'del')).toBeNull();
  });

  it("a lecture nobody holds a seat in takes new credits, in MySQL and in Redis's sections", async () => {
    const staff = await staffToken();
    const [[lec]] = (await env.sql.query(
      `SELECT l.id, l.credits, MIN(s.id) AS sectionId FROM lecture l JOIN section s ON s.lecture_id = l.id
       WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.lecture_id = l.id) GROUP BY l.id, l.credits ORDER BY l.id LIMIT 1`,
    )) as unknown as [[{ id: number; credits: number; sectionId: number }]];
    const credits = lec.credits === 3 ? 2 : 3;
    expect(await call('PATCH', `/api/admin/lectures/${lec.id}`, staff, { credits })).toMatchObject({ status: 200, body: { credits } });
    expect(await env.redis.hget(new RedisKeys(env.config.redis.prefix).section(lec.sectionId), 'cr')).toBe(String(credits));
  });

  it("a lecture moved to another major moves every one of its sections in Redis (one reload for all)", async () => {
    const staff = await staffToken();
    const [[lec]] = (await env.sql.query(
      `SELECT l.id, l.major_id AS majorId FROM lecture l JOIN section s ON s.lecture_id = l.id GROUP BY l.id, l.major_id HAVING COUNT(*) >= 2 ORDER BY l.id LIMIT 1`,
    )) as unknown as [[{ id: number; majorId: number }]];
    const [[other]] = (await env.sql.query('SELECT id FROM major WHERE id <> ? ORDER BY id LIMIT 1', [lec.majorId])) as unknown as [[{ id: number }]];
    const [sections] = (await env.sql.query('SELECT id FROM section WHERE lecture_id = ? ORDER BY id', [lec.id])) as unknown as [{ id: number }[]];
    const keys = new RedisKeys(env.config.redis.prefix);
    expect(await call('PATCH', `/api/admin/lectures/${lec.id}`, staff, { majorId: other.id })).toMatchObject({ status: 200, body: { majorId: other.id } });
    for (const s of sections) expect(await env.redis.hget(keys.section(s.id), 'maj')).toBe(String(other.id));
    expect(await call('PATCH', `/api/admin/lectures/${lec.id}`, staff, { majorId: lec.majorId })).toMatchObject({ status: 200 });
    for (const s of sections) expect(await env.redis.hget(keys.section(s.id), 'maj')).toBe(String(lec.majorId));
  });

  it('a section nobody holds or awaits is deleted from MySQL and Redis: a request for it is then SECTION_NOT_FOUND', async () => {
    const staff = await staffToken();
    const [[free]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id
       WHERE m.general_education = 1 AND NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.section_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM cart_item c WHERE c.section_id = s.id) AND NOT EXISTS (SELECT 1 FROM waitlist_entry w WHERE w.section_id = s.id)
       ORDER BY s.id LIMIT 1`,
    )) as unknown as [[{ id: number }]];
    expect((await call('DELETE', `/api/admin/sections/${free.id}`, staff)).status).toBe(204);
    expect(await exists('section', free.id)).toBe(false);
    const token = await loginStudent(153);
    const r = await call('POST', '/api/me/enrollments', token, { sectionId: free.id });
    expect(r.status).toBe(202);
    const v = await until(() => call('GET', `/api/me/requests/${r.body.requestId}`, token), (x) => x.body?.status !== 'QUEUED');
    expect(v.body).toMatchObject({ status: 'REJECTED', reason: 'SECTION_NOT_FOUND' });
  });
});

describe('staff edits held until MySQL has them: no seat is granted with a change MySQL then refuses', () => {
  const keys = () => new RedisKeys(env.config.redis.prefix);
  /** A GE section nobody holds, waits for or has in a cart (each test takes the next). */
  async function freeSection(skip: number[]): Promise<{ id: number; capacity: number }> {
    const [[sec]] = (await env.sql.query(
      `SELECT s.id, s.capacity FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id
       WHERE m.general_education = 1 AND NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.section_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM waitlist_entry w WHERE w.section_id = s.id) AND s.id NOT IN (?)
       ORDER BY s.id LIMIT 1`, [skip.length ? skip : [0]],
    )) as unknown as [[{ id: number; capacity: number }]];
    return sec;
  }
  const used: number[] = [];
  /** Every staff change's MySQL transaction fails, `ms` after its last statement (its audit row), while `fn` runs. */
  async function withFailingCommits(ms: number, fn: () => Promise<void>): Promise<void> {
    await env.sql.query('DROP TRIGGER IF EXISTS audit_fails');
    await env.sql.query(`CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log FOR EACH ROW BEGIN DO SLEEP(${ms / 1000}); SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected: the commit fails'; END`);
    try { await fn(); } finally { await env.sql.query('DROP TRIGGER IF EXISTS audit_fails'); }
  }
  const decided = (token: string, requestId: string) => until(() => call('GET', `/api/me/requests/${requestId}`, token), (v) => v.body?.status !== 'QUEUED');

  it('a capacity raise whose commit fails: a request decided meanwhile waits for the undo and finds the old capacity (before: a seat past it, and the undo refused)', async () => {
    const staff = await staffToken();
    const sec = await freeSection(used);
    used.push(sec.id);
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 1, minimum: 0 })).toMatchObject({ status: 200 });
    const first = await loginStudent(170);
    const r1 = await call('POST', '/api/me/enrollments', first, { sectionId: sec.id });
    expect((await decided(first, r1.body.requestId)).body.status).toBe('ENROLLED');
    expect(await until(() => enrolledRows(170, sec.id), (n) => n === 1)).toBe(1);

    const second = await loginStudent(171);
    let r2: Awaited<ReturnType<typeof call>> | undefined;
    await withFailingCommits(1500, async () => {
      const patch = call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 3 });
      // Redis has taken the new capacity (and holds the section) while MySQL's transaction waits to fail.
      expect(await until(() => env.redis.hmget(keys().section(sec.id), 'cap', 'hold'), ([cap, hold]) => cap === '3' && hold !== null, 5000)).toEqual(['3', expect.any(String)]);
      r2 = await call('POST', '/api/me/enrollments', second, { sectionId: sec.id });
      expect(r2.status).toBe(202);
      expect((await patch).status).toBeGreaterThanOrEqual(500);
    });
    expect((await decided(second, r2!.body.requestId)).body).toMatchObject({ status: 'REJECTED', reason: 'SECTION_FULL' });
    expect(await env.redis.hmget(keys().section(sec.id), 'cap', 'n', 'hold')).toEqual(['1', '1', null]);
    expect(Number(((await env.sql.query('SELECT capacity FROM section WHERE id = ?', [sec.id])) as unknown as [[{ capacity: number }]])[0][0].capacity)).toBe(1);
    expect(await enrolledRows(171, sec.id)).toBe(0);
    expect(await env.redis.zcard(keys().holds)).toBe(0);
  });

  it("moved meetings whose commit fails: a grant meanwhile is made with the meetings MySQL kept, so the student's timetable matches them (before: built from the new ones)", async () => {
    const staff = await staffToken();
    const sec = await freeSection(used);
    used.push(sec.id);
    const oldSlots = await env.redis.hget(keys().section(sec.id), 'slots');
    const token = await loginStudent(172);
    let r: Awaited<ReturnType<typeof call>> | undefined;
    await withFailingCommits(1500, async () => {
      const patch = call('PATCH', `/api/admin/sections/${sec.id}`, staff, { meetings: [{ day: 6, startPeriod: 27, endPeriod: 28 }] });
      expect(await until(() => env.redis.hget(keys().section(sec.id), 'hold'), (hold) => hold !== null, 5000)).not.toBeNull();
      expect(await env.redis.hget(keys().section(sec.id), 'slots')).not.toBe(oldSlots);
      r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
      expect(r.status).toBe(202);
      expect((await patch).status).toBeGreaterThanOrEqual(500);
    });
    expect((await decided(token, r!.body.requestId)).body.status).toBe('ENROLLED');
    expect(await env.redis.hget(keys().section(sec.id), 'slots')).toBe(oldSlots);
    const timetable = (await env.redis.hkeys(keys().studentSlots(172))).map(Number).sort((a, b) => a - b);
    expect(timetable).toEqual((oldSlots ?? '').split(',').filter(Boolean).map(Number).sort((a, b) => a - b));
    expect(await env.redis.hexists(keys().section(sec.id), 'hold')).toBe(0);
  });

  it('a staff transaction that outlives its hold rolls back (503) instead of committing under decisions made meanwhile; the commits go on', async () => {
    const staff = await staffToken();
    const sec = await freeSection(used);
    used.push(sec.id);
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 5, minimum: 0 })).toMatchObject({ status: 200 });
    const tokens = await Promise.all([181, 182, 183].map((id) => loginStudent(id)));
    let patch: Awaited<ReturnType<typeof call>> | undefined;
    const requests: string[] = [];
    await env.sql.query('DROP TRIGGER IF EXISTS audit_slow');
    // The staff transaction takes 6.5 s past its last statement: longer than the hold (5 s).
    await env.sql.query('CREATE TRIGGER audit_slow BEFORE INSERT ON audit_log FOR EACH ROW DO SLEEP(6.5)');
    try {
      const pending = call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 1 });
      expect(await until(() => env.redis.hget(keys().section(sec.id), 'hold'), (hold) => hold !== null, 5000)).not.toBeNull();
      for (const t of tokens) requests.push((await call('POST', '/api/me/enrollments', t, { sectionId: sec.id })).body.requestId);
      // The hold lapses; the worker reloads the section from MySQL (capacity 5) and the three are decided with it.
      for (const [i, t] of tokens.entries()) expect((await decided(t, requests[i]!)).body.status).toBe('ENROLLED');
      patch = await pending;
    } finally {
      await env.sql.query('DROP TRIGGER IF EXISTS audit_slow');
    }
    // Before: the PATCH committed capacity 1 under three seats; Redis kept 5, and the committer retried a
    // batch that broke ck_section_enrolled for good.
    expect(patch).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    const [[row]] = (await env.sql.query('SELECT capacity FROM section WHERE id = ?', [sec.id])) as unknown as [[{ capacity: number }]];
    expect(Number(row.capacity)).toBe(5);
    expect(await env.redis.hget(keys().section(sec.id), 'cap')).toBe('5');
    expect(await until(() => Promise.all([181, 182, 183].map((id) => enrolledRows(id, sec.id))), (n) => n.every((x) => x === 1))).toEqual([1, 1, 1]);
  });

  it('a capacity raised (and committed) gives the new seats to the waitlist first, in its order', async () => {
    const staff = await staffToken();
    const sec = await freeSection(used);
    used.push(sec.id);
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 1, minimum: 0 })).toMatchObject({ status: 200 });
    const t1 = await loginStudent(173);
    expect((await decided(t1, (await call('POST', '/api/me/enrollments', t1, { sectionId: sec.id })).body.requestId)).body.status).toBe('ENROLLED');
    const waiting: { id: number; token: string; requestId: string }[] = [];
    for (const id of [174, 175, 176]) {
      const token = await loginStudent(id);
      const w = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id, waitlist: true });
      expect((await decided(token, w.body.requestId)).body.status).toBe('WAITLISTED');
      waiting.push({ id, token, requestId: w.body.requestId });
    }
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 3 })).toMatchObject({ status: 200 });
    // The first two on the waitlist have the two new seats at once; the third still waits.
    expect((await call('GET', `/api/me/requests/${waiting[0]!.requestId}`, waiting[0]!.token)).body.status).toBe('ENROLLED');
    expect((await call('GET', `/api/me/requests/${waiting[1]!.requestId}`, waiting[1]!.token)).body.status).toBe('ENROLLED');
    expect((await call('GET', `/api/me/requests/${waiting[2]!.requestId}`, waiting[2]!.token)).body.status).toBe('WAITLISTED');
    expect(await until(() => enrolledRows(175, sec.id), (n) => n === 1)).toBe(1);
    expect(await enrolledRows(174, sec.id)).toBe(1);
    const [[w]] = (await env.sql.query('SELECT COUNT(*) AS n FROM waitlist_entry WHERE section_id = ?', [sec.id])) as unknown as [[{ n: number }]];
    expect(Number(w.n)).toBe(1);
    expect(await env.redis.hmget(keys().section(sec.id), 'cap', 'n')).toEqual(['3', '3']);
  });

  it("a section staff put on waitlist-when-full waits every request that finds it full, opted in or not; the setting is MySQL's, which every reload reads", async () => {
    const staff = await staffToken();
    const sec = await freeSection(used);
    used.push(sec.id);
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { capacity: 1, minimum: 0, waitlist: true })).toMatchObject({ status: 200, body: { waitlist: true } });
    expect(await env.redis.hget(keys().section(sec.id), 'wl')).toBe('1');
    expect((await call('GET', `/api/sections/${sec.id}`, staff)).body.waitlist).toBe(true);
    const t1 = await loginStudent(179);
    expect((await decided(t1, (await call('POST', '/api/me/enrollments', t1, { sectionId: sec.id })).body.requestId)).body.status).toBe('ENROLLED');
    const t2 = await loginStudent(180);
    const r = await call('POST', '/api/me/enrollments', t2, { sectionId: sec.id }); // no waitlist opt-in
    expect((await decided(t2, r.body.requestId)).body.status).toBe('WAITLISTED');
    // MySQL has the setting, and every reload takes it from there (it lived in Redis alone, which nothing set and a prime reset).
    await env.redis.hset(keys().section(sec.id), 'wl', '0'); // drift
    const [[row]] = (await env.sql.query('SELECT waitlist_enabled AS w FROM section WHERE id = ?', [sec.id])) as unknown as [[{ w: number }]];
    expect(Number(row.w)).toBe(1);
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { description: 'refreshed' })).toMatchObject({ status: 200 });
    expect(await env.redis.hget(keys().section(sec.id), 'wl')).toBe('1');
    expect(await call('PATCH', `/api/admin/sections/${sec.id}`, staff, { waitlist: false })).toMatchObject({ status: 200, body: { waitlist: false } });
    expect(await env.redis.hget(keys().section(sec.id), 'wl')).toBe('0');
  });

  it("a hold whose staff process died: decisions for the section wait, drops there answer 503, and the worker's tick reloads it from MySQL and lets them go", async () => {
    const sec = await freeSection(used);
    used.push(sec.id);
    const k = keys();
    const token = await loginStudent(177);
    // A live hold (another change's commit in flight): a drop there waits.
    const t0 = await loginStudent(178);
    expect((await decided(t0, (await call('POST', '/api/me/enrollments', t0, { sectionId: sec.id })).body.requestId)).body.status).toBe('ENROLLED');
    await env.redis.hset(k.section(sec.id), 'hold', `${Date.now() + 60_000}:live`);
    const busy = await call('DELETE', `/api/me/enrollments/${sec.id}`, t0);
    expect(busy).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    expect(busy.headers.get('retry-after')).toBe('1');
    // The change's process dies with its capacity in Redis only: the hold lapses.
    await env.redis.hset(k.section(sec.id), 'cap', '999', 'hold', `${Date.now() + 300}:dead`);
    await env.redis.zadd(k.holds, Date.now() + 300, String(sec.id));
    const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
    expect(r.status).toBe(202);
    await new Promise((res) => setTimeout(res, 200));
    expect((await call('GET', `/api/me/requests/${r.body.requestId}`, token)).body.status).toBe('QUEUED');
    expect((await decided(token, r.body.requestId)).body.status).toBe('ENROLLED');
    const [[mysqlCap]] = (await env.sql.query('SELECT capacity FROM section WHERE id = ?', [sec.id])) as unknown as [[{ capacity: number }]];
    expect(await env.redis.hmget(k.section(sec.id), 'cap', 'hold')).toEqual([String(mysqlCap.capacity), null]);
    expect(await env.redis.zscore(k.holds, String(sec.id))).toBeNull();
    expect((await call('DELETE', `/api/me/enrollments/${sec.id}`, t0)).status).toBe(200);
  });
});

describe('the SSE stream follows requests made after it opened, and drops waitlisted ones from the line', () => {
  it('a request made while the stream is open is listed with its place from the next tick; once waitlisted it is no longer listed', async () => {
    const token = await loginStudent(13);
    const staff = await staffToken();
    // A section of its own (later tests pick the seeded ones nobody holds): one seat, taken, so the
    // student's request will wait on the waitlist.
    const [[ge]] = (await env.sql.query('SELECT id FROM major WHERE general_education = 1 LIMIT 1')) as unknown as [[{ id: number }]];
    const [[prof]] = (await env.sql.query('SELECT id FROM professor LIMIT 1')) as unknown as [[{ id: number }]];
    const lecture = await call('POST', '/api/admin/lectures', staff, { code: 'SSE1', name: 'stream lecture', credits: 1, majorId: ge.id });
    const sec = (await call('POST', '/api/admin/sections', staff, { lectureId: lecture.body.id, professorId: prof.id, sectionNo: 1, capacity: 1, meetings: [{ day: 7, startPeriod: 28, endPeriod: 28 }] })).body as { id: number };
    expect(sec.id).toBeGreaterThan(0);
    const taken = await call('POST', '/api/me/enrollments', await loginStudent(14), { sectionId: sec.id });
    await until(async () => (await call('GET', `/api/me/requests/${taken.body.requestId}`, await loginStudent(14))).body.status, (st) => st !== 'QUEUED');
    const queue = new Queue(QueueName.ENROLLMENT, { connection: env.redis.duplicate(), prefix: new RedisKeys(env.config.redis.prefix).bullPrefix });
    await queue.pause();
    try {
      const res = await fetch(`${base}/api/me/requests/stream`, { headers: { authorization: `Bearer ${token}` } });
      let requestId = '';
      let resumed = false;
      let listedAfterWaitlisted = -1;
      const events = await readEvents(res, (ev) => {
        if (!requestId && ev.some((e) => e.event === 'position')) {
          requestId = 'pending';
          void call('POST', '/api/me/enrollments', token, { sectionId: sec.id, waitlist: true }).then((r) => { requestId = r.body.requestId; });
        }
        const listed = ev.findIndex((e) => e.event === 'position' && e.data.requests.some((q: { requestId: string }) => q.requestId === requestId));
        if (listed >= 0 && !resumed) { resumed = true; void queue.resume(); }
        const waitlisted = ev.findIndex((e) => e.event === 'decision' && e.data.requestId === requestId);
        if (waitlisted < 0) return false;
        listedAfterWaitlisted = ev.slice(waitlisted).filter((e) => e.event === 'position' && e.data.requests.some((q: { requestId: string }) => q.requestId === requestId)).length;
        // Two ticks after the decision are enough to see it listed again, as it was before.
        return ev.slice(waitlisted).filter((e) => e.event === 'position').length >= 2;
      }, 20_000);
      // Before: the stream listed only what it found when it opened (requests: [] on every tick).
      expect(resumed).toBe(true);
      expect(events.find((e) => e.event === 'decision' && e.data.requestId === requestId)?.data.status).toBe('WAITLISTED');
      // Before: listed on every tick with its old place and a 2 s ETA.
      expect(listedAfterWaitlisted).toBe(0);
    } finally {
      await queue.resume();
      await queue.close();
    }
  });
});

describe('withdrawing a request (DELETE /api/me/requests/:id) never gives up a seat', () => {
  it('withdraws a waiting request; one promoted to a seat meanwhile answers 409 ALREADY_ENROLLED and keeps the seat', async () => {
    const staff = await staffToken();
    const [[ge]] = (await env.sql.query('SELECT id FROM major WHERE general_education = 1 LIMIT 1')) as unknown as [[{ id: number }]];
    const [[prof]] = (await env.sql.query('SELECT id FROM professor LIMIT 1')) as unknown as [[{ id: number }]];
    const lecture = await call('POST', '/api/admin/lectures', staff, { code: 'WDR1', name: 'withdraw lecture', credits: 1, majorId: ge.id });
    const sec = (await call('POST', '/api/admin/sections', staff, { lectureId: lecture.body.id, professorId: prof.id, sectionNo: 1, capacity: 1, meetings: [{ day: 7, startPeriod: 27, endPeriod: 27 }] })).body as { id: number };
    const holder = 15;
    const [a, b] = [await loginStudent(16), await loginStudent(17)];
    const first = await call('POST', '/api/me/enrollments', await loginStudent(holder), { sectionId: sec.id });
    await until(async () => (await env.redis.hget(new RedisKeys(env.config.redis.prefix).request(first.body.requestId), 'st')), (st) => st === 'ENROLLED');
    const ra = await call('POST', '/api/me/enrollments', a, { sectionId: sec.id, waitlist: true });
    const rb = await call('POST', '/api/me/enrollments', b, { sectionId: sec.id, waitlist: true });
    const waitlisted = async (t: string, id: string) => (await until(() => call('GET', `/api/me/requests/${id}`, t), (v) => v.body?.status !== 'QUEUED')).body.status;
    expect(await waitlisted(a, ra.body.requestId)).toBe('WAITLISTED');
    expect(await waitlisted(b, rb.body.requestId)).toBe('WAITLISTED');
    // The seat frees up: the first on the waitlist (a) is promoted.
    expect((await call('DELETE', `/api/admin/students/${holder}/enrollments/${sec.id}`, staff)).status).toBe(200);
    await until(() => call('GET', `/api/me/requests/${ra.body.requestId}`, a), (v) => v.body?.status === 'ENROLLED');
    // a, still seeing "waitlisted" on a stale page, leaves the waitlist. Before (a drop of the section): 200 DROPPED, seat gone.
    const leave = await call('DELETE', `/api/me/requests/${ra.body.requestId}`, a);
    expect(leave.status, JSON.stringify(leave.body)).toBe(409);
    expect(leave.body.code).toBe('ALREADY_ENROLLED');
    expect(await until(() => enrolledRows(16, sec.id), (n) => n === 1)).toBe(1);
    // Staff see what the student holds, as the student does.
    const held = await call('GET', '/api/admin/students/16/enrollments', staff);
    expect(held.status).toBe(200);
    expect(held.body.map((e: { section: { id: number } }) => e.section.id)).toContain(sec.id);
    expect((await call('GET', '/api/admin/students/999999/enrollments', staff)).status).toBe(404);
    // What another tab or device rebuilds its waiting line from: b's waiting requests.
    const listed = await call('GET', '/api/me/requests', b);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ requestId: rb.body.requestId, sectionId: sec.id, status: 'WAITLISTED' })]);
    // b is still waiting: withdrawn, decided CANCELLED, off the waitlist.
    const out = await call('DELETE', `/api/me/requests/${rb.body.requestId}`, b);
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toMatchObject({ requestId: rb.body.requestId, sectionId: sec.id, status: 'CANCELLED' });
    expect((await call('GET', `/api/me/requests/${rb.body.requestId}`, b)).body.status).toBe('CANCELLED');
    expect((await call('GET', '/api/me/requests', b)).body).toEqual([]);
    // Nothing left to withdraw, and nobody else's request.
    expect((await call('DELETE', `/api/me/requests/${rb.body.requestId}`, b)).status).toBe(409);
    expect((await call('DELETE', `/api/me/requests/${ra.body.requestId}`, b)).status).toBe(404);
  });
});

describe('RANDOM_AT_OPEN over HTTP', () => {
  it('answers 202 with drawAt and no place, lists the request as drawing on the stream, then decides it after the draw', async () => {
    // The window restarts now as a RANDOM_AT_OPEN one (the API caches windows for 2 s: start it in 2.2 s).
    const startsAt = Date.now() + 2200;
    await env.sql.query("UPDATE open_time SET starts_at = ?, ends_at = DATE_ADD(NOW(3), INTERVAL 1 DAY), grades = NULL, major_ids = NULL, queue_mode = 'RANDOM_AT_OPEN'", [new Date(startsAt)]);
    const token = await loginStudent(21);
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id LIMIT 1 OFFSET 2`,
    )) as unknown as [[{ id: number }]];
    await new Promise((r) => setTimeout(r, startsAt - Date.now() + 50));
    const r = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ sectionId: sec.id, status: 'QUEUED', drawAt: new Date(startsAt + DRAW_MS).toISOString() });
    expect(r.body.position).toBeUndefined();
    expect(r.body.etaSeconds).toBeGreaterThan(0);
    const polled = await call('GET', `/api/me/requests/${r.body.requestId}`, token);
    expect(polled.body).toMatchObject({ status: 'QUEUED', drawAt: r.body.drawAt });
    // Staff see it in the draw, not in line.
    const staff = await call('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' });
    expect((await call('GET', '/api/admin/queue', staff.body.accessToken)).body).toMatchObject({ inDraw: 1 });

    const res = await fetch(`${base}/api/me/requests/stream`, { headers: { authorization: `Bearer ${token}` } });
    const events = await readEvents(res, (ev) => ev.some((e) => e.event === 'decision'));
    const first = events.find((e) => e.event === 'position');
    expect(first?.data.drawing).toEqual([expect.objectContaining({ requestId: r.body.requestId, drawAt: r.body.drawAt })]);
    const decision = events.find((e) => e.event === 'decision');
    expect(decision?.data).toMatchObject({ requestId: r.body.requestId, sectionId: sec.id, status: expect.stringMatching(/^(ENROLLED|REJECTED|WAITLISTED)$/) });
    // Decided after the draw (the job was delayed until it), with the place the draw gave it.
    const rows = await until(async () => ((await env.sql.query('SELECT position, decided_at FROM decision_log WHERE request_id = ?', [r.body.requestId])) as unknown as [{ position: number; decided_at: Date }[]])[0], (v) => v.length === 1);
    expect(Number(rows[0]!.position)).toBeGreaterThan(0);
    expect(new Date(rows[0]!.decided_at).getTime()).toBeGreaterThanOrEqual(startsAt + DRAW_MS - 5);
    // After the draw period: a place at once, first come, first served.
    const later = await call('POST', '/api/me/enrollments', await loginStudent(22), { sectionId: sec.id });
    expect(later.status).toBe(202);
    expect(later.body.position).toBeGreaterThan(Number(rows[0]!.position));
    expect(later.body.drawAt).toBeUndefined();
  });

  it('staff cannot move the start or switch the mode of a window whose opening draw is not held yet (later requests would go ahead of it)', async () => {
    const staff = await staffToken();
    const [[win]] = (await env.sql.query('SELECT id FROM open_time ORDER BY starts_at LIMIT 1')) as unknown as [[{ id: number }]];
    const start = Date.now();
    expect((await call('PATCH', `/api/admin/open-times/${win.id}`, staff, { startsAt: new Date(start).toISOString(), queueMode: 'RANDOM_AT_OPEN' })).status).toBe(200);
    const [[sec]] = (await env.sql.query(
      `SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id LIMIT 1 OFFSET 3`,
    )) as unknown as [[{ id: number }]];
    const token = await loginStudent(23);
    const joined = await call('POST', '/api/me/enrollments', token, { sectionId: sec.id });
    expect(joined.body.drawAt).toBeDefined();
    // Before: 200, and the next click took a first-come place (or an earlier draw) ahead of this one.
    for (const edit of [{ queueMode: 'FIFO' }, { startsAt: new Date(start - 3000).toISOString() }]) {
      const refused = await call('PATCH', `/api/admin/open-times/${win.id}`, staff, edit);
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.code).toBe('WINDOW_DRAW_PENDING');
    }
    // Other fields may change meanwhile; once the draw is held, so may these.
    expect((await call('PATCH', `/api/admin/open-times/${win.id}`, staff, { name: 'renamed during the draw' })).status).toBe(200);
    await until(async () => (await call('GET', `/api/me/requests/${joined.body.requestId}`, token)).body.status, (st) => st !== 'QUEUED');
    expect((await call('PATCH', `/api/admin/open-times/${win.id}`, staff, { queueMode: 'FIFO' })).status).toBe(200);
  });
});
