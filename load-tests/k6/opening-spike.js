// Opening spike: students log in before the window (setup), fill their carts, and at T0 a
// ramping-arrival-rate burst enrolls each one from their cart and follows every request to its
// decision (polling). Teardown waits for the line to empty and checks through the staff API that
// no section is oversold. Numbers: load-tests/scenarios.json → openingSpike, thresholds.
//   k6 run -e BASE_URL=https://registration.example.edu load-tests/k6/opening-spike.js
import exec from 'k6/execution';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { call, closeWindow, def, fillCarts, follow, json, listStudents, loginStudents, openWindow, oversoldSections, sectionsByMajor, staffLogin, thresholds, waitForQueue } from './lib.js';

const S = def.openingSpike;
const T = def.thresholds;
const oversold = new Counter('oversold_sections');
const decisionSeconds = new Trend('decision_seconds');
const undecided = new Counter('requests_undecided');

export const options = {
  setupTimeout: S.setupTimeout,
  teardownTimeout: S.teardownTimeout,
  scenarios: {
    spike: {
      executor: 'ramping-arrival-rate',
      // Scenarios start when setup() has returned; the window opens windowLeadSeconds after that.
      startTime: `${S.windowLeadSeconds}s`,
      startRate: S.arrivals.startRate,
      timeUnit: S.arrivals.timeUnit,
      preAllocatedVUs: S.arrivals.preAllocatedVUs,
      maxVUs: S.arrivals.maxVUs,
      stages: S.arrivals.stages,
      gracefulStop: S.gracefulStop,
    },
  },
  thresholds: thresholds({
    'http_req_failed{scenario:spike}': [`rate<${T.httpReqFailedRate}`],
    'http_req_duration{name:enroll-from-cart}': [`p(99)<${T.acceptP99Ms}`],
    decision_seconds: [`p(95)<${T.decisionP95Seconds}`],
    requests_undecided: ['count<=0'],
  }),
};

export function setup() {
  const staff = staffLogin();
  const students = loginStudents(listStudents(staff, S.students), S.loginBatch);
  const catalogue = sectionsByMajor(students[0].token, S.cataloguePageSize);
  fillCarts(students, catalogue, S.cartSize, S.loginBatch);
  // T0 a little ahead, so every API replica has the new window cached when it opens.
  const t0 = new Date(Date.now() + S.windowLeadSeconds * 1000);
  // QUEUE_MODE=RANDOM_AT_OPEN replays an opening with a draw (default: the shared definition's mode).
  const windowId = openWindow(staff, 'k6 opening spike', t0, S.windowMinutes, __ENV.QUEUE_MODE || S.queueMode);
  return { t0: t0.getTime(), windowId, students: students.map((s) => ({ id: s.id, token: s.token })) };
}

export default function (data) {
  // Guard for clock skew between this machine and the startTime above: never enroll before T0.
  const wait = data.t0 - Date.now();
  if (wait > 0) sleep(wait / 1000);
  const me = data.students[exec.scenario.iterationInTest % data.students.length];
  const res = call('POST', '/api/me/enrollments/from-cart', { token: me.token, body: {}, name: 'enroll-from-cart' });
  const body = json(res);
  if (!check(res, { 'from-cart 202': (r) => r.status === 202 }) || !body) return;
  const started = Date.now();
  const ids = body.requests.filter((r) => r.status === 'QUEUED').map((r) => r.requestId);
  const result = follow(me.token, ids, S.follow.pollSeconds, S.follow.timeoutSeconds);
  decisionSeconds.add((Date.now() - started) / 1000);
  undecided.add(result.timedOut);
}

export function teardown(data) {
  const staff = staffLogin();
  check(waitForQueue(staff, S.follow.timeoutSeconds), { 'line drained': (ok) => ok });
  const r = oversoldSections(staff);
  oversold.add(r.oversold);
  console.log(`teardown: ${r.full} sections full, ${r.oversold} oversold`);
  closeWindow(staff, data.windowId);
}
