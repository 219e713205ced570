import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { signToken, type Cluster } from './cluster.js';
import { History, request, type Answer } from './history.js';
import { report } from './report.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** The forged-token set: every way a token must not get in (plan test 12). */
export function forgedTokens(c: Cluster): [string, string][] {
  const now = Math.floor(Date.now() / 1000);
  const valid = c.token(1);
  const [head, body, sig] = valid.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  return [
    ['alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`],
    ['alg none, original signature', `${b64({ alg: 'none', typ: 'JWT' })}.${body}.${sig}`],
    ['wrong key', signToken('another-secret-of-32-characters-or-more!', { sub: '1', role: 'student' })],
    ['expired', signToken(c.secret, { sub: '1', role: 'student', iat: now - 3600, exp: now - 60 })],
    ['not yet valid', signToken(c.secret, { sub: '1', role: 'student', nbf: now + 3600 })],
    ['tampered sub', `${head}.${b64({ ...claims, sub: '2' })}.${sig}`],
    ['tampered role → staff', `${head}.${b64({ ...claims, role: 'staff' })}.${sig}`],
    ['refresh audience', signToken(c.secret, { sub: '1', role: 'student', aud: 'refresh' })],
    ['wrong issuer', signToken(c.secret, { sub: '1', role: 'student', iss: 'evil' })],
    ['HS512 with the right key', signToken(c.secret, { sub: '1', role: 'student' }, { alg: 'HS512', typ: 'JWT' })],
    ['unknown role', signToken(c.secret, { sub: '1', role: 'admin' })],
    ['sub not a number', signToken(c.secret, { sub: '1 OR 1=1', role: 'student' })],
    ['empty signature', `${head}.${body}.`],
    ['truncated', valid.slice(0, -5)],
  ];
}

/** Counts every row a request could write, and the Redis line: "0 writes" means these never move. */
export async function writeCounts(c: Cluster): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['enrollment', 'decision_log', 'cart_item', 'waitlist_entry', 'audit_log', 'section', 'student', 'staff', 'major', 'lecture', 'open_time']) {
    const [[row]] = (await c.env.sql.query(`SELECT COUNT(*) AS n FROM \`${t}\``)) as unknown as [[{ n: number }]];
    out[t] = Number(row.n);
  }
  out.line = await c.env.redis.zcard(c.keys.line);
  out.lineSeq = Number((await c.env.redis.get(c.keys.lineSeq)) ?? 0);
  return out;
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const leaks = (a: Answer) => /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+|stack|QueryFailedError|ER_[A-Z_]+|SELECT |INSERT /.test(a.text);

const FORBIDDEN = ['priority', 'position', 'jobId', 'studentId', '__proto__', 'constructor', 'status', 'requestId'];

/**
 * Malformed requests from the API's shapes (plan test 15): every body carries a forbidden or
 * wrong-typed field, so none may be accepted; tokens are valid, so validation is what answers.
 */
