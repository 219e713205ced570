import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { startWorker } from '../../apps/worker/src/bootstrap.js';

let env: TestEnv;
let api: NestFastifyApplication;
let worker: NestFastifyApplication;
let base: string;

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  await runSeed(env.config.database, { students: 200, sections: 60, majors: 5, seed: 3 });
  worker = await startWorker(env.config);
  api = await createApiApp(env.config);
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

  it('refuses with 403 REGISTRATION_CLOSED outside the window', async () => {
    await env.sql.query('UPDATE open_time SET starts_at = DATE_ADD(NOW(3), INTERVAL 1 DAY), ends_at = DATE_ADD(NOW(3), INTERVAL 2 DAY)');
    await new Promise((r) => setTimeout(r, 2100)); // the window cache lives 2 s
    const t = await loginStudent(3);
    const r = await call('POST', '/api/me/enrollments', t, { sectionId: 3 });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('REGISTRATION_CLOSED');
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
