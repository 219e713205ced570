/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { RedisKeys } from '@app/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

describe('staff administration', () => {
  let api: Api;
  let staff: string;
  let staffId: number;
  let studentToken: string;
  const as = (method: string, url: string, body?: unknown) => api.call(method, url, { token: staff, body });
  const expectError = (res: { status: number; body: any }, status: number, code: string, field?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    expect(typeof res.body.message).toBe('string');
    if (field) expect(res.body.details.map((d: any) => d.field)).toContain(field);
  };

  beforeAll(async () => {
    api = await bootApi();
    staffId = await api.fx.staff({ login_id: 'admin' });
    staff = await api.loginStaff();
    const s = await api.fx.student(await api.fx.major());
    studentToken = await api.loginStudent(s.studentNo);
  });
  afterAll(() => api?.close());

  it('every admin route refuses a student token (403) and no token (401)', async () => {
    for (const r of ['majors', 'professors', 'lectures', 'sections', 'students', 'staff', 'open-times', 'audit-log']) {
      expectError(await api.call('GET', `/api/admin/${r}`, { token: studentToken }), 403, 'FORBIDDEN');
      expectError(await api.call('GET', `/api/admin/${r}`), 401, 'UNAUTHENTICATED');
    }
    expectError(await api.call('POST', '/api/admin/majors', { token: studentToken, body: { name: 'x', generalEducation: false } }), 403, 'FORBIDDEN');
    expectError(await api.call('GET', '/api/admin/sections/1/roster', { token: studentToken }), 403, 'FORBIDDEN');
  });

  describe('majors', () => {
    it('create, read, list, update, delete', async () => {
      const created = await as('POST', '/api/admin/majors', { name: 'Mathematics', generalEducation: false });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), name: 'Mathematics', generalEducation: false });
      const id = created.body.id;
      expect((await as('GET', `/api/admin/majors/${id}`)).body.name).toBe('Mathematics');
      const list = await as('GET', '/api/admin/majors?page=1&size=100');
      expect(list.body).toMatchObject({ page: 1, size: 100, total: expect.any(Number) });
      expect(list.body.items.map((m: any) => m.id)).toContain(id);
      const patched = await as('PATCH', `/api/admin/majors/${id}`, { generalEducation: true });
      expect(patched.body).toEqual({ id, name: 'Mathematics', generalEducation: true });
      expect((await as('DELETE', `/api/admin/majors/${id}`)).status).toBe(204);
      expectError(await as('GET', `/api/admin/majors/${id}`), 404, 'NOT_FOUND');
      expectError(await as('PATCH', `/api/admin/majors/${id}`, { name: 'x' }), 404, 'NOT_FOUND');
      expectError(await as('DELETE', `/api/admin/majors/${id}`), 404, 'NOT_FOUND');
    });

    it('validation and conflicts', async () => {
      expectError(await as('POST', '/api/admin/majors', { name: '', generalEducation: false }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await as('POST', '/api/admin/majors', { name: 'X' }), 400, 'VALIDATION_FAILED', 'generalEducation');
      expectError(await as('POST', '/api/admin/majors', { name: 'X', generalEducation: 'yes' }), 400, 'VALIDATION_FAILED', 'generalEducation');
      expectError(await as('POST', '/api/admin/majors', { name: 'X', generalEducation: false, id: 5 }), 400, 'VALIDATION_FAILED', 'id');
      expectError(await as('PATCH', '/api/admin/majors/1', {}), 400, 'VALIDATION_FAILED', 'body');
      await as('POST', '/api/admin/majors', { name: 'Physics', generalEducation: false });
      expectError(await as('POST', '/api/admin/majors', { name: 'Physics', generalEducation: true }), 409, 'ALREADY_EXISTS');
    });

    it('a major still referenced is IN_USE, never cascaded', async () => {
      const m = await as('POST', '/api/admin/majors', { name: 'Chemistry', generalEducation: false });
      const p = await as('POST', '/api/admin/professors', { name: 'Lee', majorId: m.body.id });
      expect(p.status).toBe(201);
      expectError(await as('DELETE', `/api/admin/majors/${m.body.id}`), 409, 'IN_USE');
      expect((await as('GET', `/api/admin/professors/${p.body.id}`)).status).toBe(200);
    });

    it('a major a registration window is limited to is IN_USE too (the window names it in a JSON list, no foreign key)', async () => {
      const m = await as('POST', '/api/admin/majors', { name: 'Geology', generalEducation: false });
      const w = await as('POST', '/api/admin/open-times', { name: 'Geology only', startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-02T09:00:00Z', majorIds: [m.body.id] });
      expect(w.status).toBe(201);
      // Before: 204, and the window could no longer be saved ("majorIds names a major that does not exist").
      expectError(await as('DELETE', `/api/admin/majors/${m.body.id}`), 409, 'IN_USE');
      expect((await as('PATCH', `/api/admin/open-times/${w.body.id}`, { majorIds: null })).status).toBe(200);
      expect((await as('DELETE', `/api/admin/majors/${m.body.id}`)).status).toBe(204);
    });
  });

  describe('professors and lectures', () => {
    it('CRUD with references checked', async () => {
      const major = (await as('POST', '/api/admin/majors', { name: 'Biology', generalEducation: false })).body.id;
      expectError(await as('POST', '/api/admin/professors', { name: 'Ghost', majorId: 999999 }), 400, 'VALIDATION_FAILED', 'majorId');
      const prof = await as('POST', '/api/admin/professors', { name: 'Park', majorId: major });
      expect(prof.body).toEqual({ id: expect.any(Number), name: 'Park', majorId: major });
      expect((await as('PATCH', `/api/admin/professors/${prof.body.id}`, { name: 'Park J.' })).body.name).toBe('Park J.');
      expect((await as('GET', '/api/admin/professors?size=1')).body.items).toHaveLength(1);

      const lec = await as('POST', '/api/admin/lectures', { code: 'BIO101', name: 'Cells', credits: 3, majorId: major });
      expect(lec.status).toBe(201);
      expect(lec.body).toEqual({ id: expect.any(Number), code: 'BIO101', name: 'Cells', credits: 3, majorId: major });
      expectError(await as('POST', '/api/admin/lectures', { code: 'BIO101', name: 'Again', credits: 3, majorId: major }), 409, 'ALREADY_EXISTS');
      expectError(await as('POST', '/api/admin/lectures', { code: 'BIO102', name: 'X', credits: 7, majorId: major }), 400, 'VALIDATION_FAILED', 'credits');
      expectError(await as('POST', '/api/admin/lectures', { code: 'BIO 102', name: 'X', credits: 2, majorId: major }), 400, 'VALIDATION_FAILED', 'code');
      expectError(await as('POST', '/api/admin/lectures', { code: 'BIO103', name: 'X', credits: 2, majorId: 999999 }), 400, 'VALIDATION_FAILED', 'majorId');
      expect((await as('PATCH', `/api/admin/lectures/${lec.body.id}`, { credits: 2 })).body.credits).toBe(2);

      const unused = await as('POST', '/api/admin/professors', { name: 'Temp', majorId: major });
      expect((await as('DELETE', `/api/admin/professors/${unused.body.id}`)).status).toBe(204);
      const unusedLecture = await as('POST', '/api/admin/lectures', { code: 'BIO999', name: 'Temp', credits: 1, majorId: major });
      expect((await as('DELETE', `/api/admin/lectures/${unusedLecture.body.id}`)).status).toBe(204);
    });
  });

  describe('sections', () => {
    let major: number, prof: number, prof2: number, lecture: number, lecture2: number;
    const body = (o: Record<string, unknown> = {}) => ({ lectureId: lecture, professorId: prof, sectionNo: 1, capacity: 30, meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }], ...o });

    beforeAll(async () => {
      major = (await as('POST', '/api/admin/majors', { name: 'Sections Dept', generalEducation: false })).body.id;
      prof = (await as('POST', '/api/admin/professors', { name: 'Choi', majorId: major })).body.id;
      prof2 = (await as('POST', '/api/admin/professors', { name: 'Jung', majorId: major })).body.id;
      lecture = (await as('POST', '/api/admin/lectures', { code: 'SEC101', name: 'Sections 101', credits: 3, majorId: major })).body.id;
      lecture2 = (await as('POST', '/api/admin/lectures', { code: 'SEC201', name: 'Sections 201', credits: 2, majorId: major })).body.id;
    });

    it('creates a section with meetings and reads it back as a catalogue Section', async () => {
      const res = await as('POST', '/api/admin/sections', body({ sectionNo: 1, minimum: 5, description: 'Morning', meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }, { day: 3, startPeriod: 1, endPeriod: 2 }] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ lectureId: lecture, lectureCode: 'SEC101', professorId: prof, professorName: 'Choi', sectionNo: 1, capacity: 30, minimum: 5, enrolled: 0, remaining: 30, description: 'Morning' });
      expect(res.body.meetings).toEqual([{ day: 1, startPeriod: 1, endPeriod: 2 }, { day: 3, startPeriod: 1, endPeriod: 2 }]);
      expect((await as('GET', `/api/admin/sections/${res.body.id}`)).body.id).toBe(res.body.id);
      expect((await as('GET', `/api/admin/sections?lectureId=${lecture}`)).body.total).toBe(1);
    });

    it.each([
      ['day 0', { meetings: [{ day: 0, startPeriod: 1, endPeriod: 2 }] }, 'meetings.0.day'],
      ['day 8', { meetings: [{ day: 8, startPeriod: 1, endPeriod: 2 }] }, 'meetings.0.day'],
      ['periods out of order', { meetings: [{ day: 2, startPeriod: 5, endPeriod: 3 }] }, 'meetings.0.endPeriod'],
      ['overlapping meetings', { meetings: [{ day: 2, startPeriod: 1, endPeriod: 3 }, { day: 2, startPeriod: 3, endPeriod: 4 }] }, 'meetings.1'],
      ['capacity 0', { capacity: 0 }, 'capacity'],
      ['a fractional capacity', { capacity: 1.5 }, 'capacity'],
      ['minimum above capacity', { capacity: 5, minimum: 6 }, 'minimum'],
      ['an unknown meeting field', { meetings: [{ day: 2, startPeriod: 1, endPeriod: 2, room: 'A' }] }, 'meetings.0.room'],
      ['meetings not an array', { meetings: 'Mon 1-2' }, 'meetings'],
      ['an unknown lecture', { lectureId: 999999 }, 'lectureId'],
      ['an unknown professor', { professorId: 999999 }, 'professorId'],
      ['enrolled set by hand', { enrolled: 3 }, 'enrolled'],
    ])('refuses %s with 400', async (_n, o, field) => {
      expectError(await as('POST', '/api/admin/sections', body({ sectionNo: 50, ...o })), 400, 'VALIDATION_FAILED', field);
    });

    it('never double-books a professor (409 PROFESSOR_DOUBLE_BOOKED), on create and on update', async () => {
      await as('POST', '/api/admin/sections', body({ lectureId: lecture2, sectionNo: 1, meetings: [{ day: 5, startPeriod: 3, endPeriod: 5 }] }));
      expectError(await as('POST', '/api/admin/sections', body({ lectureId: lecture2, sectionNo: 2, meetings: [{ day: 5, startPeriod: 5, endPeriod: 6 }] })), 409, 'PROFESSOR_DOUBLE_BOOKED');
      const free = await as('POST', '/api/admin/sections', body({ lectureId: lecture2, sectionNo: 3, professorId: prof2, meetings: [{ day: 5, startPeriod: 5, endPeriod: 6 }] }));
      expect(free.status).toBe(201);
      expectError(await as('PATCH', `/api/admin/sections/${free.body.id}`, { professorId: prof }), 409, 'PROFESSOR_DOUBLE_BOOKED');
      expect((await as('PATCH', `/api/admin/sections/${free.body.id}`, { meetings: [{ day: 6, startPeriod: 1, endPeriod: 1 }] })).body.meetings).toEqual([{ day: 6, startPeriod: 1, endPeriod: 1 }]);
      expect((await as('PATCH', `/api/admin/sections/${free.body.id}`, { professorId: prof })).status).toBe(200);
    });

    it('refuses a duplicate section number for a lecture (409 ALREADY_EXISTS)', async () => {
      expectError(await as('POST', '/api/admin/sections', body({ sectionNo: 1, professorId: prof2, meetings: [] })), 409, 'ALREADY_EXISTS');
    });

    it('raises and lowers capacity live, never below the enrolment (409 CAPACITY_BELOW_ENROLLMENT)', async () => {
      const sec = (await as('POST', '/api/admin/sections', body({ sectionNo: 7, capacity: 10, professorId: prof2, meetings: [{ day: 7, startPeriod: 1, endPeriod: 1 }] }))).body.id;
      const students = await Promise.all([1, 2, 3].map(async () => (await api.fx.student(major)).id));
      for (const st of students) await api.fx.enrollment(st, sec);
      // Fixtures write MySQL behind the engine's back: let it re-read the section from MySQL.
      const keys = new RedisKeys(api.env.config.redis.prefix);
      await api.env.redis.del(keys.section(sec));
      expect((await as('PATCH', `/api/admin/sections/${sec}`, { capacity: 40 })).body).toMatchObject({ capacity: 40 });
      expect((await as('PATCH', `/api/admin/sections/${sec}`, { capacity: 3 })).body).toMatchObject({ capacity: 3, remaining: 0 });
      expectError(await as('PATCH', `/api/admin/sections/${sec}`, { capacity: 2 }), 409, 'CAPACITY_BELOW_ENROLLMENT');
      const [[row]] = (await api.env.sql.query('SELECT capacity FROM section WHERE id = ?', [sec])) as any;
      expect(row.capacity).toBe(3);
      // The engine's Redis state follows the committed capacity.
      const cap = await api.env.redis.hget(keys.section(sec), 'cap');
      if (cap !== null) expect(Number(cap)).toBe(3);
    });

    it('asks the engine first: seats granted in Redis but not yet committed still block a cut', async () => {
      const sec = (await as('POST', '/api/admin/sections', body({ sectionNo: 8, capacity: 10, professorId: prof2, meetings: [{ day: 7, startPeriod: 5, endPeriod: 5 }] }))).body.id;
      const keys = new RedisKeys(api.env.config.redis.prefix);
      expect((await as('PATCH', `/api/admin/sections/${sec}`, { capacity: 9 })).status).toBe(200);
      if ((await api.env.redis.hget(keys.section(sec), 'cap')) === null) return; // no engine in this build
      await api.env.redis.hset(keys.section(sec), 'n', 6);
      expectError(await as('PATCH', `/api/admin/sections/${sec}`, { capacity: 5 }), 409, 'CAPACITY_BELOW_ENROLLMENT');
      const [[row]] = (await api.env.sql.query('SELECT capacity FROM section WHERE id = ?', [sec])) as any;
      expect(row.capacity).toBe(9);
      expect(await api.env.redis.hget(keys.section(sec), 'cap')).toBe('9');
    });

    it('moves meetings in the engine too, and a seat granted in Redis but not yet committed blocks the move', async () => {
      const sec = (await as('POST', '/api/admin/sections', body({ sectionNo: 40, professorId: prof2, meetings: [{ day: 6, startPeriod: 1, endPeriod: 1 }] }))).body.id;
      const keys = new RedisKeys(api.env.config.redis.prefix);
      // Free: MySQL and Redis (the time-conflict rule's slots, day*32+period) both move.
      expect((await as('PATCH', `/api/admin/sections/${sec}`, { meetings: [{ day: 6, startPeriod: 3, endPeriod: 4 }] })).status).toBe(200);
      expect(await api.env.redis.hget(keys.section(sec), 'slots')).toBe('195,196');
      // A grant MySQL has not seen yet: refused, and neither side moves.
      await api.env.redis.hset(keys.section(sec), 'n', 1);
      expectError(await as('PATCH', `/api/admin/sections/${sec}`, { meetings: [{ day: 6, startPeriod: 7, endPeriod: 7 }] }), 409, 'IN_USE');
      expect(await api.env.redis.hget(keys.section(sec), 'slots')).toBe('195,196');
      expect((await as('GET', `/api/admin/sections/${sec}`)).body.meetings).toEqual([{ day: 6, startPeriod: 3, endPeriod: 4 }]);
    });

    it('keeps enrolled sections consistent: lecture and meetings cannot move under students (409 IN_USE)', async () => {
      const sec = (await as('POST', '/api/admin/sections', body({ sectionNo: 9, professorId: prof2, meetings: [{ day: 4, startPeriod: 9, endPeriod: 9 }] }))).body.id;
      await api.fx.enrollment((await api.fx.student(major)).id, sec);
      expectError(await as('PATCH', `/api/admin/sections/${sec}`, { meetings: [{ day: 4, startPeriod: 10, endPeriod: 10 }] }), 409, 'IN_USE');
      expectError(await as('PATCH', `/api/admin/sections/${sec}`, { lectureId: lecture2 }), 409, 'IN_USE');
      expect((await as('PATCH', `/api/admin/sections/${sec}`, { description: 'Moved online' })).body.description).toBe('Moved online');
      expectError(await as('DELETE', `/api/admin/sections/${sec}`), 409, 'IN_USE');
      expect((await as('GET', `/api/admin/sections/${sec}`)).body.meetings).toHaveLength(1);
    });

    it('a section in a cart is IN_USE; a free one is deleted with its meetings', async () => {
      const inCart = (await as('POST', '/api/admin/sections', body({ sectionNo: 10, professorId: prof2, meetings: [{ day: 4, startPeriod: 12, endPeriod: 12 }] }))).body.id;
      await api.env.sql.query('INSERT INTO cart_item (student_id, section_id) VALUES (?, ?)', [(await api.fx.student(major)).id, inCart]);
      expectError(await as('DELETE', `/api/admin/sections/${inCart}`), 409, 'IN_USE');
      const free = (await as('POST', '/api/admin/sections', body({ sectionNo: 11, professorId: prof2, meetings: [{ day: 4, startPeriod: 14, endPeriod: 14 }] }))).body.id;
      expect((await as('DELETE', `/api/admin/sections/${free}`)).status).toBe(204);
      const [[row]] = (await api.env.sql.query('SELECT COUNT(*) AS n FROM section_meeting WHERE section_id = ?', [free])) as any;
      expect(Number(row.n)).toBe(0);
      expectError(await as('GET', `/api/admin/sections/${free}`), 404, 'NOT_FOUND');
    });

    it('roster as JSON and as a CSV download that no spreadsheet will execute', async () => {
      const sec = (await as('POST', '/api/admin/sections', body({ sectionNo: 12, professorId: prof2, meetings: [{ day: 3, startPeriod: 14, endPeriod: 14 }] }))).body.id;
      const a = await api.fx.student(major, { name: '김철수', email: 'kim@goorm.test' });
      const b = await api.fx.student(major, { name: '=HYPERLINK("http://x","y")', email: 'evil@goorm.test' });
      await api.fx.enrollment(a.id, sec);
      await api.fx.enrollment(b.id, sec);
      const json = await as('GET', `/api/admin/sections/${sec}/roster`);
      expect(json.status).toBe(200);
      expect(json.body.section.id).toBe(sec);
      expect(json.body.students.map((s: any) => s.studentId)).toEqual([a.id, b.id]);
      expect(json.body.students[0]).toEqual({ studentId: a.id, studentNo: a.studentNo, name: '김철수', email: 'kim@goorm.test', majorId: major, grade: 1, enrolledAt: expect.any(String) });
      expect(json.text).not.toMatch(/password|argon/i);

      const csv = await as('GET', `/api/admin/sections/${sec}/roster?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="roster-section-${sec}.csv"`);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('studentId,studentNo,name,email,majorId,grade,enrolledAt');
      expect(lines[1]).toContain('김철수');
      expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
      expectError(await as('GET', '/api/admin/sections/999999/roster?format=csv'), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/admin/sections/${sec}/roster?format=xml`), 400, 'VALIDATION_FAILED', 'format');
    });
  });

  describe('students', () => {
    const body = (majorId: number, o: Record<string, unknown> = {}) => ({ studentNo: 'S2026001', name: 'New Student', email: 'new@goorm.test', password: 'long enough', majorId, grade: 1, maxCredits: 18, ...o });

    it('CRUD; the password is hashed and never read back', async () => {
      const major = (await as('POST', '/api/admin/majors', { name: 'Students Dept', generalEducation: false })).body.id;
      const created = await as('POST', '/api/admin/students', body(major));
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), studentNo: 'S2026001', name: 'New Student', email: 'new@goorm.test', majorId: major, grade: 1, maxCredits: 18 });
      const id = created.body.id;
      for (const res of [created, await as('GET', `/api/admin/students/${id}`), await as('GET', '/api/admin/students?q=S2026')]) {
        expect(res.text).not.toMatch(/password|argon|hash/i);
      }
      expect((await as('GET', '/api/admin/students?q=S2026')).body.items.map((s: any) => s.id)).toEqual([id]);
      expect((await as('PATCH', `/api/admin/students/${id}`, { grade: 2, password: 'another secret' })).body.grade).toBe(2);
      expect((await api.call('POST', '/api/auth/student/login', { body: { studentNo: 'S2026001', password: 'another secret' } })).status).toBe(200);
      expectError(await as('POST', '/api/admin/students', body(major)), 409, 'ALREADY_EXISTS');
      expect((await as('DELETE', `/api/admin/students/${id}`)).status).toBe(204);
    });

    it.each([
      ['grade 7', { grade: 7 }, 'grade'],
      ['grade 0', { grade: 0 }, 'grade'],
      ['maxCredits 41', { maxCredits: 41 }, 'maxCredits'],
      ['a bad email', { email: 'not-an-email' }, 'email'],
      ['a short password', { password: 'short' }, 'password'],
      ['a bad student number', { studentNo: 'A B' }, 'studentNo'],
      ['an unknown major', { majorId: 999999 }, 'majorId'],
      ['a password hash', { passwordHash: 'x' }, 'passwordHash'],
    ])('refuses %s with 400', async (_n, o, field) => {
      expectError(await as('POST', '/api/admin/students', body(1, { studentNo: 'S2026999', ...o })), 400, 'VALIDATION_FAILED', field);
    });

    it('a student with enrollments is IN_USE; max credits cannot drop below enrolled credits', async () => {
      const major = await api.fx.major();
      const prof = await api.fx.professor(major);
      const sec = await api.fx.section(await api.fx.lecture(major, { credits: 3 }), prof);
      const st = await api.fx.student(major);
      await api.fx.enrollment(st.id, sec);
      expectError(await as('DELETE', `/api/admin/students/${st.id}`), 409, 'IN_USE');
      expectError(await as('PATCH', `/api/admin/students/${st.id}`, { maxCredits: 2 }), 409, 'CREDITS_BELOW_ENROLLMENT');
      expect((await as('PATCH', `/api/admin/students/${st.id}`, { maxCredits: 3 })).status).toBe(200);
    });
  });

  it("a password staff set for a student (a reset) ends the student's sessions", async () => {
    const stu = await api.fx.student(await api.fx.major());
    const login = await api.call('POST', '/api/auth/student/login', { body: { studentNo: stu.studentNo, password: 'student1234!' } });
    expect((await as('PATCH', `/api/admin/students/${stu.id}`, { password: 'reset-by-staff-1' })).status).toBe(200);
    // Before: the old session's refresh token went on working for its 7 days.
    expect((await api.call('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/student/login', { body: { studentNo: stu.studentNo, password: 'reset-by-staff-1' } })).status).toBe(200);
  });

  describe('staff accounts', () => {
    it('CRUD; cannot delete yourself; someone with audit history is IN_USE', async () => {
      const created = await as('POST', '/api/admin/staff', { loginId: 'clerk', name: 'Clerk', password: 'clerk-pass-1' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), loginId: 'clerk', name: 'Clerk' });
      expectError(await as('POST', '/api/admin/staff', { loginId: 'clerk', name: 'Again', password: 'clerk-pass-1' }), 409, 'ALREADY_EXISTS');
      expectError(await as('POST', '/api/admin/staff', { loginId: 'x y', name: 'Bad', password: 'clerk-pass-1' }), 400, 'VALIDATION_FAILED', 'loginId');
      const clerk = await api.loginStaff('clerk', 'clerk-pass-1');
      expect((await api.call('POST', '/api/admin/majors', { token: clerk, body: { name: 'Clerk Dept', generalEducation: true } })).status).toBe(201);
      expectError(await api.call('DELETE', `/api/admin/staff/${created.body.id}`, { token: clerk }), 409, 'CONFLICT');
      expectError(await as('DELETE', `/api/admin/staff/${created.body.id}`), 409, 'IN_USE');
      const temp = await as('POST', '/api/admin/staff', { loginId: 'temp', name: 'Temp', password: 'temp-pass-1' });
      expect((await as('PATCH', `/api/admin/staff/${temp.body.id}`, { name: 'Temporary' })).body.name).toBe('Temporary');
      expect((await as('DELETE', `/api/admin/staff/${temp.body.id}`)).status).toBe(204);
      expect((await as('GET', '/api/admin/staff?q=clerk')).body.items.map((s: any) => s.loginId)).toEqual(['clerk']);
    });

    it("a deleted staff member's access token stops working at once (it read students and enrolled for them until it expired)", async () => {
      const gone = await as('POST', '/api/admin/staff', { loginId: 'leaver', name: 'Leaver', password: 'leaver-pass-1' });
      const token = await api.loginStaff('leaver', 'leaver-pass-1');
      expect((await api.call('GET', '/api/admin/students', { token })).status).toBe(200);
      expect((await as('DELETE', `/api/admin/staff/${gone.body.id}`)).status).toBe(204);
      expectError(await api.call('GET', '/api/admin/students', { token }), 401, 'UNAUTHENTICATED');
      expectError(await api.call('POST', '/api/admin/majors', { token, body: { name: 'Leaver Dept', generalEducation: false } }), 401, 'UNAUTHENTICATED');
      expect((await as('GET', '/api/admin/students')).status).toBe(200);
    });
  });

  describe('open times', () => {
    const body = (o: Record<string, unknown> = {}) => ({ name: 'Round 1', startsAt: '2030-02-01T09:00:00+09:00', endsAt: '2030-02-01T18:00:00+09:00', grades: [1, 2], majorIds: null, queueMode: 'FIFO', ...o });

    it('CRUD with nullable audiences', async () => {
      const created = await as('POST', '/api/admin/open-times', body());
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), name: 'Round 1', startsAt: '2030-02-01T00:00:00.000Z', endsAt: '2030-02-01T09:00:00.000Z', grades: [1, 2], majorIds: null, queueMode: 'FIFO' });
      const id = created.body.id;
      const patched = await as('PATCH', `/api/admin/open-times/${id}`, { grades: null, queueMode: 'RANDOM_AT_OPEN' });
      expect(patched.body).toMatchObject({ grades: null, queueMode: 'RANDOM_AT_OPEN' });
      expectError(await as('PATCH', `/api/admin/open-times/${id}`, { endsAt: '2030-01-01T00:00:00Z' }), 400, 'VALIDATION_FAILED', 'endsAt');
      expect((await as('GET', '/api/admin/open-times')).body.total).toBeGreaterThan(0);
      expect((await as('DELETE', `/api/admin/open-times/${id}`)).status).toBe(204);
    });

    it.each([
      ['start after end', { startsAt: '2030-02-02T00:00:00Z' }, 'endsAt'],
      ['start equal to end', { startsAt: '2030-02-01T18:00:00+09:00' }, 'endsAt'],
      ['a bad date', { startsAt: 'tomorrow' }, 'startsAt'],
      ['grade 7', { grades: [7] }, 'grades'],
      ['repeated grades', { grades: [1, 1] }, 'grades'],
      ['an unknown major', { majorIds: [999999] }, 'majorIds'],
      ['an unknown queue mode', { queueMode: 'LIFO' }, 'queueMode'],
    ])('refuses %s with 400', async (_n, o, field) => {
      expectError(await as('POST', '/api/admin/open-times', body(o)), 400, 'VALIDATION_FAILED', field);
    });
  });

  it('writes every staff change to the audit log: who, what, before, after (never a password)', async () => {
    const m = await as('POST', '/api/admin/majors', { name: 'Audited', generalEducation: false });
    await as('PATCH', `/api/admin/majors/${m.body.id}`, { name: 'Audited 2' });
    await as('DELETE', `/api/admin/majors/${m.body.id}`);
    const log = await as('GET', `/api/admin/audit-log?entity=major&entityId=${m.body.id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: any) => e.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    const [del, upd, cre] = log.body.items;
    expect(cre).toMatchObject({ staffId, entity: 'major', entityId: String(m.body.id), before: null, after: { name: 'Audited' } });
    expect(upd).toMatchObject({ before: { name: 'Audited' }, after: { name: 'Audited 2' } });
    expect(del).toMatchObject({ before: { name: 'Audited 2' }, after: null });
    const students = await as('GET', '/api/admin/audit-log?entity=student&size=100');
    expect(students.body.items.length).toBeGreaterThan(0);
    expect(students.text).not.toMatch(/argon|long enough|another secret|passwordHash/);
    // A refused change leaves no audit row.
    const before = (await as('GET', '/api/admin/audit-log')).body.total;
    await as('POST', '/api/admin/majors', { name: 'Physics', generalEducation: true });
    expect((await as('GET', '/api/admin/audit-log')).body.total).toBe(before);
  });
});
