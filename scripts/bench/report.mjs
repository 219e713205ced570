// The bench's Markdown report and its SVG charts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineChart } from './charts.mjs';
import { percentile } from './measure.mjs';

const QUEUE = '#1f77b4';
const NAIVE = '#d62728';

function overTime(title, r) {
  const pts = (list) => list.map((y, x) => [x + 1, y]);
  return lineChart({
    title, xLabel: 'seconds after T0', yLabel: 'per second',
    series: [
      { name: 'accepted', color: '#2ca02c', points: pts(r.series.accepted) },
      { name: 'decided', color: '#ff7f0e', points: pts(r.series.decided), dash: '6 3' },
      { name: 'committed (durable)', color: '#9467bd', points: pts(r.series.committed), dash: '2 2' },
    ],
  });
}

function latencyCurve(queue, naive) {
  const ps = [1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5, 99.9, 100];
  const curve = (lat) => ps.map((p) => [p, Math.max(0.1, percentile(lat, p) ?? 0)]);
  return lineChart({
    title: 'Accept latency at 2 × naive capacity (log scale)', xLabel: 'percentile', yLabel: 'ms from due time', logY: true,
    series: [{ name: 'queue design', color: QUEUE, points: curve(queue) }, { name: 'naive baseline', color: NAIVE, points: curve(naive) }],
    hlines: [{ y: 200, label: '200 ms' }],
  });
}

function searchChart(queueCap, naiveCap) {
  // The best try of each rate (a rate fails only when both tries fail).
  const pts = (c) => {
    const best = new Map();
    for (const s of c.steps) if (!best.has(s.rate) || s.p99 < best.get(s.rate)) best.set(s.rate, s.p99);
    return [...best].sort((a, b) => a[0] - b[0]).map(([r, p]) => [r, Math.max(0.1, p)]);
  };
  return lineChart({
    title: 'Capacity search: p99 accept latency per arrival rate (log scale)', xLabel: 'arrivals per second', yLabel: 'p99 ms', logY: true,
    series: [{ name: 'queue design', color: QUEUE, points: pts(queueCap), markers: true }, { name: 'naive baseline', color: NAIVE, points: pts(naiveCap), markers: true }],
    hlines: [{ y: 200, label: 'capacity limit 200 ms' }],
  });
}

const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const errs = (e) => (Object.keys(e).length ? Object.entries(e).map(([k, v]) => `${k} ${v}`).join(', ') : 'none');