function malformed(c: Cluster): fc.Arbitrary<{ method: string; path: string; body?: string; headers: Record<string, string> }> {
  const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
  const badSection = fc.oneof(fc.string(), fc.double({ noInteger: true }), fc.integer({ max: 0 }), fc.constant(null), fc.constant(2 ** 53), fc.array(fc.nat()), fc.object({ maxDepth: 1 }));
  const enrollBody = fc.oneof(
    fc.tuple(fc.constantFrom(...FORBIDDEN), junk, fc.integer({ min: 1, max: 3 })).map(([k, v, s]) => `{"sectionId":${s},${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}`),
    badSection.map((v) => JSON.stringify({ sectionId: v })),
    fc.dictionary(fc.string({ maxLength: 10 }).filter((k) => k !== 'sectionId' && k !== 'waitlist'), junk, { minKeys: 1, maxKeys: 4 }).map((o) => JSON.stringify(o)),
    fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
    fc.constant('{"sectionId":1,"__proto__":{"admin":true}}'),
    fc.constant(JSON.stringify({ sectionId: 1, pad: 'x'.repeat(20_000) })),
  );
  const student = fc.integer({ min: 1, max: c.uni.students });
  return fc.oneof(
    fc.tuple(student, enrollBody).map(([s, body]) => ({ method: 'POST', path: '/api/me/enrollments', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, enrollBody).map(([s, body]) => ({ method: 'POST', path: '/api/me/cart', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, fc.string({ maxLength: 40 })).map(([s, id]) => ({ method: 'DELETE', path: `/api/me/enrollments/${encodeURIComponent(id)}x`, headers: { authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, fc.string({ maxLength: 60 })).map(([s, id]) => ({ method: 'GET', path: `/api/me/requests/${encodeURIComponent(id)}`, headers: { authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, fc.dictionary(fc.constantFrom('q', 'majorId', 'day', 'credits', 'page', 'size', 'hasSeats', 'zz'), fc.string({ maxLength: 20 }))).map(([s, q]) => ({ method: 'GET', path: `/api/sections?${new URLSearchParams(q)}`, headers: { authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, junk).map(([s, v]) => ({ method: 'POST', path: '/api/admin/sections', body: JSON.stringify({ lectureId: v }), headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token(s)}` } })),
    fc.tuple(student, enrollBody).map(([s, body]) => ({ method: 'POST', path: '/api/me/enrollments', body, headers: { 'content-type': 'text/xml', authorization: `Bearer ${c.token(s)}` } })),
  );
}

/** Runs the fuzzing, forged-token and abuse checks; returns the figures (the test asserts). */
export async function attack(c: Cluster, fuzzCount: number) {
  const before = await writeCounts(c);
  const rssBefore = rss(c.api!.child.pid!);
  // Forged tokens, each on a student route (with a valid body) and a staff route.
  const forged: { name: string; student: number; staff: number }[] = [];
  for (const [name, token] of [...forgedTokens(c), ['student token on a staff route', c.token(1)] as [string, string]]) {
    const a = await request(c.base, 'POST', '/api/me/enrollments', { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"sectionId":1}' });
    const b = await request(c.base, 'GET', '/api/admin/queue', { headers: { authorization: `Bearer ${token}` } });
    forged.push({ name, student: name === 'student token on a staff route' ? -a.status : a.status, staff: b.status });
  }
  const forgedAccepted = forged.filter((f) => (f.student >= 200 && f.student < 300) || (f.staff >= 200 && f.staff < 300)).map((f) => f.name);
  // Fuzzing.
  const cases = fc.sample(malformed(c), { numRuns: fuzzCount, seed: 20261125 });
  const statuses: Record<string, number> = {};
  const bad: string[] = [];
  let leaked = 0;
  const t0 = Date.now();
  await History.pool(cases.map((k) => async () => {
    const a = await request(c.base, k.method, k.path, { headers: k.headers, body: k.body }).catch((e: Error) => ({ status: 0, text: e.message, headers: {}, json: null }) as Answer);
    statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    if (a.status === 0 || a.status >= 500 || (a.status >= 200 && a.status < 300 && k.method !== 'GET')) bad.push(`${k.method} ${k.path} ${k.body?.slice(0, 80)} → ${a.status} ${a.text.slice(0, 120)}`);
    if (leaks(a)) leaked++;
  }), 32);
  const fuzzSeconds = (Date.now() - t0) / 1000;
  // Abuse: one student at 50 requests in a second for the same section.
  const h = new History(c.base, (s) => c.token(s));
  const abuser = c.uni.students;
  const burst = await Promise.all(Array.from({ length: 50 }, () => h.enroll(abuser, 1, null)));
  const limited = burst.filter((o) => o.status === 429);
  const places = new Set(burst.filter((o) => o.status === 202).map((o) => o.requestId));
  const after = await writeCounts(c);
  const writes = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]!]).filter(([, d]) => d !== 0));
  return {
    fuzzCount, fuzzSeconds, statuses, bad: bad.slice(0, 5), fiveXX: Object.entries(statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((n, [, v]) => n + v, 0),
    unexpected2xx: bad.filter((b) => / → 2\d\d /.test(b)).length, leaked, forged, forgedAccepted,
    abuse: { sent: 50, rateLimited: limited.length, retryAfterOnAll429: limited.every((o) => !!o.retryAfter), placesInLine: places.size },
    // The abuse burst may write its one request; nothing else may.
    // (and the control: a real student token on the student route, which rightly queues one request).
    writesBesidesAbuse: Object.fromEntries(Object.entries(writes).filter(([k]) => !(['line', 'lineSeq'].includes(k) && writes[k] === places.size + forged.filter((f) => f.student === -202).length))),
    rssMbBefore: Math.round(rssBefore), rssMbAfter: Math.round(rss(c.api!.child.pid!)),
  };
}

/** Runs attack() and asserts every promise of plan tests 12, 13 and 15. */
export async function attackAndAssert(cluster: Cluster, n: number, name: string) {
  const f = await attack(cluster, n);
  report(name, f);
  expect(f.forgedAccepted).toEqual([]);
  for (const t of f.forged) {
    // The control row is a real student token: it may enroll (negated status), never reach staff routes.
    if (t.student >= 0) expect([401, 403]).toContain(t.student);
    expect([401, 403]).toContain(t.staff);
  }
  expect(f.fiveXX).toBe(0);
  expect(f.bad).toEqual([]);
  expect(f.leaked).toBe(0);
  expect(f.writesBesidesAbuse).toEqual({});
  expect(f.abuse.rateLimited).toBeGreaterThan(0);
  expect(f.abuse.retryAfterOnAll429).toBe(true);
  expect(f.abuse.placesInLine).toBe(1);
  expect(f.rssMbAfter - f.rssMbBefore).toBeLessThan(150);
}
