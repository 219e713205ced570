/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { RedisKeys } from '@app/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';
import { buildCatalogue, type BuiltCatalogue } from './support/catalogue-data.js';
import { countSql } from './support/sql-counter.js';

describe('catalogue', () => {
  let api: Api;
  let data: BuiltCatalogue;
  let student: string;
  let staff: string;
  let sql: ReturnType<typeof countSql>;
  const count = async (where: string, params: unknown[] = []) => {
    const [[row]] = (await api.env.sql.query(`SELECT COUNT(*) AS n FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id JOIN professor p ON p.id = s.professor_id ${where}`, params)) as any;
    return Number(row.n);
  };
  const list = (qs: string, token = student) => api.call('GET', `/api/sections${qs}`, { token });

  beforeAll(async () => {
    api = await bootApi();
    data = await buildCatalogue(api.env.sql, { majors: 6, professorsPerMajor: 4, lecturesPerMajor: 15, sectionsPerLecture: 2 });
    const s = await api.fx.student(1, { grade: 2 });
    await api.fx.staff({ login_id: 'admin' });
    student = await api.loginStudent(s.studentNo);
    staff = await api.loginStaff();
    sql = countSql(api.app);
  });
  afterAll(() => api?.close());

  it('lists a default page of 20 with the total and the contract shape', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, size: 20, total: data.sectionIds.length });
    expect(res.body.items).toHaveLength(20);
    const item = res.body.items[0];
    expect(Object.keys(item).sort()).toEqual(['capacity', 'credits', 'description', 'enrolled', 'generalEducation', 'id', 'lectureCode', 'lectureId', 'lectureName',
      'majorId', 'majorName', 'meetings', 'minimum', 'professorId', 'professorName', 'remaining', 'sectionNo', 'waitlist'].sort());
    expect(item.meetings[0]).toEqual({ day: expect.any(Number), startPeriod: expect.any(Number), endPeriod: expect.any(Number) });
    expect(item.remaining).toBe(item.capacity - item.enrolled);
  });

  it('staff may read the catalogue too; no token is a 401', async () => {
    expect((await list('?size=1', staff)).status).toBe(200);
    expect((await api.call('GET', '/api/sections')).status).toBe(401);
    expect((await api.call('GET', '/api/majors')).status).toBe(401);
    expect((await api.call('GET', '/api/open-times/current')).status).toBe(401);
  });

  it.each([
    ['q on the name', '?q=Databases&size=100', (i: any) => i.lectureName.includes('Databases'), 'WHERE l.name LIKE ? OR l.code LIKE ?', ['%Databases%', '%Databases%']],
    ['q on the code', '?q=C03&size=100', (i: any) => i.lectureCode.includes('C03'), 'WHERE l.name LIKE ? OR l.code LIKE ?', ['%C03%', '%C03%']],
    ['majorId', '?majorId=2&size=100', (i: any) => i.majorId === 2, 'WHERE l.major_id = 2', []],
    ['credits', '?credits=2&size=100', (i: any) => i.credits === 2, 'WHERE l.credits = 2', []],
    ['day', '?day=3&size=100', (i: any) => i.meetings.some((m: any) => m.day === 3), 'WHERE EXISTS (SELECT 1 FROM section_meeting d WHERE d.section_id = s.id AND d.day = 3)', []],
    ['professor id', '?professor=5&size=100', (i: any) => i.professorId === 5, 'WHERE s.professor_id = 5', []],
    ['professor name prefix', '?professor=Prof%20F&size=100', (i: any) => i.professorName.startsWith('Prof F'), "WHERE p.name LIKE 'Prof F%'", []],
    ['generalEducation', '?generalEducation=true&size=100', (i: any) => i.generalEducation === true, 'WHERE m.general_education = 1', []],
    ['hasSeats=true', '?hasSeats=true&size=100', (i: any) => i.remaining > 0, 'WHERE s.enrolled_count < s.capacity', []],
    ['hasSeats=false', '?hasSeats=false&size=100', (i: any) => i.remaining === 0, 'WHERE s.enrolled_count >= s.capacity', []],
  ])('filters by %s', async (_name, qs, holds, where, params) => {
    const res = await list(qs);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every(holds)).toBe(true);
    expect(res.body.total).toBe(await count(where, params));
  });

  it('combines filters with AND', async () => {
    const res = await list('?majorId=1&credits=1&day=2&size=100');
    expect(res.body.items.every((i: any) => i.majorId === 1 && i.credits === 1 && i.meetings.some((m: any) => m.day === 2))).toBe(true);
  });

  it('treats LIKE wildcards in q as text', async () => {
    const res = await list('?q=%25');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it('sorts, both ways, with a stable tiebreak', async () => {
    const desc = (await list('?sort=credits&order=desc&size=100')).body.items.map((i: any) => i.credits);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const names = (await list('?sort=name&size=50')).body.items.map((i: any) => i.lectureName);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const rem = (await list('?sort=remaining&size=100')).body.items.map((i: any) => i.capacity - i.enrolled);
    expect(rem).toEqual([...rem].sort((a, b) => a - b));
  });

  it('pages without overlap and up to size 100', async () => {
    const p1 = (await list('?page=1&size=30&sort=id')).body.items.map((i: any) => i.id);
    const p2 = (await list('?page=2&size=30&sort=id')).body.items.map((i: any) => i.id);
    expect(p1.filter((id: number) => p2.includes(id))).toEqual([]);
    expect(p2[0]).toBe(p1[29] + 1);
    const big = await list('?size=100');
    expect(big.body.items).toHaveLength(100);
    const past = await list('?page=1000&size=100');
    expect(past.body).toMatchObject({ items: [], total: data.sectionIds.length });
  });

  it.each([
    ['size over 100', '?size=101', 'size'],
    ['size 0', '?size=0', 'size'],
    ['page 0', '?page=0', 'page'],
    ['a non-numeric page', '?page=abc', 'page'],
    ['day 8', '?day=8', 'day'],
    ['a bad boolean', '?hasSeats=maybe', 'hasSeats'],
    ['an unknown sort', '?sort=password', 'sort'],
    ['an unknown parameter', '?studentId=3', 'studentId'],
    ['a repeated parameter', '?majorId=1&majorId=2', 'majorId'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_n, qs, field) => {
    const res = await list(qs);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: any) => d.field)).toContain(field);
  });

  it('issues the same small number of SQL queries for page sizes 10 and 100 (no N+1)', async () => {
    sql.reset();
    expect((await list('?page=2&size=10&sort=name')).status).toBe(200);
    const small = sql.queries.length;
    sql.reset();
    expect((await list('?page=2&size=100&sort=name')).status).toBe(200);
    const large = sql.queries.length;
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(2); // the page (meetings included) + the count
  });

  it('serves a repeated query from the cache with no SQL at all', async () => {
    const qs = '?majorId=3&size=15&sort=code';
    const first = await list(qs);
    sql.reset();
    const second = await list(qs);
    expect(sql.queries).toEqual([]);
    expect(second.body).toEqual(first.body);
  });

  it('drops the cache when staff change the catalogue', async () => {
    const qs = '?lectureId=1&size=5';
    expect((await list(qs)).body.items[0].lectureName).not.toBe('Renamed lecture');
    const patch = await api.call('PATCH', '/api/admin/lectures/1', { token: staff, body: { name: 'Renamed lecture' } });
    expect(patch.status).toBe(200);
    expect((await list(qs)).body.items[0].lectureName).toBe('Renamed lecture');
  });

  it('shows live seat counts from the engine state in Redis, MySQL counts otherwise', async () => {
    const keys = new RedisKeys(api.env.config.redis.prefix);
    await api.env.redis.hset(keys.section(2), { cap: 99, n: 98 });
    // Each API process reuses a count for CATALOGUE_SEATS_TTL_MS (0.5 s): past that it is live.
    await new Promise((r) => setTimeout(r, api.env.config.catalogue.seatsTtlMs + 50));
    const res = await api.call('GET', '/api/sections/2', { token: student });
    expect(res.body).toMatchObject({ id: 2, capacity: 99, enrolled: 98, remaining: 1 });
    const [[row]] = (await api.env.sql.query('SELECT capacity, enrolled_count FROM section WHERE id = 3')) as any;
    const other = await api.call('GET', '/api/sections/3', { token: student });
    expect(other.body).toMatchObject({ capacity: row.capacity, enrolled: row.enrolled_count });
    await api.env.redis.del(keys.section(2));
  });

  it('GET /api/sections/:id: 404 for an unknown id, 400 for a malformed one', async () => {
    const missing = await api.call('GET', '/api/sections/999999', { token: student });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
      const res = await api.call('GET', `/api/sections/${bad}`, { token: student });
      expect(res.status).toBe(400);
    }
  });

  it('lists majors', async () => {
    const res = await api.call('GET', '/api/majors', { token: student });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(data.majorIds.length);
    expect(res.body[0]).toEqual({ id: expect.any(Number), name: expect.any(String), generalEducation: expect.any(Boolean) });
    expect(res.body.filter((m: any) => m.generalEducation)).toHaveLength(1);
  });
});

