// Shared by the k6 scenarios: the one scenario definition, HTTP helpers, logins, carts, following
// a request to its decision, and the oversold check through the staff API.
// Every request goes through req()/call() with a literal method and path, so
// test/load-tests can check each one against the OpenAPI document.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';

export const def = JSON.parse(open('../scenarios.json'));
export const BASE = (__ENV.BASE_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
const STUDENT_PASSWORD = __ENV.STUDENT_PASSWORD || 'student1234!';
const STAFF_LOGIN = __ENV.STAFF_LOGIN || 'admin';
const STAFF_PASSWORD = __ENV.STAFF_PASSWORD || 'admin1234!';

/**
 * One request as http.batch takes it; `name` tags it so thresholds can pick it out; `expect`
 * lists the statuses that are answers, not failures (e.g. 409 for a section already in the cart).
 */
export function req(method, path, { token, body, name, headers, expect } = {}) {
  const h = { 'content-type': 'application/json', ...(headers || {}) };
  if (token) h.authorization = `Bearer ${token}`;
  const params = { headers: h, tags: { name: name || path.split('?')[0] } };
  if (expect) params.responseCallback = http.expectedStatuses(...expect);
  return { method, url: `${BASE}${path}`, body: body === undefined ? null : JSON.stringify(body), params };
}

export function call(method, path, opts = {}) {
  const r = req(method, path, opts);
  return http.request(r.method, r.url, r.body, r.params);
}

export function json(res) {
  try { return res.json(); } catch (e) { return null; }
}

export function staffLogin() {
  const res = call('POST', '/api/auth/staff/login', { body: { loginId: STAFF_LOGIN, password: STAFF_PASSWORD }, name: 'staff-login' });
  if (res.status !== 200) fail(`staff login failed: ${res.status} ${res.body}`);
  return json(res).accessToken;
}

/** The first `count` students, read through the staff API (ids, numbers, majors). */
export function listStudents(staff, count) {
  const out = [];
  for (let page = 1; out.length < count; page++) {
    const res = call('GET', `/api/admin/students?page=${page}&size=100`, { token: staff, name: 'admin-students' });
    const body = json(res);
    if (res.status !== 200 || !body || body.items.length === 0) break;
    for (const s of body.items) if (out.length < count) out.push({ id: s.id, studentNo: s.studentNo, majorId: s.majorId });
  }
  return out;
}

/**
 * Logs students in, `batch` at a time (the API's login limit per client IP must allow it: see
 * load-tests/README.md). Returns the students with their access tokens.
 */
export function loginStudents(students, batch) {
  const out = [];
  for (let i = 0; i < students.length; i += batch) {
    const chunk = students.slice(i, i + batch);
    const res = http.batch(chunk.map((s) => req('POST', '/api/auth/student/login', { body: { studentNo: s.studentNo, password: STUDENT_PASSWORD }, name: 'student-login' })));
    res.forEach((r, j) => {
      if (check(r, { 'student login 200': (x) => x.status === 200 })) out.push({ ...chunk[j], token: json(r).accessToken });
    });
  }
  return out;
}

/** Sections a student may take (their major's and general education), by major id. */
export function sectionsByMajor(token, pageSize) {
  const majors = json(call('GET', '/api/majors', { token, name: 'majors' })) || [];
  const ge = majors.filter((m) => m.generalEducation).map((m) => m.id);
  const byMajor = {};
  for (const m of majors) {
    const res = call('GET', `/api/sections?majorId=${m.id}&size=${pageSize}&page=1`, { token, name: 'sections' });
    byMajor[m.id] = ((json(res) || {}).items || []).map((s) => s.id);
  }
  const geSections = ge.flatMap((id) => byMajor[id] || []);
  return { byMajor, geSections };
}

/** Cart of `size` sections, weighted to the first few of the list (a few sections are hot). */
export function pickCart(own, ge, size) {
  const pool = own.concat(ge);
  const cart = new Set();
  for (let tries = 0; cart.size < Math.min(size, pool.length) && tries < size * 50; tries++) {
    cart.add(pool[Math.floor(pool.length * Math.random() ** 3)]);
  }
  return [...cart];
}

/** Fills each student's cart, `batch` students at a time. */
export function fillCarts(students, catalogue, size, batch) {
  for (let i = 0; i < students.length; i += batch) {
    const reqs = [];
    for (const s of students.slice(i, i + batch)) {
      s.cart = pickCart(catalogue.byMajor[s.majorId] || [], catalogue.geSections, size);
      for (const sectionId of s.cart) reqs.push(req('POST', '/api/me/cart', { token: s.token, body: { sectionId }, name: 'cart-add', expect: [201, 409] }));
    }
    http.batch(reqs).forEach((r) => check(r, { 'cart add 201/409': (x) => x.status === 201 || x.status === 409 }));
  }
}

/**
 * A registration window for everyone from `startsAt`, created through the staff API. `queueMode`:
 * FIFO, or RANDOM_AT_OPEN (the first seconds' requests are placed by a draw: their decisions wait for it).
 */
export function openWindow(staff, name, startsAt, minutes, queueMode = 'FIFO') {
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  const res = call('POST', '/api/admin/open-times', {
    token: staff, name: 'open-time-create',
    body: { name, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), grades: null, majorIds: null, queueMode },
  });
  if (res.status !== 201) fail(`could not open a window: ${res.status} ${res.body}`);
  return json(res).id;
}

