// Soak: steady mixed traffic for the whole of load-tests/scenarios.json → soak.duration (10 min):
// browsing, cart changes, enrollments followed to their decision, timetables, and drops that free
// seats (so the waitlist and the commit path keep working). Teardown checks oversold sections.
//   k6 run -e BASE_URL=https://registration.example.edu load-tests/k6/soak.js
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { call, closeWindow, def, follow, json, listStudents, loginStudents, openWindow, oversoldSections, pickCart, sectionsByMajor, staffLogin, thresholds, waitForQueue } from './lib.js';

const S = def.soak;
const T = def.thresholds;
const oversold = new Counter('oversold_sections');
const decisionSeconds = new Trend('decision_seconds');
const undecided = new Counter('requests_undecided');

const steady = (exec_, rate) => ({
  executor: 'constant-arrival-rate', exec: exec_, rate, timeUnit: S.timeUnit, duration: S.duration,
  startTime: `${S.windowLeadSeconds}s`, preAllocatedVUs: S.preAllocatedVUs, maxVUs: S.maxVUs,
});

export const options = {
  teardownTimeout: def.openingSpike.teardownTimeout,
  setupTimeout: def.openingSpike.setupTimeout,
  scenarios: {
    browse: steady('browse', S.rates.browse),
    enroll: steady('enroll', S.rates.enroll),
    cart: steady('cart', S.rates.cart),
    timetable: steady('timetable', S.rates.timetable),
    drop: steady('drop', S.rates.drop),
  },
  thresholds: thresholds({
    'http_req_duration{name:enroll}': [`p(99)<${T.acceptP99Ms}`],
    decision_seconds: [`p(95)<${T.decisionP95Seconds}`],
    requests_undecided: ['count<=0'],
  }),
};

export function setup() {
  const staff = staffLogin();
  const students = loginStudents(listStudents(staff, S.students), S.loginBatch);
  const catalogue = sectionsByMajor(students[0].token, S.cataloguePageSize);
  const windowId = openWindow(staff, 'k6 soak', new Date(Date.now() + S.windowLeadSeconds * 1000), def.openingSpike.windowMinutes);
  return { windowId, catalogue, students: students.map((s) => ({ id: s.id, token: s.token, majorId: s.majorId })) };
}

const me = (data) => data.students[Math.floor(Math.random() * data.students.length)];
const sectionFor = (data, s) => pickCart(data.catalogue.byMajor[s.majorId] || [], data.catalogue.geSections, 1)[0];

export function browse(data) {
  const s = me(data);
  check(call('GET', `/api/sections?majorId=${s.majorId}&hasSeats=true&page=1&size=${def.browse.pageSize}`, { token: s.token, name: 'sections-search' }), { 'search 200': (r) => r.status === 200 });
}

export function enroll(data) {
  const s = data.students[exec.scenario.iterationInTest % data.students.length];
  const res = call('POST', '/api/me/enrollments', { token: s.token, body: { sectionId: sectionFor(data, s) }, name: 'enroll' });
  const body = json(res);
  if (!check(res, { 'enroll 202': (r) => r.status === 202 }) || !body || body.status !== 'QUEUED') return;
  const started = Date.now();
  const result = follow(s.token, [body.requestId], S.follow.pollSeconds, S.follow.timeoutSeconds);
  decisionSeconds.add((Date.now() - started) / 1000);
  undecided.add(result.timedOut);
}

export function cart(data) {
  const s = me(data);
  const sectionId = sectionFor(data, s);
  const add = call('POST', '/api/me/cart', { token: s.token, body: { sectionId }, name: 'cart-add', expect: [201, 409] });
  check(add, { 'cart add 201/409': (r) => r.status === 201 || r.status === 409 });
  check(call('GET', '/api/me/cart', { token: s.token, name: 'cart' }), { 'cart 200': (r) => r.status === 200 });
  check(call('DELETE', `/api/me/cart/${sectionId}`, { token: s.token, name: 'cart-remove', expect: [204, 404] }), { 'cart remove 204/404': (r) => r.status === 204 || r.status === 404 });
}

export function timetable(data) {
  const s = me(data);
  check(call('GET', '/api/me/timetable', { token: s.token, name: 'timetable' }), { 'timetable 200': (r) => r.status === 200 });
  check(call('GET', '/api/me/enrollments', { token: s.token, name: 'my-enrollments' }), { 'enrollments 200': (r) => r.status === 200 });
}

export function drop(data) {
  const s = me(data);
  const mine = json(call('GET', '/api/me/enrollments', { token: s.token, name: 'my-enrollments' })) || [];
  if (!mine.length) return;
  const sectionId = mine[Math.floor(Math.random() * mine.length)].section.id;
  check(call('DELETE', `/api/me/enrollments/${sectionId}`, { token: s.token, name: 'drop', expect: [200, 404] }), { 'drop 200/404': (r) => r.status === 200 || r.status === 404 });
}

export function teardown(data) {
  const staff = staffLogin();
  check(waitForQueue(staff, S.follow.timeoutSeconds), { 'line drained': (ok) => ok });
  const r = oversoldSections(staff);
  oversold.add(r.oversold);
  console.log(`teardown: ${r.full} sections full, ${r.oversold} oversold`);
  closeWindow(staff, data.windowId);
}
