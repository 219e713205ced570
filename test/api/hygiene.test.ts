/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

describe('HTTP hygiene', () => {
  let api: Api;
  let staff: string;
  let student: string;
  const shape = (body: any, status: number, code: string) => {
    expect(body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|SELECT |ER_[A-Z_]+/);
  };

  beforeAll(async () => {
    api = await bootApi();
    await api.fx.staff({ login_id: 'admin' });
    staff = await api.loginStaff();
    student = await api.loginStudent((await api.fx.student(await api.fx.major())).studentNo);
  });
  afterAll(() => api?.close());

  it('a body over 16 KB → 413 PAYLOAD_TOO_LARGE in the contract shape', async () => {
    const res = await api.call('POST', '/api/admin/majors', { token: staff, body: { name: 'x'.repeat(17 * 1024), generalEducation: false } });
    expect(res.status).toBe(413);
    shape(res.body, 413, 'PAYLOAD_TOO_LARGE');
    const login = await api.call('POST', '/api/auth/student/login', { body: JSON.stringify({ studentNo: '1', password: 'p'.repeat(20_000) }) });
    expect(login.status).toBe(413);
  });

  it('broken JSON → 400, an XML body → 415, both in the contract shape', async () => {
    const bad = await api.call('POST', '/api/me/cart', { token: student, body: '{"sectionId": 1,' });
    expect(bad.status).toBe(400);
    shape(bad.body, 400, 'VALIDATION_FAILED');
    const text = await api.call('POST', '/api/me/cart', { token: student, body: '<sectionId>1</sectionId>', headers: { 'content-type': 'application/xml' } });
    expect(text.status).toBe(415);
    shape(text.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('every 400 names what was wrong in details, whichever layer refused it', async () => {
    const answers = [
      await api.call('POST', '/api/me/cart', { token: student, body: '{"sectionId": 1,' }), // Fastify's JSON parser
      await api.call('GET', '/api/me/requests/not-a-uuid', { token: student }), // Nest's ParseUUIDPipe
      await api.call('DELETE', '/api/me/enrollments/abc', { token: student }), // Nest's ParseIntPipe
      await api.call('GET', '/api/admin/majors/abc', { token: staff }), // our IdPipe
    ];
    for (const res of answers) {
      expect(res.status, res.text).toBe(400);
      shape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details, res.text).toEqual([{ field: expect.any(String), problem: expect.any(String) }]);
    }
    expect(answers[0]!.body.details[0].field).toBe('body');
    expect(answers[3]!.body.details[0]).toEqual({ field: 'id', problem: 'must be a positive integer id' });
  });

  it('null where a field cannot be null → 400 naming it, on create and update of every staff resource; nothing written', async () => {
    const major = await api.fx.major({ name: 'Null Major' });
    const professor = await api.fx.professor(major);
    const lecture = await api.fx.lecture(major);
    const section = await api.fx.section(lecture, professor);
    const { id: studentId } = await api.fx.student(major);
    const staffId = await api.fx.staff();
    const window = await api.fx.openTime();
    const audits = async () => Number(((await api.env.sql.query('SELECT COUNT(*) AS n FROM audit_log')) as unknown as [[{ n: number }]])[0][0].n);
    const before = await audits();
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['PATCH', `/api/admin/majors/${major}`, { name: null }, 'name'],
      ['PATCH', `/api/admin/professors/${professor}`, { majorId: null }, 'majorId'],
      ['PATCH', `/api/admin/lectures/${lecture}`, { code: null }, 'code'],
      ['PATCH', `/api/admin/students/${studentId}`, { name: null }, 'name'],
      ['PATCH', `/api/admin/staff/${staffId}`, { password: null }, 'password'],
      ['PATCH', `/api/admin/open-times/${window}`, { startsAt: null }, 'startsAt'],
      ['PATCH', `/api/admin/open-times/${window}`, { queueMode: null }, 'queueMode'],
      ['PATCH', `/api/admin/sections/${section}`, { capacity: null }, 'capacity'],
      ['PATCH', `/api/admin/sections/${section}`, { description: null }, 'description'],
      ['PATCH', `/api/admin/sections/${section}`, { meetings: null }, 'meetings'],
      ['PATCH', `/api/admin/sections/${section}`, { waitlist: null }, 'waitlist'],
      ['POST', '/api/admin/sections', { lectureId: lecture, professorId: professor, sectionNo: 77, capacity: 5, meetings: [{ day: 2, startPeriod: 1, endPeriod: 2 }], description: null }, 'description'],
      ['POST', '/api/me/enrollments', { sectionId: section, waitlist: null }, 'waitlist'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api.call(method, url, { token: url.startsWith('/api/me') ? student : staff, body });
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
      shape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
    const [[m]] = (await api.env.sql.query('SELECT name FROM major WHERE id = ?', [major])) as unknown as [[{ name: string }]];
    expect(m.name).toBe('Null Major');
    expect(await audits()).toBe(before);
    // Where null means something it is still taken: a window for every grade.
    const every = await api.call('PATCH', `/api/admin/open-times/${window}`, { token: staff, body: { grades: null } });
    expect(every.status, every.text).toBe(200);
    expect(every.body.grades).toBeNull();
  });

  it('a deeply nested body → 400, with or without a token (it overflowed the stack: a 500)', async () => {
    let deep = '1';
    for (let i = 0; i < 1500; i++) deep = `[${deep}]`;
    const login = await api.call('POST', '/api/auth/student/login', { body: `{"studentNo":${deep},"password":"x"}` });
    expect(login.status, login.text).toBe(400);
    shape(login.body, 400, 'VALIDATION_FAILED');
    let obj = '{"day":1}';
    for (let i = 0; i < 2500; i++) obj = `{"a":${obj}}`;
    const section = await api.call('POST', '/api/admin/sections', { token: staff, body: `{"lectureId":1,"professorId":1,"sectionNo":1,"capacity":1,"meetings":[${obj}]}` });
    expect(section.status, section.text).toBe(400);
    const enroll = await api.call('POST', '/api/me/enrollments', { token: student, body: `{"sectionId":${deep}}` });
    expect(enroll.status, enroll.text).toBe(400);
    expect(enroll.body.message).toMatch(/nested more than/);
  });

  it('a path id only as a plain decimal: 0x1, 1e0, +1, 00001 and " 1" are 400, not id 1', async () => {
    const major = await api.fx.major();
    expect((await api.call('GET', `/api/admin/majors/${major}`, { token: staff })).status).toBe(200);
    for (const id of ['0x1', '0b1', '1e0', '1.0', '+1', '00001', '%201', '1%20']) {
      const res = await api.call('GET', `/api/admin/majors/${id}`, { token: staff });
      expect(res.status, id).toBe(400);
      expect(res.body.details[0]).toEqual({ field: 'id', problem: 'must be a positive integer id' });
    }
  });

  it('a problem names its field once, and a wrong type before the range it would break', async () => {
    const res = await api.call('POST', '/api/admin/majors', { token: staff, body: { name: 5, generalEducation: false } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('name must be a string');
    expect(res.body.details[0]).toEqual({ field: 'name', problem: 'must be a string' });
    const enroll = await api.call('POST', '/api/me/enrollments', { token: student, body: { sectionId: '205' } });
    expect(enroll.status).toBe(400);
    expect(enroll.body.message).toMatch(/^sectionId must be an integer/);
  });

  it('a name MySQL counts longer than the validator does, and window times past year 9998 or without an offset → 400, nothing written', async () => {
    // U+FE0F: the validator does not count variation selectors, the column does (it was a 500).
    const long = await api.call('POST', '/api/admin/majors', { token: staff, body: { name: 'a\uFE0F'.repeat(100), generalEducation: false } });
    expect(long.status, long.text).toBe(400);
    shape(long.body, 400, 'VALIDATION_FAILED');
    expect(long.body.details[0].field).toBe('name');
    const window = (startsAt: string, endsAt: string) => api.call('POST', '/api/admin/open-times', { token: staff, body: { name: 'w', startsAt, endsAt } });
    const late = await window('9999-12-31T23:00:00Z', '9999-12-31T23:59:59-05:00');
    expect(late.status, late.text).toBe(400);
    shape(late.body, 400, 'VALIDATION_FAILED');
    for (const [startsAt, endsAt] of [['2027-03-01T09:00:00', '2027-03-02T09:00:00Z'], ['2027-03-01', '2027-03-02T09:00:00Z']]) {
      const local = await window(startsAt!, endsAt!);
      expect(local.status, `${startsAt}: ${local.text}`).toBe(400);
      expect(local.body.details).toContainEqual({ field: 'startsAt', problem: 'must carry a time zone offset (Z or ±hh:mm)' });
    }
    expect((await window('2027-03-01T09:00:00+09:00', '2027-03-02T09:00:00Z')).status).toBe(201);
    const [[n]] = (await api.env.sql.query("SELECT COUNT(*) AS n FROM open_time WHERE name = 'w'")) as unknown as [[{ n: number }]];
    expect(Number(n.n)).toBe(1);
  });

  it('a body that is not an object → 400', async () => {
    for (const body of ['[]', '"x"', '1', 'null']) {
      const res = await api.call('POST', '/api/admin/majors', { token: staff, body });
      expect(res.status, body).toBe(400);
      shape(res.body, 400, 'VALIDATION_FAILED');
    }
  });

  it('unknown /api paths → 404 JSON', async () => {
    const res = await api.call('GET', '/api/nothing-here', { token: student });
    expect(res.status).toBe(404);
    shape(res.body, 404, 'NOT_FOUND');
  });

  it('sends security headers and no X-Powered-By; CORS is off by default', async () => {
    const res = await api.call('GET', '/api/majors', { token: student, headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api.call('OPTIONS', '/api/me/cart', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('no response ever carries a password hash', async () => {
    const paths = ['/api/admin/students?size=100', '/api/admin/staff?size=100', '/api/admin/audit-log?size=100'];
    for (const p of paths) {
      const res = await api.call('GET', p, { token: staff });
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/argon2|passwordHash|password_hash/);
    }
    expect((await api.call('GET', '/api/me', { token: student })).text).not.toMatch(/argon2|password/i);
  });

  it('lists never exceed 100 items a page', async () => {
    for (const p of ['/api/admin/majors', '/api/admin/students', '/api/admin/audit-log', '/api/sections']) {
      const res = await api.call('GET', `${p}?size=1000`, { token: staff });
      expect(res.status, p).toBe(400);
      expect(res.body.details.map((d: any) => d.field)).toContain('size');
    }
  });
});