export function writeReport(o) {
  const { outDir, hardware: hw, naiveCap, queueCap, naiveOver, queueOver, headline: h, targets } = o;
  const charts = {
    'capacity-search.svg': searchChart(queueCap, naiveCap),
    'latency.svg': latencyCurve(queueOver.latencies, naiveOver.latencies),
    'queue-over-time.svg': overTime('Queue design at 2 × naive capacity: accepted, decided, committed', queueOver.result),
    'naive-over-time.svg': overTime('Naive baseline at 2 × naive capacity (decided = committed = answered)', naiveOver.result),
  };
  for (const [name, svg] of Object.entries(charts)) writeFileSync(path.join(outDir, name), svg);
  const q = queueOver.result;
  const n = naiveOver.result;
  const steps = (c) => table(['rate /s', 'try', 'accepted /s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'result'],
    [...c.steps].sort((a, b) => a.rate - b.rate || a.attempt - b.attempt).map((s) => [s.rate, s.attempt, s.acceptedPerSec, s.p50, s.p95, s.p99, errs(s.errors), s.pass ? 'pass' : 'fail']));
  const md = `# Registration opening: queue design vs naive baseline

${o.mode.quick ? '**Quick mode** (short rounds: indicative only).' : 'Full mode.'} ${new Date().toISOString()}, ${o.minutes.toFixed(1)} minutes.

**Hardware**: ${hw.cpu}, ${hw.cores} cores, ${hw.ramGb} GB RAM, ${hw.os}; Node ${hw.node}, MariaDB ${hw.mariadb}, Redis ${hw.redis}.
Load average at start ${hw.loadStart}, at end ${hw.loadEnd} (the machine is shared: other work ran beside the bench).
Everything on this one machine: the API process, one worker process (decisions and commits run *during* the spike),
the naive baseline, MariaDB, Redis and the load generator share the ${hw.cores} cores.

**Data**: ${o.demand.students} students, ${o.demand.sections} sections, ${o.demand.seats} seats (seed ${o.uni.seed});
${o.uni.cartSize} sections per cart, Zipf popularity (s = ${o.uni.popularityExponent}): ${o.demand.oversubscribed} sections oversubscribed.
Each request is one (student, section) pair from a cart; the opening replays the carts student after student.

**Method**: open-model arrivals (request *i* due at T0 + i/rate, whatever the server does; up to ${o.bench.connections} connections, ${o.bench.client === 'raw' ? 'the generator\'s raw keep-alive HTTP/1.1 client (scripts/bench/raw-http.mjs)' : 'undici'}${o.bench.preconnect ? ', all opened before each round as a load balancer\'s warm upstream pool or the students\' keep-alive connections would be' : ''}),
accept latency measured from the due time; a request is an error on any non-2xx answer, a network error or no answer within
${o.mode.requestTimeoutMs / 1000} s. Capacity = highest rate with p99 ≤ ${o.bench.acceptP99Ms} ms and < ${o.bench.maxErrorRate * 100}% errors
(rounds of ${o.mode.stepSeconds} s, a rate failing only when it fails ${o.mode.tries} time(s) in a row, after a ${o.mode.warmupSeconds} s warm-up of fresh processes, each round from the same state: enrollments emptied, a fresh Redis prefix, fresh processes).
Queue design: \`POST /api/me/enrollments\` → 202 with a place in line; each request followed to its durable decision in MySQL
(\`decision_log\`); 1 in ${o.bench.followSampleEvery} also followed through \`GET /api/me/requests/:id\` as a student would.
Naive baseline (\`load-tests/naive/server.mjs\`): one MySQL transaction per request, answered with the decision.
Access tokens are minted with the run's JWT secret exactly as the API signs them (20,000 argon2 logins would take minutes of the same cores).

## Headline

${table(['', 'queue design', 'naive baseline'], [
    ['capacity (arrivals/s)', h.capacityPerSec, h.naiveCapacityPerSec + (naiveCap.given ? ' (given)' : '')],
    [`at ${h.overloadRatePerSec}/s for ${o.mode.overloadSeconds} s: accepted/s`, q.acceptedPerSec, n.acceptedPerSec],
    ['accept p50 / p95 / p99 ms', `${q.p50} / ${q.p95} / ${q.p99}`, `${n.p50} / ${n.p95} / ${n.p99}`],
    ['errors', `${errs(q.errors)} (rate ${h.errorRateAtOverload})`, `${errs(n.errors)} (rate ${h.naiveErrorRateAtOverload})`],
    ['drain: T0 → last durable decision', `${q.drainSeconds} s${q.drainTimedOut ? ' (TIMED OUT)' : ''}`, `${n.drainSeconds} s${n.drainTimedOut ? ' (TIMED OUT)' : ''}`],
    ['decisions/s (T0 → last decision)', q.decisionsPerSec, n.decisionsPerSec],
    ['commits/s (durable decisions)', `${q.commitsPerSec} in ${q.commitBatches} batches`, `${n.commitsPerSec} (one transaction each)`],
    ['decisions', JSON.stringify(q.outcomes), JSON.stringify(n.outcomes)],
    ['oversold sections', h.oversold, h.naiveOversold],
    ['inversions (SECTION_FULL ahead of a later grant)', h.inversions, `${h.naiveInversions} (by arrival order)`],
  ])}
${q.followed ? `\nFollowed through the API: ${q.followed.seen}/${q.followed.sampled} sampled requests saw their decision (p50 ${q.followed.p50SeenMs} ms, p99 ${q.followed.p99SeenMs} ms after their due time); ${q.followed.matchesDurable} match the durable decision.\n` : ''}
## Targets (issue 6)

${Object.entries(targets).map(([t, held]) => `- ${held ? '✅' : '❌'} ${t}`).join('\n')}

## Charts

![capacity search](capacity-search.svg)

![latency](latency.svg)

![queue over time](queue-over-time.svg)

![naive over time](naive-over-time.svg)

## Capacity search

Naive baseline${naiveCap.given ? ' (capacity given with --naive-capacity)' : ''}:

${steps(naiveCap)}

Queue design:

${steps(queueCap)}

## JSON

\`\`\`json
${JSON.stringify(h)}
\`\`\`
`;
  const file = path.join(outDir, 'report.md');
  writeFileSync(file, md);
  writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ headline: h, targets, hardware: hw, naiveCap, queueCap, naiveOverload: n, queueOverload: q }, null, 1));
  return file;
}
