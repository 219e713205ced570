// Open-model load generator for `npm run bench`, run as a child process (its own event loop).
// Request i is due at T0 + i/rate whatever the server does — like k6's arrival-rate executors —
// and its accept latency is measured from that due time, so a server (or a client) that falls
// behind shows it in the latency instead of hiding it behind a fixed number of connections.
//
//   node scripts/bench/loadgen.mjs <job.json>
// job: { design: 'queue'|'naive', base, rate, seconds, connections, preconnect?, client?: 'undici'|'raw', timeoutMs, jwtSecret?,
//        arrivals: [[studentId, sectionId], …] or arrivalsFile, followEvery, followTimeoutMs, out }
// stdout: one JSON line per 250 ms { sent, done, errors, inflight, connected }, then { finished: true }.
// out: { t0, records: { due, lat, sendLag, status, retryAfter, code, rid, pos, outcome, reason }, follows }
/* global AbortSignal -- Node 20 global, not in the lint config's list */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { RawHttpPool } from './raw-http.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
job.arrivals ??= JSON.parse(readFileSync(job.arrivalsFile, 'utf8'));
const n = Math.min(job.arrivals.length, Math.round(job.rate * job.seconds));
const interval = 1000 / job.rate;
// client 'raw': the enroll calls (and the warm-up and pre-connect) go over scripts/bench/raw-http.mjs,
// about half undici's CPU per request here; the follow-ups (GET /api/me/requests/:id) stay on undici.
const raw = job.client === 'raw' ? new RawHttpPool(job.base, job.connections, job.timeoutMs) : null;
const pool = new Pool(job.base, {
  connections: job.connections, pipelining: 1,
  headersTimeout: job.timeoutMs, bodyTimeout: job.timeoutMs, keepAliveTimeout: 60_000, connectTimeout: job.timeoutMs,
});

// Access tokens minted exactly as apps/api/src/auth/token.service.ts signs them (HS256,
// iss goorm-registration, aud api, sub = student id, role student) with the run's JWT_SECRET:
// logging 20,000 students in through argon2 would take minutes of the same two cores.
const b64 = (s) => Buffer.from(s).toString('base64url');
const tokens = new Map();
function token(studentId) {
  let t = tokens.get(studentId);
  if (!t) {
    const now = Math.floor(Date.now() / 1000);
    const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64(JSON.stringify({ sub: String(studentId), role: 'student', iat: now, exp: now + 900, aud: 'api', iss: 'goorm-registration' }));
    t = `${head}.${body}.${createHmac('sha256', job.jwtSecret).update(`${head}.${body}`).digest('base64url')}`;
    tokens.set(studentId, t);
  }
  return t;
}

// The two clients behind one shape — enroll(i, due) for arrival i, post(student, section), get(path) —
// each answering { status, retryAfter, body }. 'raw' writes prebuilt requests (rawRequests, built
// before T0) and times out from the call; undici times out from the due time.
const host = new URL(job.base).host;
const enrollPath = job.design === 'queue' ? '/api/me/enrollments' : '/naive/enrollments';
const healthPath = job.design === 'queue' ? '/health/live' : '/health';
const who = (studentId) => (job.design === 'queue' ? { authorization: `Bearer ${token(studentId)}` } : { 'x-student-id': String(studentId) });
function rawEnroll(studentId, sectionId) {
  const body = JSON.stringify({ sectionId });
  const headers = Object.entries(who(studentId)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return Buffer.from(`POST ${enrollPath} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
async function undiciPost(studentId, sectionId, signal) {
  const res = await pool.request({ method: 'POST', path: enrollPath, headers: { 'content-type': 'application/json', ...who(studentId) }, body: JSON.stringify({ sectionId }), signal });
  const retryAfter = res.headers['retry-after'];
  return { status: res.statusCode, retryAfter: retryAfter === undefined ? null : String(retryAfter), body: await res.body.text() };
}
let rawRequests = null;
const client = raw ? {
  enroll: (i) => raw.request(rawRequests[i]),
  post: (studentId, sectionId) => raw.request(rawEnroll(studentId, sectionId)),
  get: (path) => raw.request(Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${host}\r\n\r\n`)),
  connected: () => raw.connected,
} : {
  enroll: (i, due) => undiciPost(job.arrivals[i][0], job.arrivals[i][1], AbortSignal.timeout(Math.max(1, Math.ceil(due + job.timeoutMs - performance.now())))),
  post: (studentId, sectionId) => undiciPost(studentId, sectionId),
  get: (path) => pool.request({ method: 'GET', path }).then(async (r) => ({ status: r.statusCode, retryAfter: null, body: await r.body.text() })),
  connected: () => pool.stats.connected,
};

const rec = {
  due: new Float64Array(n), lat: new Float64Array(n).fill(-1), sendLag: new Float64Array(n), status: new Int16Array(n), retryAfter: new Array(n).fill(null),
  code: new Array(n).fill(null), rid: new Array(n).fill(null), pos: new Float64Array(n), outcome: new Array(n).fill(null), reason: new Array(n).fill(null),
};
const follows = [];
let sent = 0;
let done = 0;
let errors = 0;
const pendingFollows = new Set();