export function closeWindow(staff, id) {
  call('DELETE', `/api/admin/open-times/${id}`, { token: staff, name: 'open-time-delete' });
}

/**
 * Polls each queued request until it is decided (or the timeout). Returns
 * { decided, timedOut, outcomes: { ENROLLED: n, SECTION_FULL: n, … } }.
 */
export function follow(token, requestIds, pollSeconds, timeoutSeconds) {
  const pending = new Set(requestIds);
  const outcomes = {};
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (pending.size && Date.now() < deadline) {
    sleep(pollSeconds);
    for (const id of [...pending]) {
      const body = json(call('GET', `/api/me/requests/${id}`, { token, name: 'request-status' }));
      if (body && body.status && body.status !== 'QUEUED') {
        pending.delete(id);
        const k = body.status === 'ENROLLED' ? 'ENROLLED' : (body.reason || body.status);
        outcomes[k] = (outcomes[k] || 0) + 1;
      }
    }
  }
  return { decided: requestIds.length - pending.size, timedOut: pending.size, outcomes };
}

/** Waits (bounded) until the line is empty, as the staff dashboard sees it. */
export function waitForQueue(staff, timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const q = json(call('GET', '/api/admin/queue', { token: staff, name: 'admin-queue' }));
    if (q && q.waiting === 0 && q.active === 0) return true;
    sleep(1);
  }
  return false;
}

/**
 * Sections with more students than seats, through the staff API: every section's live count,
 * and the durable roster of every section that is full.
 */
export function oversoldSections(staff) {
  let oversold = 0;
  let full = 0;
  for (let page = 1; ; page++) {
    const body = json(call('GET', `/api/admin/sections?page=${page}&size=100`, { token: staff, name: 'admin-sections' }));
    if (!body || !body.items || body.items.length === 0) break;
    for (const s of body.items) {
      if (s.enrolled > s.capacity) { oversold++; continue; }
      if (s.enrolled < s.capacity) continue;
      full++;
      const roster = json(call('GET', `/api/admin/sections/${s.id}/roster`, { token: staff, name: 'admin-roster' }));
      if (roster && roster.students.length > s.capacity) oversold++;
    }
  }
  return { oversold, full };
}

/** k6 thresholds from the shared definition. */
export function thresholds(extra = {}) {
  const t = def.thresholds;
  return {
    http_req_failed: [`rate<${t.httpReqFailedRate}`],
    dropped_iterations: [`count<=${t.droppedIterations}`],
    oversold_sections: [`count<=${t.oversoldSections}`],
    ...extra,
  };
}
