// Browse: signed-in students searching the catalogue with realistic filters (text, major, day,
// credits, professor, general education, seats left, paging), opening a section, and polling the
// countdown, at a constant arrival rate. Numbers: load-tests/scenarios.json → browse.
//   k6 run -e BASE_URL=https://registration.example.edu load-tests/k6/browse.js
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { call, def, json, listStudents, loginStudents, staffLogin, thresholds } from './lib.js';

const S = def.browse;
const F = S.filters;
// Declared so the shared thresholds apply; browsing cannot oversell, so it stays 0.
new Counter('oversold_sections');

export const options = {
  scenarios: {
    browse: {
      executor: 'constant-arrival-rate',
      rate: S.rate, timeUnit: S.timeUnit, duration: S.duration,
      preAllocatedVUs: S.preAllocatedVUs, maxVUs: S.maxVUs,
    },
  },
  thresholds: thresholds({
    'http_req_failed{scenario:browse}': [`rate<${def.thresholds.httpReqFailedRate}`],
    'http_req_duration{name:sections-search}': [`p(95)<${S.catalogueP95Ms}`],
  }),
};

const pick = (list) => list[Math.floor(Math.random() * list.length)];

export function setup() {
  const staff = staffLogin();
  const students = loginStudents(listStudents(staff, S.students), S.loginBatch);
  const majors = json(call('GET', '/api/majors', { token: students[0].token, name: 'majors' })) || [];
  return { tokens: students.map((s) => s.token), majorIds: majors.map((m) => m.id) };
}

/** One student's search: one to three filters, a page, sometimes a section's detail. */
export default function (data) {
  const token = data.tokens[exec.scenario.iterationInTest % data.tokens.length];
  const filters = [];
  const roll = Math.random();
  if (roll < 0.3) filters.push(`q=${encodeURIComponent(pick(F.queries))}`);
  if (roll >= 0.2) filters.push(`majorId=${pick(data.majorIds)}`);
  if (Math.random() < 0.3) filters.push(`day=${pick(F.days)}`);
  if (Math.random() < 0.3) filters.push(`credits=${pick(F.credits)}`);
  if (Math.random() < 0.2) filters.push('hasSeats=true');
  if (Math.random() < 0.1) filters.push('generalEducation=true');
  const page = 1 + Math.floor(Math.random() ** 2 * F.maxPage);
  const res = call('GET', `/api/sections?${filters.join('&')}&page=${page}&size=${S.pageSize}`, { token, name: 'sections-search' });
  check(res, { 'search 200': (r) => r.status === 200 });
  const items = (json(res) || {}).items || [];
  if (items.length && Math.random() < 0.3) {
    const s = pick(items);
    check(call('GET', `/api/sections/${s.id}`, { token, name: 'section-detail' }), { 'detail 200': (r) => r.status === 200 });
    if (Math.random() < 0.3) check(call('GET', `/api/sections?professor=${encodeURIComponent(s.professorName)}&size=${S.pageSize}`, { token, name: 'sections-search' }), { 'by professor 200': (r) => r.status === 200 });
  }
  if (Math.random() < 0.2) check(call('GET', '/api/open-times/current', { token, name: 'open-times-current' }), { 'countdown 200': (r) => r.status === 200 });
}