async function fire(i, t0) {
  const studentId = job.arrivals[i][0];
  const due = t0 + i * interval;
  rec.due[i] = due - t0;
  rec.sendLag[i] = performance.now() - due;
  try {
    const res = await client.enroll(i, due);
    rec.lat[i] = performance.now() - due;
    rec.status[i] = res.status;
    rec.retryAfter[i] = res.retryAfter;
    let body = {};
    try { body = JSON.parse(res.body); } catch { /* not JSON */ }
    if (res.status >= 400) { rec.code[i] = body.code ?? `HTTP_${res.status}`; errors++; }
    else if (job.design === 'queue') {
      rec.rid[i] = body.requestId; rec.pos[i] = body.position;
      if (job.followEvery > 0 && i % job.followEvery === 0) follow(i, studentId, body.requestId, due);
    } else { rec.outcome[i] = body.status; rec.reason[i] = body.reason ?? null; }
  } catch (err) {
    rec.lat[i] = performance.now() - due;
    const timeout = err.name === 'TimeoutError' || err.name === 'AbortError' || /Timeout/.test(err.code ?? '');
    rec.status[i] = timeout ? -1 : 0;
    rec.code[i] = timeout ? 'CLIENT_TIMEOUT' : (err.code ?? 'NETWORK');
    errors++;
  } finally {
    done++;
  }
}

/** Follows one accepted request through the API (GET /api/me/requests/:id) to its decision. */
function follow(i, studentId, requestId, due) {
  const p = (async () => {
    const deadline = performance.now() + job.followTimeoutMs;
    while (performance.now() < deadline) {
      await sleep(500);
      try {
        const res = await pool.request({ method: 'GET', path: `/api/me/requests/${requestId}`, headers: { authorization: `Bearer ${token(studentId)}` } });
        const body = JSON.parse(await res.body.text());
        if (res.statusCode === 200 && body.status !== 'QUEUED') {
          follows.push({ i, requestId, status: body.status, reason: body.reason ?? null, seenMs: performance.now() - due });
          return;
        }
      } catch { /* retried until the deadline */ }
    }
    follows.push({ i, requestId, status: 'UNSEEN', reason: null, seenMs: null });
  })();
  pendingFollows.add(p);
  p.finally(() => pendingFollows.delete(p));
}

// Pre-connect (not recorded): the students are on the site before the window opens, and in a
// deployment the API sees a load balancer's warm upstream connections, not one new TCP connection
// per student at T0. Measured without it (bench:steady, 700/s, EPYC): the requests that rode on
// connections opened during the spike waited up to 9 s outside the handler (server-side accept
// histogram: none over 500 ms), so p99 measured the connection storm of a setup without a balancer.
if (job.preconnect) {
  if (raw) await raw.connect(); // every connection up first, so each of the GETs below gets one of its own
  const statuses = await Promise.all(Array.from({ length: job.connections }, () => client.get(healthPath).then((r) => r.status, () => 0)));
  process.stdout.write(`${JSON.stringify({ preconnected: client.connected(), ok: statuses.filter((x) => x === 200).length })}\n`);
}
// Warm-up (not recorded): every round starts fresh processes, and a cold JIT would otherwise
// count against the first second of whichever design has more code. Requests for a section
// that does not exist run the whole path (auth, rules, and for the queue design the line, a job,
// a decision and a commit) and change no seat; then a pause lets them drain.
if (job.warmup) {
  const { seconds, rate, sectionId, settleMs } = job.warmup;
  const count = Math.round(seconds * rate);
  const warm = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const studentId = job.arrivals[(i * 7919) % job.arrivals.length][0];
    warm.push(client.post(studentId, sectionId).then((r) => r.status, () => 0));
  }
  const statuses = await Promise.all(warm);
  process.stdout.write(`${JSON.stringify({ warmup: statuses.filter((x) => x >= 200 && x < 300).length })}\n`);
  await sleep(settleMs);
}

// Tokens minted before T0 (an HMAC and two JSON encodings each): the students logged in before the
// window opened, and the generator's CPU during the round should go to sending, not signing.
if (job.design === 'queue') for (let i = 0; i < n; i++) token(job.arrivals[i][0]);
// The raw client's requests, built before T0 as the bytes it writes.
if (raw) rawRequests = job.arrivals.slice(0, n).map(([studentId, sectionId]) => rawEnroll(studentId, sectionId));

const report = () => process.stdout.write(`${JSON.stringify({ sent, done, errors, inflight: sent - done, connected: client.connected() })}\n`);
const ticker = setInterval(report, 250);
const t0Perf = performance.now() + 100;
const t0Wall = Date.now() + 100;
const inflight = [];
while (sent < n) {
  const now = performance.now();
  while (sent < n && t0Perf + sent * interval <= now) inflight.push(fire(sent++, t0Perf));
  await sleep(1);
}
await Promise.all(inflight);
report();
while (pendingFollows.size) await Promise.race(pendingFollows);
clearInterval(ticker);
raw?.close();
await pool.close();
writeFileSync(job.out, JSON.stringify({
  t0: t0Wall, n,
  records: { due: [...rec.due], lat: [...rec.lat], sendLag: [...rec.sendLag], status: [...rec.status], retryAfter: rec.retryAfter, code: rec.code, rid: rec.rid, pos: [...rec.pos], outcome: rec.outcome, reason: rec.reason },
  follows,
}));
process.stdout.write(`${JSON.stringify({ finished: true })}\n`);
