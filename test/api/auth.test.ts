/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function forge(header: object, payload: object, secret: string): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('auth', () => {
  let api: Api;
  let student: { id: number; studentNo: string };
  let secret: string;

  beforeAll(async () => {
    api = await bootApi({ LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '6' });
    secret = api.env.config.auth.jwtSecret;
    const major = await api.fx.major();
    student = await api.fx.student(major);
    await api.fx.staff({ login_id: 'admin' });
  });
  afterAll(() => api?.close());

  it('signs a student in and never returns the hash', async () => {
    const res = await api.call('POST', '/api/auth/student/login', { body: { studentNo: student.studentNo, password: 'student1234!' } });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    expect(res.body.student).toMatchObject({ id: student.id, studentNo: student.studentNo, grade: 1, maxCredits: 18 });
    expect(res.text).not.toMatch(/argon2|password/i);
    const [header, payload] = res.body.accessToken.split('.').slice(0, 2).map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: String(student.id), role: 'student' });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
  });

  it('signs staff in', async () => {
    const res = await api.call('POST', '/api/auth/staff/login', { body: { loginId: 'admin', password: 'admin1234!' } });
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({ loginId: 'admin' });
    expect(res.text).not.toMatch(/argon2|passwordHash/);
  });

  it('stores argon2id hashes for accounts staff create, and they sign in', async () => {
    const staff = await api.loginStaff();
    const major = await api.fx.major();
    const created = await api.call('POST', '/api/admin/students', {
      token: staff,
      body: { studentNo: 'H0001', name: 'Hash', email: 'h@goorm.test', password: 'correct horse', majorId: major, grade: 2, maxCredits: 18 },
    });
    expect(created.status).toBe(201);
    expect(created.text).not.toMatch(/password|argon/i);
    const [[row]] = (await api.env.sql.query('SELECT password_hash FROM student WHERE id = ?', [created.body.id])) as any;
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await api.call('POST', '/api/auth/student/login', { body: { studentNo: 'H0001', password: 'correct horse' } })).status).toBe(200);
  });

  it('answers the same 401 for an unknown account and a wrong password', async () => {
    const unknown = await api.call('POST', '/api/auth/student/login', { body: { studentNo: 'nobody', password: 'x' } });
    const wrong = await api.call('POST', '/api/auth/staff/login', { body: { loginId: 'admin', password: 'nope' } });
    for (const r of [unknown, wrong]) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('refuses unknown fields and wrong types in the login body', async () => {
    const res = await api.call('POST', '/api/auth/student/login', { body: { studentNo: student.studentNo, password: 'student1234!', role: 'staff' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toContainEqual({ field: 'role', problem: 'is not a known field' });
    const typed = await api.call('POST', '/api/auth/student/login', { body: { studentNo: 1, password: ['a'] } });
    expect(typed.status).toBe(400);
  });

  it('rotates refresh tokens: each works once, logout revokes', async () => {
    const login = await api.call('POST', '/api/auth/student/login', { body: { studentNo: student.studentNo, password: 'student1234!' } });
    const first = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.role).toBe('student');
    const again = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(again.status).toBe(401);
    // A refresh token is not an access token, nor the reverse.
    const asAccess = await api.call('GET', '/api/me', { token: first.body.refreshToken });
    expect(asAccess.status).toBe(401);
    const asRefresh = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: first.body.accessToken } });
    expect(asRefresh.status).toBe(401);
    const out = await api.call('POST', '/api/auth/logout', { body: { refreshToken: first.body.refreshToken } });
    expect(out.status).toBe(204);
    const afterLogout = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(afterLogout.status).toBe(401);
  });

  describe('forged tokens are never accepted', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({ sub: String(student.id), role: 'student', iat: now(), exp: now() + 600, iss: 'goorm-registration', aud: 'api' });

    it('accepts a correctly signed token (control)', async () => {
      const res = await api.call('GET', '/api/me', { token: forge({ alg: 'HS256', typ: 'JWT' }, claims(), secret) });
      expect(res.status).toBe(200);
    });

    it.each([
      ['wrong key', () => forge({ alg: 'HS256', typ: 'JWT' }, claims(), 'x'.repeat(48))],
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['alg none with a signature', () => { const t = forge({ alg: 'HS256' }, claims(), secret).split('.'); return `${b64({ alg: 'none' })}.${t[1]}.${t[2]}`; }],
      ['HS512 with the right key', () => { const head = `${b64({ alg: 'HS512' })}.${b64(claims())}`; return `${head}.${createHmac('sha512', secret).update(head).digest('base64url')}`; }],
      ['altered claims', () => { const t = forge({ alg: 'HS256' }, claims(), secret).split('.'); return `${t[0]}.${b64({ ...claims(), sub: '999' })}.${t[2]}`; }],
      ['expired', () => forge({ alg: 'HS256' }, { ...claims(), iat: now() - 2000, exp: now() - 1000 }, secret)],
      ['wrong audience', () => forge({ alg: 'HS256' }, { ...claims(), aud: 'refresh' }, secret)],
      ['no issuer', () => forge({ alg: 'HS256' }, { ...claims(), iss: undefined }, secret)],
      ['unknown role', () => forge({ alg: 'HS256' }, { ...claims(), role: 'admin' }, secret)],
      ['non-numeric subject', () => forge({ alg: 'HS256' }, { ...claims(), sub: '1 OR 1=1' }, secret)],
      ['garbage', () => 'not.a.token'],
    ])('%s → 401', async (_name, make) => {
      const res = await api.call('GET', '/api/me', { token: make() });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('a staff token on a student route → 403 and the reverse', async () => {
      const staff = forge({ alg: 'HS256' }, { ...claims(), role: 'staff', sub: '1' }, secret);
      expect((await api.call('GET', '/api/me', { token: staff })).status).toBe(403);
      const stu = forge({ alg: 'HS256' }, claims(), secret);
      const res = await api.call('GET', '/api/admin/majors', { token: stu });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('no token or a malformed header → 401', async () => {
      expect((await api.call('GET', '/api/me')).status).toBe(401);
      expect((await api.call('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    });
  });

  describe('brute force', () => {
    it('refuses one (account, IP) pair after repeated failures, with Retry-After, but not the student elsewhere', async () => {
      const victim = await api.fx.student(await api.fx.major());
      const from = (ip: string, password: string) =>
        api.call('POST', '/api/auth/student/login', { body: { studentNo: victim.studentNo, password }, remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.66', 'guess')).status).toBe(401);
      const blocked = await from('10.0.0.66', 'student1234!');
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('10.0.0.7', 'student1234!')).status).toBe(200);
    });

    it('counts a staff login id however it is typed (MySQL matches it ignoring case): no fresh budget per spelling', async () => {
      await api.fx.staff({ login_id: 'casey' });
      const from = (loginId: string, password: string) =>
        api.call('POST', '/api/auth/staff/login', { body: { loginId, password }, remoteAddress: '10.0.0.77' });
      for (const spelling of ['casey', 'CASEY', 'Casey']) expect((await from(spelling, 'guess')).status).toBe(401);
      // Before: each spelling had a budget of its own, and 'CaSeY' with the right password got in.
      expect((await from('CaSeY', 'admin1234!')).status).toBe(429);
    });

    it('slows (never locks) an account attacked from many IPs', async () => {
      const victim = await api.fx.student(await api.fx.major());
      const from = (ip: string, password: string) =>
        api.call('POST', '/api/auth/student/login', { body: { studentNo: victim.studentNo, password }, remoteAddress: ip });
      for (let i = 0; i < 6; i++) expect((await from(`10.1.0.${i}`, 'guess')).status).toBe(401);
      // Slowed: one attempt per few seconds for the account, whoever asks.
      expect((await from('10.1.1.1', 'guess')).status).toBe(401);
      const slowed = await from('10.1.1.2', 'student1234!');
      expect(slowed.status).toBe(429);
      expect(slowed.headers['retry-after']).toBe('3');
      await new Promise((r) => setTimeout(r, 3100));
      expect((await from('10.1.1.2', 'student1234!')).status).toBe(200);
    });
  });
});

describe('auth: per-IP limit', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: '3' }); });
  afterAll(() => api?.close());

  it('answers 429 with Retry-After past the per-IP limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api.call('POST', '/api/auth/staff/login', { body: { loginId: `who${i}`, password: 'x' }, headers: { 'x-forwarded-for': '10.9.9.9' } });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
