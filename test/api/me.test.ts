/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

describe('/api/me', () => {
  let api: Api;
  let alice: { id: number; studentNo: string; token: string };
  let bob: { id: number; studentNo: string; token: string };
  let staff: string;
  let sections: number[];

  beforeAll(async () => {
    api = await bootApi();
    const major = await api.fx.major({ name: 'Computer Science' });
    const prof = await api.fx.professor(major, { name: 'Kim' });
    const l1 = await api.fx.lecture(major, { code: 'CS101', name: 'Intro', credits: 3 });
    const l2 = await api.fx.lecture(major, { code: 'CS201', name: 'Data Structures', credits: 2 });
    const l3 = await api.fx.lecture(major, { code: 'CS301', name: 'Compilers', credits: 3 });
    sections = [
      await api.fx.section(l1, prof, {}, [[1, 1, 2], [3, 1, 2]]),
      await api.fx.section(l2, prof, {}, [[2, 3, 4]]),
      await api.fx.section(l3, prof, {}, [[4, 5, 6]]),
    ];
    const a = await api.fx.student(major, { grade: 3, max_credits: 21, name: 'Alice', email: 'alice@goorm.test' });
    const b = await api.fx.student(major, { name: 'Bob', email: 'bob@goorm.test' });
    alice = { ...a, token: await api.loginStudent(a.studentNo) };
    bob = { ...b, token: await api.loginStudent(b.studentNo) };
    await api.fx.staff({ login_id: 'admin' });
    staff = await api.loginStaff();
    await api.fx.enrollment(alice.id, sections[0]!);
    await api.fx.enrollment(alice.id, sections[1]!);
    await api.fx.enrollment(bob.id, sections[2]!);
  });
  afterAll(() => api?.close());

  it('GET /api/me: the caller, with enrolled credits and no secrets', async () => {
    const res = await api.call('GET', '/api/me', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: alice.id, studentNo: alice.studentNo, name: 'Alice', email: 'alice@goorm.test', majorId: expect.any(Number), grade: 3, maxCredits: 21, enrolledCredits: 5 });
    expect(res.text).not.toMatch(/password|hash|argon/i);
  });

  it('the id comes from the token only: a studentId anywhere else changes nothing', async () => {
    const res = await api.call('GET', `/api/me?studentId=${bob.id}`, { token: alice.token });
    expect(res.body.id).toBe(alice.id);
  });

  it('staff tokens are refused on student routes (403), no token is 401', async () => {
    for (const path of ['/api/me', '/api/me/cart', '/api/me/enrollments', '/api/me/timetable']) {
      expect((await api.call('GET', path, { token: staff })).status).toBe(403);
      expect((await api.call('GET', path)).status).toBe(401);
    }
    expect((await api.call('POST', '/api/me/cart', { token: staff, body: { sectionId: sections[0] } })).status).toBe(403);
    expect((await api.call('DELETE', `/api/me/cart/${sections[0]}`, { token: staff })).status).toBe(403);
  });

  it("a deleted student's token answers 401 on every /me route (cart and enrollments said [] and the add 'no such section')", async () => {
    const major = await api.fx.major();
    const dave = await api.fx.student(major);
    const token = await api.loginStudent(dave.studentNo);
    await api.env.sql.query('DELETE FROM student WHERE id = ?', [dave.id]);
    for (const path of ['/api/me', '/api/me/cart', '/api/me/enrollments', '/api/me/timetable', '/api/me/requests']) {
      const res = await api.call('GET', path, { token });
      expect(res.status, path).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await api.call('POST', '/api/me/cart', { token, body: { sectionId: sections[0] } })).status).toBe(401);
  });

  it('a student changes their password: the current one first; the new one signs in, the old one no longer does', async () => {
    const major = await api.fx.major();
    const erin = await api.fx.student(major);
    const token = await api.loginStudent(erin.studentNo);
    // A second session (another device, or a stolen one): its refresh token ends with the change.
    const other = await api.call('POST', '/api/auth/student/login', { body: { studentNo: erin.studentNo, password: 'student1234!' } });
    const otherRefresh = other.body.refreshToken as string;
    const wrong = await api.call('PATCH', '/api/me/password', { token, body: { currentPassword: 'not-it', newPassword: 'a-new-pass-1' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([{ field: 'currentPassword', problem: 'is not your current password' }]);
    expect((await api.call('PATCH', '/api/me/password', { token, body: { currentPassword: 'student1234!', newPassword: 'short' } })).status).toBe(400);
    expect((await api.call('PATCH', '/api/me/password', { token, body: { currentPassword: 'student1234!', newPassword: 'student1234!' } })).status).toBe(400);
    expect((await api.call('PATCH', '/api/me/password', { token, body: { currentPassword: 'student1234!', newPassword: 'a-new-pass-1' } })).status).toBe(204);
    expect((await api.call('POST', '/api/auth/student/login', { body: { studentNo: erin.studentNo, password: 'student1234!' } })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/student/login', { body: { studentNo: erin.studentNo, password: 'a-new-pass-1' } })).status).toBe(200);
    expect((await api.call('POST', '/api/auth/refresh', { body: { refreshToken: otherRefresh } })).status).toBe(401);
  });

  describe('cart', () => {
    it('adds (201), lists, refuses a duplicate (409) and an unknown section (404), removes (204)', async () => {
      const added = await api.call('POST', '/api/me/cart', { token: alice.token, body: { sectionId: sections[2] } });
      expect(added.status).toBe(201);
      expect(added.body.section).toMatchObject({ id: sections[2], lectureCode: 'CS301' });
      expect(Date.parse(added.body.addedAt)).not.toBeNaN();

      const dup = await api.call('POST', '/api/me/cart', { token: alice.token, body: { sectionId: sections[2] } });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('ALREADY_EXISTS');

      const missing = await api.call('POST', '/api/me/cart', { token: alice.token, body: { sectionId: 999999 } });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');

      const list = await api.call('GET', '/api/me/cart', { token: alice.token });
      expect(list.body.map((i: any) => i.section.id)).toEqual([sections[2]]);

      expect((await api.call('DELETE', `/api/me/cart/${sections[2]}`, { token: alice.token })).status).toBe(204);
      const again = await api.call('DELETE', `/api/me/cart/${sections[2]}`, { token: alice.token });
      expect(again.status).toBe(404);
      expect((await api.call('GET', '/api/me/cart', { token: alice.token })).body).toEqual([]);
    });

    it.each([
      ['a string id', { sectionId: '1' }, 'sectionId'],
      ['a missing id', {}, 'sectionId'],
      ['a negative id', { sectionId: -1 }, 'sectionId'],
      ['another studentId', { sectionId: 1, studentId: 2 }, 'studentId'],
      ['a priority', { sectionId: 1, priority: 0 }, 'priority'],
      ['__proto__', JSON.parse('{"sectionId":1,"__proto__":{"admin":true}}'), '__proto__'],
    ])('refuses %s with 400', async (_n, body, field) => {
      const res = await api.call('POST', '/api/me/cart', { token: alice.token, body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      if (field !== '__proto__') expect(res.body.details.map((d: any) => d.field)).toContain(field);
    });

    it('holds at most 40 sections, even for adds that arrive at once (the count and the insert were two steps)', async () => {
      const major = await api.fx.major();
      const prof = await api.fx.professor(major);
      const lecture = await api.fx.lecture(major);
      const many: number[] = [];
      for (let i = 0; i < 50; i++) many.push(await api.fx.section(lecture, prof, {}, []));
      const carol = await api.fx.student(major);
      const token = await api.loginStudent(carol.studentNo);
      await api.env.sql.query('INSERT INTO cart_item (student_id, section_id) VALUES ?', [many.slice(0, 39).map((x) => [carol.id, x])]);
      const answers = await Promise.all(many.slice(39, 49).map((sectionId) => api.call('POST', '/api/me/cart', { token, body: { sectionId } })));
      // Before: up to eight of the ten were 201 (the race shows in about half of the runs here).
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.body.code === 'CART_FULL')).toBe(true);
      const [[n]] = (await api.env.sql.query('SELECT COUNT(*) AS n FROM cart_item WHERE student_id = ?', [carol.id])) as unknown as [[{ n: number }]];
      expect(Number(n.n)).toBe(40);
    });

    it('a cart add beside a commit batch that locks its section and then waitlists the same student: no deadlock (a student row lock deadlocked)', async () => {
      const major = await api.fx.major();
      const prof = await api.fx.professor(major);
      const [l1, l2] = [await api.fx.lecture(major), await api.fx.lecture(major)];
      const [s1, s2] = [await api.fx.section(l1, prof, {}, []), await api.fx.section(l2, prof, {}, [])];
      const frank = await api.fx.student(major);
      const token = await api.loginStudent(frank.studentNo);
      // The committer's order in one transaction: section counts first, then a waitlist row (its foreign
      // key takes a shared lock on the student's row).
      const committer = await (api.env.sql as unknown as { getConnection(): Promise<{ query(sql: string, p?: unknown[]): Promise<unknown>; release(): void }> }).getConnection();
      try {
        await committer.query('START TRANSACTION');
        await committer.query('UPDATE section SET enrolled_count = enrolled_count WHERE id = ?', [s1]);
        const add = api.call('POST', '/api/me/cart', { token, body: { sectionId: s1 } });
        await new Promise((r) => setTimeout(r, 300));
        let committerError: string | null = null;
        await committer.query("INSERT INTO waitlist_entry (student_id, section_id, request_id, position) VALUES (?, ?, 'cart-lock-1', 1)", [frank.id, s2])
          .catch((e: { code?: string }) => { committerError = e.code ?? 'error'; });
        await committer.query('ROLLBACK');
        const res = await add;
        expect(committerError).toBeNull();
        expect(res.status, res.text).toBe(201);
      } finally {
        committer.release();
      }
    });

    it('IDOR: one student never sees or changes another student\'s cart', async () => {
      await api.call('POST', '/api/me/cart', { token: bob.token, body: { sectionId: sections[0] } });
      expect((await api.call('GET', '/api/me/cart', { token: alice.token })).body).toEqual([]);
      // Alice "removing" Bob's section only ever looks at Alice's cart.
      expect((await api.call('DELETE', `/api/me/cart/${sections[0]}`, { token: alice.token })).status).toBe(404);
      const bobs = await api.call('GET', '/api/me/cart', { token: bob.token });
      expect(bobs.body.map((i: any) => i.section.id)).toEqual([sections[0]]);
      expect(JSON.stringify(bobs.body)).not.toContain('Alice');
    });

    it('rate-limits cart writes per student (429 + Retry-After)', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, () => api.call('POST', '/api/me/cart', { token: alice.token, body: { sectionId: 999999 } })));
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]!.body.code).toBe('RATE_LIMITED');
      expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(results.every((r) => r.status === 404 || r.status === 429)).toBe(true);
    });
  });

  it('GET /api/me/enrollments: own committed enrollments only, with full sections', async () => {
    const res = await api.call('GET', '/api/me/enrollments', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.map((e: any) => e.section.id).sort()).toEqual([sections[0], sections[1]].sort());
    expect(res.body[0].section).toMatchObject({ lectureCode: expect.any(String), meetings: expect.any(Array), professorName: 'Kim' });
    expect(Date.parse(res.body[0].enrolledAt)).not.toBeNaN();
    const bobs = await api.call('GET', '/api/me/enrollments', { token: bob.token });
    expect(bobs.body.map((e: any) => e.section.id)).toEqual([sections[2]]);
  });

  it('GET /api/me/timetable: credits, limit and every meeting, ordered by day and period', async () => {
    const res = await api.call('GET', '/api/me/timetable', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      credits: 5,
      maxCredits: 21,
      meetings: [
        { day: 1, startPeriod: 1, endPeriod: 2, sectionId: sections[0], lectureName: 'Intro', professorName: 'Kim' },
        { day: 2, startPeriod: 3, endPeriod: 4, sectionId: sections[1], lectureName: 'Data Structures', professorName: 'Kim' },
        { day: 3, startPeriod: 1, endPeriod: 2, sectionId: sections[0], lectureName: 'Intro', professorName: 'Kim' },
      ],
    });
  });

  it('a valid token for a deleted student gets 401 on its profile', async () => {
    const gone = await api.fx.student(await api.fx.major());
    const token = await api.loginStudent(gone.studentNo);
    await api.env.sql.query('DELETE FROM student WHERE id = ?', [gone.id]);
    expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
  });
});
