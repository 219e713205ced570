/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

const TABLES = ['major', 'professor', 'lecture', 'section', 'section_meeting', 'student', 'staff', 'open_time', 'cart_item', 'enrollment'];

/** Write routes and the fields their bodies carry (the fuzzer mixes right names with wrong values). */
const TARGETS: { method: string; url: string; role: 'student' | 'staff' | 'none'; fields: string[] }[] = [
  { method: 'POST', url: '/api/auth/student/login', role: 'none', fields: ['studentNo', 'password'] },
  { method: 'POST', url: '/api/auth/staff/login', role: 'none', fields: ['loginId', 'password'] },
  { method: 'POST', url: '/api/auth/refresh', role: 'none', fields: ['refreshToken'] },
  { method: 'POST', url: '/api/me/cart', role: 'student', fields: ['sectionId'] },
  { method: 'POST', url: '/api/admin/majors', role: 'staff', fields: ['name', 'generalEducation'] },
  { method: 'PATCH', url: '/api/admin/majors/1', role: 'staff', fields: ['name', 'generalEducation'] },
  { method: 'POST', url: '/api/admin/professors', role: 'staff', fields: ['name', 'majorId'] },
  { method: 'POST', url: '/api/admin/lectures', role: 'staff', fields: ['code', 'name', 'credits', 'majorId'] },
  { method: 'POST', url: '/api/admin/sections', role: 'staff', fields: ['lectureId', 'professorId', 'sectionNo', 'capacity', 'minimum', 'meetings', 'description'] },
  { method: 'PATCH', url: '/api/admin/sections/1', role: 'staff', fields: ['capacity', 'meetings', 'professorId'] },
  { method: 'POST', url: '/api/admin/students', role: 'staff', fields: ['studentNo', 'name', 'email', 'password', 'majorId', 'grade', 'maxCredits'] },
  { method: 'POST', url: '/api/admin/staff', role: 'staff', fields: ['loginId', 'name', 'password'] },
  { method: 'POST', url: '/api/admin/open-times', role: 'staff', fields: ['name', 'startsAt', 'endsAt', 'grades', 'majorIds', 'queueMode'] },
];

const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, '', ' ', '0', 'NaN', '1e9', [], {}, [1, 1], ['x'], { day: 9 }, '2030-13-45', '__proto__', "'; DROP TABLE major; --"),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.record({ day: fc.integer({ min: -2, max: 10 }), startPeriod: fc.integer({ min: -2, max: 40 }), endPeriod: fc.anything() }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const malformedBody = (fields: string[]) =>
  fc.oneof(
    // right field names, wrong values, plus sometimes a forbidden extra field
    fc.tuple(fc.dictionary(fc.constantFrom(...fields), wrongValue), fc.option(fc.constantFrom('studentId', 'priority', 'position', 'jobId', 'role', 'id', 'enrolled', 'passwordHash'))).map(
      ([o, extra]) => JSON.stringify(extra ? { ...o, [extra]: 1 } : o),
    ),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }), // mostly not JSON at all
    fc.constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{', '[]', 'null', '{"a":' + '['.repeat(2000) + '}'),
  );

describe('fuzzing (fast-check): malformed bodies and bad tokens never make a 5xx, a stack trace or a write', () => {
  let api: Api;
  let tokens: { student: string; staff: string };
  const rows = async () => {
    const counts: Record<string, number> = {};
    for (const t of TABLES) {
      const [[r]] = (await api.env.sql.query(`SELECT COUNT(*) AS n FROM \`${t}\``)) as any;
      counts[t] = Number(r.n);
    }
    return counts;
  };

  beforeAll(async () => {
    api = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: '100000' });
    const major = await api.fx.major();
    const prof = await api.fx.professor(major);
    await api.fx.section(await api.fx.lecture(major), prof);
    await api.fx.staff({ login_id: 'admin' });
    tokens = { student: await api.loginStudent((await api.fx.student(major)).studentNo), staff: await api.loginStaff() };
  });
  afterAll(() => api?.close());

  it('3,000 malformed bodies → only 4xx (or a 2xx that really wrote), never 5xx', async () => {
    const before = await rows();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TARGETS).chain((t) => fc.tuple(fc.constant(t), malformedBody(t.fields))), fc.context(), async ([target, body], ctx) => {
        const token = target.role === 'none' ? undefined : tokens[target.role];
        const res = await api.call(target.method, target.url, { token, body, headers: { 'content-type': 'application/json' } });
        ctx.log(`${target.method} ${target.url} ${body.slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.body).toMatchObject({ statusCode: res.status, code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) });
          expect(res.text).not.toMatch(/\n\s+at |node_modules|ER_[A-Z_]{3,}|SELECT |INSERT /);
        } else if (target.method === 'POST' && res.status === 201) {
          created++;
        }
      }),
      { numRuns: 3000, seed: 20261125 },
    );
    const after = await rows();
    const grew = Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0);
    // A body the fuzzer happened to get right may create one row (and a section its meetings); nothing else moves.
    expect(grew).toBeLessThanOrEqual(created * 3);
    expect(after.enrollment).toBe(before.enrollment);
    expect(created).toBeLessThan(30);
  });

  it('2,000 bad or tampered tokens → 401/403, never 5xx', async () => {
    const valid = tokens.student;
    const [h, p, s] = valid.split('.') as [string, string, string];
    const token = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,43}$/),
      fc.nat({ max: valid.length - 1 }).chain((i) => fc.constantFrom(...'AbZ9-_.'.split('')).map((c) => valid.slice(0, i) + c + valid.slice(i + 1))).filter((t) => t !== valid),
      fc.jsonValue().map((v) => `${h}.${Buffer.from(JSON.stringify(v)).toString('base64url')}.${s}`),
      fc.jsonValue().map((v) => `${Buffer.from(JSON.stringify(v)).toString('base64url')}.${p}.${s}`),
    );
    const route = fc.constantFrom('/api/me', '/api/me/cart', '/api/sections', '/api/admin/majors', '/api/open-times/current');
    await fc.assert(
      fc.asyncProperty(token, route, fc.constantFrom('Bearer ', 'bearer ', '', 'Bearer  '), async (t, url, scheme) => {
        const res = await api.call('GET', url, { headers: { authorization: `${scheme}${t}` } });
        expect(res.status).toBeGreaterThanOrEqual(401);
        expect(res.status).toBeLessThanOrEqual(403);
      }),
      { numRuns: 2000, seed: 20261125 },
    );
  });

  it('query strings: 1,000 generated catalogue queries → 200 or 400, never 5xx', async () => {
    const key = fc.constantFrom('q', 'majorId', 'day', 'credits', 'professor', 'generalEducation', 'hasSeats', 'page', 'size', 'sort', 'order', 'x', '__proto__', 'studentId');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('true', 'false', '-1', '0', '100', '101', '1e3', '%', '%00', '[]'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), async (pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await api.call('GET', `/api/sections?${qs}`, { token: tokens.student });
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 1000, seed: 20261125 },
    );
  });
});
