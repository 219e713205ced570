import { createDataSource } from '@app/database';
import { EngineStateRepository, EngineStateWriter } from '@app/engine';
import { RedisKeys } from '@app/redis';
import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHttpStack } from './http-stack.js';

// Staff edits that change who may take a seat reach the engine's decision at once: a major's
// general-education flag (copied into each section's hash) and a student's grade (which windows
// apply to them, cached by the API). Both were found stale by a review: seats granted or refused
// by what MySQL no longer said. And a reconcile or prime that runs while staff change a student's
// credit limit keeps the change (it wrote MySQL's value from before the change back over it).
let env: TestEnv;
let stack: Awaited<ReturnType<typeof startHttpStack>>;
let staff: string;
let keys: RedisKeys;

const call = (method: string, path: string, token?: string, body?: unknown) => stack.call(method, path, token, body);
const admin = (method: string, path: string, body?: unknown) => call(method, path, staff, body);
const rows = async (sql: string, p: unknown[] = []) => ((await env.sql.query(sql, p)) as unknown as [Record<string, unknown>[]])[0];
async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) { const v = await f(); if (ok(v) || Date.now() > end) return v; await new Promise((r) => setTimeout(r, 50)); }
}
async function enrollAndWait(token: string, sectionId: number) {
  const r = await call('POST', '/api/me/enrollments', token, { sectionId });
  if (r.status !== 202) return r;
  return until(() => call('GET', `/api/me/requests/${r.body.requestId}`, token), (v) => v.body?.status !== 'QUEUED');
}

let n = 0;
async function newStudent(majorId: number, grade = 1) {
  n++;
  const r = await admin('POST', '/api/admin/students', { studentNo: `SY${n}`, name: `sync ${n}`, email: `sy${n}@x.test`, password: 'student1234!', majorId, grade, maxCredits: 20 });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const login = await call('POST', '/api/auth/student/login', undefined, { studentNo: `SY${n}`, password: 'student1234!' });
  expect(login.status).toBe(200);
  return { id: r.body.id as number, token: login.body.accessToken as string };
}
let slot = 0;
async function newSection(majorId: number) {
  slot++;
  const [prof] = await rows('SELECT id FROM professor ORDER BY id LIMIT 1');
  const lec = await admin('POST', '/api/admin/lectures', { code: `SYL${slot}`, name: `sync lecture ${slot}`, credits: 2, majorId });
  expect(lec.status).toBe(201);
  // Saturday late periods: nothing seeded meets then, and each section a period of its own.
  const sec = await admin('POST', '/api/admin/sections', { lectureId: lec.body.id, professorId: Number(prof!.id), sectionNo: 1, capacity: 10, meetings: [{ day: 6, startPeriod: 10 + slot, endPeriod: 10 + slot }] });
  expect(sec.status).toBe(201);
  return sec.body.id as number;
}

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  await runSeed(env.config.database, { students: 50, sections: 20, majors: 4, seed: 7 });
  stack = await startHttpStack(env.config);
  keys = new RedisKeys(env.config.redis.prefix);
  staff = (await call('POST', '/api/auth/staff/login', undefined, { loginId: 'admin', password: 'admin1234!' })).body.accessToken;
});
afterAll(async () => {
  await stack?.close();
  await env?.cleanup();
});