describe('open-times/current', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi(); });
  afterAll(() => api?.close());

  it('gives the caller the window open now and the next one, with the server time', async () => {
    const major = await api.fx.major();
    const otherMajor = await api.fx.major();
    const s = await api.fx.student(major, { grade: 2 });
    await api.fx.staff({ login_id: 'admin' });
    const h = 3600_000;
    const now = Date.now();
    const seniors = await api.fx.openTime({ name: 'seniors', grades: '[4]', starts_at: new Date(now - h), ends_at: new Date(now + h) });
    const mine = await api.fx.openTime({ name: 'sophomores', grades: '[2,3]', starts_at: new Date(now - h / 2), ends_at: new Date(now + h) });
    await api.fx.openTime({ name: 'other major', major_ids: `[${otherMajor}]`, starts_at: new Date(now + h), ends_at: new Date(now + 2 * h) });
    const next = await api.fx.openTime({ name: 'everyone', starts_at: new Date(now + 2 * h), ends_at: new Date(now + 3 * h), queue_mode: 'RANDOM_AT_OPEN' });
    await api.fx.openTime({ name: 'past', starts_at: new Date(now - 3 * h), ends_at: new Date(now - 2 * h) });

    const res = await api.call('GET', '/api/open-times/current', { token: await api.loginStudent(s.studentNo) });
    expect(res.status).toBe(200);
    expect(Math.abs(Date.parse(res.body.serverTime) - Date.now())).toBeLessThan(5000);
    expect(res.body.current).toMatchObject({ id: mine, name: 'sophomores', grades: [2, 3], majorIds: null, queueMode: 'FIFO' });
    expect(res.body.next).toMatchObject({ id: next, grades: null, queueMode: 'RANDOM_AT_OPEN' });
    expect(Date.parse(res.body.current.startsAt)).toBeLessThan(Date.parse(res.body.current.endsAt));

    const asStaff = await api.call('GET', '/api/open-times/current', { token: await api.loginStaff() });
    expect(asStaff.body.current.id).toBe(seniors);
  });
});