describe('staff edits that decide eligibility reach the engine', () => {
  it("a major's general-education flag: its sections' eligibility follows at once", async () => {
    const other = await admin('POST', '/api/admin/majors', { name: 'Sync Other', generalEducation: false });
    const becomes = await admin('POST', '/api/admin/majors', { name: 'Sync Becomes GE', generalEducation: false });
    const stops = await admin('POST', '/api/admin/majors', { name: 'Sync Stops GE', generalEducation: true });
    const s1 = await newSection(becomes.body.id);
    const s2 = await newSection(stops.body.id);
    const stu = await newStudent(other.body.id);
    expect((await admin('PATCH', `/api/admin/majors/${becomes.body.id}`, { generalEducation: true })).status).toBe(200);
    expect((await admin('PATCH', `/api/admin/majors/${stops.body.id}`, { generalEducation: false })).status).toBe(200);
    // Before: Redis kept each section's old flag until a reconcile.
    expect([await env.redis.hget(keys.section(s1), 'ge'), await env.redis.hget(keys.section(s2), 'ge')]).toEqual(['1', '0']);
    expect((await enrollAndWait(stu.token, s1)).body.status).toBe('ENROLLED');
    expect((await enrollAndWait(stu.token, s2)).body).toMatchObject({ status: 'REJECTED', reason: 'NOT_ELIGIBLE' });
  });

  it("a student's grade: a window for the old grade no longer lets them in, even with the grade cached", async () => {
    const [major] = await rows('SELECT id FROM major WHERE general_education = 0 ORDER BY id LIMIT 1');
    const stu = await newStudent(Number(major!.id), 3);
    const [w] = await rows('SELECT id FROM open_time ORDER BY id LIMIT 1');
    expect((await admin('PATCH', `/api/admin/open-times/${w!.id}`, { grades: [3] })).status).toBe(200);
    const ge = await admin('POST', '/api/admin/majors', { name: 'Sync GE', generalEducation: true });
    const s1 = await newSection(ge.body.id);
    const s2 = await newSection(ge.body.id);
    // The first enroll caches the student's grade (3) in the API.
    expect((await enrollAndWait(stu.token, s1)).body.status).toBe('ENROLLED');
    expect((await admin('PATCH', `/api/admin/students/${stu.id}`, { grade: 1 })).status).toBe(200);
    expect((await call('GET', '/api/open-times/current', stu.token)).body.current).toBeNull();
    // Before: 202, then ENROLLED, for up to 10 s after the edit.
    const second = await call('POST', '/api/me/enrollments', stu.token, { sectionId: s2 });
    expect(second.status, JSON.stringify(second.body)).toBe(403);
    expect(second.body.code).toBe('REGISTRATION_CLOSED');
    expect(Number((await rows('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = ? AND section_id = ?', [stu.id, s2]))[0]!.n)).toBe(0);
    // And back: grade 3 again lets them in at once.
    expect((await admin('PATCH', `/api/admin/students/${stu.id}`, { grade: 3 })).status).toBe(200);
    expect((await enrollAndWait(stu.token, s2)).body.status).toBe('ENROLLED');
  });
});

describe('a rebuild while staff change what takes no hold', () => {
  it.each([['a reconcile', true], ['a full prime', false]])('%s keeps a credit limit staff changed after it read MySQL', async (_name, compare) => {
    const [major] = await rows('SELECT id FROM major WHERE general_education = 0 ORDER BY id LIMIT 1');
    const stu = await newStudent(Number(major!.id));
    const limit = compare ? 7 : 5;
    const ds = createDataSource(env.config.database);
    await ds.initialize();
    try {
      const repo = new EngineStateRepository(ds);
      // The change commits (and reaches Redis) right after the rebuild's read of every student.
      const students = repo.students.bind(repo);
      let patched: number | null = null;
      repo.students = async (ids?: number[]) => {
        const read = await students(ids);
        if (!ids && patched === null) patched = (await admin('PATCH', `/api/admin/students/${stu.id}`, { maxCredits: limit })).status;
        return read;
      };
      const report = await new EngineStateWriter(env.redis, keys, repo).rebuild({ compare });
      expect(patched).toBe(200);
      expect(Number((await rows('SELECT max_credits FROM student WHERE id = ?', [stu.id]))[0]!.max_credits)).toBe(limit);
      // Before: Redis had 20 again (for good: the student could enroll past the limit MySQL has).
      expect(await env.redis.hget(keys.student(stu.id), 'max')).toBe(String(limit));
      expect(report.changedByStaff).toBeGreaterThanOrEqual(1);
      if (compare) expect(report.studentsDrifted).toBe(0);
    } finally {
      await ds.destroy();
    }
  });
});
