// `npm run bench [-- --quick]`: the registration opening replayed here, our queue design beside
// the naive synchronous baseline (load-tests/naive), same data, same machine, same arrivals.
//
// 1. Finds or starts MariaDB and Redis (scripts/lib/services.mjs), creates a database and Redis
//    prefixes of its own, seeds the university (load-tests/scenarios.json → university), opens a
//    window for everyone, builds the demand (carts drawn with Zipf popularity: demand ≫ seats).
// 2. Capacity search per design: rounds of fixed open-model arrival rate (scripts/bench/loadgen.mjs,
//    a child process); the capacity is the highest rate with p99 accept ≤ 200 ms and < 0.1% errors.
//    Every round starts from the same state: enrollments emptied, fresh Redis prefix, fresh processes.
// 3. Both designs at 2 × the naive capacity for 30 s (8 s in --quick), each request followed to its
//    durable decision; drain, decisions/s, commits/s, oversold sections, inversions.
// 4. Markdown report with SVG charts in .artifacts/bench/<time>/ (and .artifacts/bench/latest/).
// Last line of stdout: one JSON object with the headline figures. Progress goes to stderr.
import { SingleBar } from 'cli-progress';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { countInversions, outcomes, oversold, queueDecisions, series, summarizeAccepts } from './bench/measure.mjs';
import { writeReport } from './bench/report.mjs';
import { runLoadgen } from './bench/run-loadgen.mjs';
import { seedOpening, systemEnv } from './bench/opening.mjs';
import { benchServices } from './lib/services.mjs';
import { dropPrefix, startNaiveSystem, startQueueSystem } from './bench/systems.mjs';
import { ensureServerBuilt, root } from './lib/build.mjs';
import { cpuSeconds } from './lib/proc.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    students: { type: 'string' }, sections: { type: 'string' }, seed: { type: 'string' },
    'naive-capacity': { type: 'string' }, keep: { type: 'boolean', default: false }, client: { type: 'string' },
  },
  strict: true,
});
const def = JSON.parse(readFileSync(path.join(root, 'load-tests/scenarios.json'), 'utf8'));
const B = def.bench;
const mode = args.quick ? B.quick : B.full;
const uni = {
  ...def.university,
  ...(args.students && { students: Number(args.students) }),
  ...(args.sections && { sections: Number(args.sections) }),
  ...(args.seed && { seed: Number(args.seed) }),
};
/** Warm-up requests ask for this section, which does not exist: decided SECTION_NOT_FOUND, no seat moves. */
const WARM_SECTION = 999_999_999;
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const started = Date.now();
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const outDir = path.join(root, '.artifacts/bench', stamp);
mkdirSync(outDir, { recursive: true });

// A private copy of dist/: other work in this tree may rebuild dist/ while the bench runs.
const dist = await snapshotDist();
const services = await benchServices();
const dbName = `goorm_bench_${process.pid}`;
const prefixBase = `bench${process.pid}`;
const env = systemEnv(services, dbName, B.naivePoolSize);

const admin = await mysql.createConnection({ ...services.db, timezone: 'Z' });
const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 3 });
let sql = null;
let current = null; // the running system, stopped on exit
const prefixes = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await current?.stop(2000).catch(() => {});
  for (const p of prefixes) await dropPrefix(redis, p).catch(() => {});
  await sql?.end().catch(() => {});
  if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => {});
  await admin.end().catch(() => {});
  redis.disconnect();
  await services.stop();
  rmSync(dist, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log(`${sig}: stopping`); cleanup().finally(() => process.exit(130)); });

const bar = new SingleBar({
  format: '{phase} |{bar}| {value}/{total} {unit} {extra}', barsize: 30, hideCursor: true, noTTYOutput: true, notTTYSchedule: 3000, stream: process.stderr,
});

try {
  // --- the university, the window, the demand ------------------------------------------------
  const opening = await seedOpening({ admin, services, dist, env, dbName, uni });
  sql = opening.sql;
  const { demand } = opening;
  log(opening.seedLine);
  log(`demand: ${demand.arrivals.length} requests (${uni.cartSize} per cart) from ${demand.students} students for ${demand.seats} seats in ${demand.sections} sections; ${demand.oversubscribed} sections oversubscribed`);
  const jobFile = path.join(outDir, 'arrivals.json');
  writeFileSync(jobFile, JSON.stringify(demand.arrivals));

  const hardware = await describeMachine();
  log(hardware.line);

  // --- one round: same starting state, fresh processes ------------------------------------------
  let roundNo = 0;
  async function resetState() {
    await sql.query('TRUNCATE TABLE enrollment');
    await sql.query('TRUNCATE TABLE decision_log');
    await sql.query('TRUNCATE TABLE waitlist_entry');
    // The API's journal of accepted requests: a round stopped with requests still in line leaves their
    // rows, and the next round's worker would re-drive them all into its line (work the naive design
    // never carried, and ALREADY_ENROLLED decisions from the round before).
    await sql.query('TRUNCATE TABLE intake_journal');
    await sql.query('DELETE FROM engine_cursor');
    await sql.query('UPDATE section SET enrolled_count = 0');
  }

  async function round(design, rate, seconds, { overload = false } = {}) {
    roundNo++;
    await resetState();
    const prefix = `${prefixBase}r${roundNo}`;
    if (design === 'queue') prefixes.push(prefix);
    const label = `${overload ? 'overload' : 'capacity'} ${design} @ ${rate}/s`;
    current = design === 'queue'
      ? await startQueueSystem({ dist, env, redis, prefix, logDir: outDir })
      : await startNaiveSystem({ root, env, logDir: outDir });
    const system = current;
    try {
      const n = Math.min(demand.arrivals.length, Math.round(rate * seconds));
      if (n < Math.round(rate * seconds)) log(`WARNING: ${label} needs ${Math.round(rate * seconds)} requests; the demand has ${n}: the round is shorter`);
      const job = {
        design, base: system.base, rate, seconds, connections: B.connections, preconnect: B.preconnect, client: args.client ?? B.client, timeoutMs: mode.requestTimeoutMs, jwtSecret: env.JWT_SECRET,
        arrivalsFile: jobFile, followEvery: overload ? B.followSampleEvery : 0, followTimeoutMs: mode.drainTimeoutSeconds * 1000,
        out: path.join(outDir, `round-${roundNo}-${design}.json`),
        warmup: { ...B.warmup, seconds: mode.warmupSeconds, sectionId: WARM_SECTION },
      };
      // Durable decisions watched while the load runs (queue design): MySQL is the system of record.
      const watch = design === 'queue' ? watchDrain(prefix) : null;
      bar.start(n, 0, { phase: label.padEnd(30), unit: 'requests', extra: '' });
      let warm = 0;
      // CPU of the system's own processes over the timed load (from the end of the warm-up).
      const cpuNow = () => Object.fromEntries(Object.entries(system.processes).map(([k, pid]) => [k, cpuSeconds(pid)]));
      let cpu0 = cpuNow();
      const out = await runLoadgen(job, {
        onLine: (p) => {
          if (p.warmup !== undefined) { warm = p.warmup; cpu0 = cpuNow(); }
          else if (p.done !== undefined) bar.update(p.done, { extra: `sent ${p.sent} errors ${p.errors} in flight ${p.inflight}` });
        },
      });
      const cpu1 = cpuNow();
      bar.stop();
      out.warmAccepted = warm;
      const acc = summarizeAccepts(out);
      const cpuMsPerAccepted = Object.fromEntries(Object.keys(cpu1).map((k) => [k, Math.round(((cpu1[k] - cpu0[k]) * 1e6) / Math.max(1, acc.accepted)) / 1000]));
      const result = { design, rate, seconds, overload, ...acc, cpuMsPerAccepted, latencies: undefined };
      result.pass = acc.p99 <= B.acceptP99Ms && acc.errorRate < B.maxErrorRate;
      if (overload) Object.assign(result, design === 'queue' ? await queueOutcome(out, acc, watch) : await naiveOutcome(out, system));
      else watch?.stop();
      log(`${label}: accepted ${acc.accepted}/${acc.sent} (${acc.acceptedPerSec}/s), p50 ${acc.p50} p95 ${acc.p95} p99 ${acc.p99} ms, errors ${JSON.stringify(acc.errors)}, CPU ms per accepted ${Object.entries(cpuMsPerAccepted).map(([k, v]) => `${k} ${v}`).join(' ')} → ${result.pass ? 'PASS' : 'FAIL'}`);
      rmSync(job.out, { force: true });
      return { result, latencies: acc.latencies };
    } finally {
      await system.stop(overload ? 10_000 : 3000);
      current = null;
      if (design === 'queue') await dropPrefix(redis, prefix);
    }
  }

  function watchDrain(prefix) {
    const samples = [];
    let stopped = false;
    const done = (async () => {
      while (!stopped) {
        // The commit cursor (one row by primary key): every decision has its own seq, so the cursor is the
        // durable count. COUNT(*) on decision_log scanned the table ten times a second, load the naive
        // design never carried.
        const [[row = { n: 0 }]] = await sql.query("SELECT committed_seq AS n FROM engine_cursor WHERE name = 'main'");
        const [line, dseq] = await Promise.all([redis.zcard(`${prefix}:line`), redis.get(`${prefix}:dseq`)]);
        samples.push({ t: Date.now(), committed: Number(row.n), line, decided: Number(dseq ?? 0) });
        await sleep(100);
      }
    })();
    return { samples, stop: async () => { stopped = true; await done; } };
  }

  async function queueOutcome(out, acc, watch) {
    const deadline = Date.now() + mode.drainTimeoutSeconds * 1000;
    bar.start(acc.accepted, 0, { phase: `drain queue`.padEnd(30), unit: 'durable decisions', extra: '' });
    let drainedAt = null;
    while (Date.now() < deadline) {
      const s = watch.samples.at(-1);
      const all = acc.accepted + out.warmAccepted;
      if (s) bar.update(Math.min(Math.max(0, s.committed - out.warmAccepted), acc.accepted), { extra: `line ${s.line}` });
      if (s && s.line === 0 && s.committed >= s.decided && s.committed >= all) {
        drainedAt = (watch.samples.find((x) => x.t >= out.t0 && x.line === 0 && x.committed >= x.decided && x.committed >= all) ?? s).t;
        break;
      }
      await sleep(100);
    }
    await watch.stop();
    bar.stop();
    const decisions = (await queueDecisions(sql, out.t0)).filter((d) => d.section !== WARM_SECTION);
    const span = Math.max(...decisions.map((d) => d.committed), 1);
    const lastDecided = Math.max(...decisions.map((d) => d.decided), 1);
    const byRid = new Map(decisions.map((d) => [d.rid, d]));
    const followed = out.follows.filter((f) => f.status !== 'UNSEEN');
    const batches = new Set(decisions.map((d) => d.committed)).size;
    return {
      drainSeconds: drainedAt ? round2((drainedAt - out.t0) / 1000) : null,
      drainTimedOut: !drainedAt, decisions: decisions.length, outcomes: outcomes(decisions),
      decisionsPerSec: Math.round((decisions.length * 1000) / lastDecided),
      commitsPerSec: Math.round((decisions.length * 1000) / span), commitBatches: batches,
      oversold: await oversold(sql),
      inversions: countInversions(decisions),
      followed: { sampled: out.follows.length, seen: followed.length, matchesDurable: followed.filter((f) => byRid.get(f.requestId)?.outcome === f.status).length, p50SeenMs: pct(followed.map((f) => f.seenMs), 50), p99SeenMs: pct(followed.map((f) => f.seenMs), 99) },
      series: {
        accepted: series(acceptTimes(out), 1000, span + 1000),
        decided: series(decisions.map((d) => d.decided), 1000, span + 1000),
        committed: series(decisions.map((d) => d.committed), 1000, span + 1000),
      },
    };
  }

  async function naiveOutcome(out, system) {
    // Requests a client gave up on are still decided by the server: wait until it is idle.
    const deadline = Date.now() + mode.drainTimeoutSeconds * 1000;
    let health = null;
    while (Date.now() < deadline) {
      health = await (await fetch(`${system.base}/health`)).json();
      if (health.inflight === 0) break;
      await sleep(100);
    }
    const r = out.records;
    const decisions = [];
    for (let i = 0; i < out.n; i++) if (r.outcome[i]) decisions.push({ section: demand.arrivals[i][1], order: i, outcome: r.outcome[i], reason: r.reason[i], at: r.due[i] + r.lat[i] });
    const [[enrolled]] = await sql.query('SELECT COUNT(*) AS n FROM enrollment');
    const lastAt = Math.max(health.lastDecisionAt - out.t0, ...decisions.map((d) => d.at));
    const span = Math.max(lastAt, 1);
    const times = decisions.map((d) => d.at);
    return {
      drainSeconds: round2(lastAt / 1000), drainTimedOut: health.inflight !== 0,
      decisions: decisions.length, enrolledRows: Number(enrolled.n), outcomes: outcomes(decisions),
      decisionsPerSec: Math.round((decisions.length * 1000) / span), commitsPerSec: Math.round((decisions.length * 1000) / span), commitBatches: decisions.length,
      oversold: await oversold(sql),
      inversions: countInversions(decisions),
      series: { accepted: series(times, 1000, span + 1000), decided: series(times, 1000, span + 1000), committed: series(times, 1000, span + 1000) },
    };
  }

  // A rate fails only when it fails `tries` times (2 in full mode): the machine is shared, and one slow second of a
  // neighbour's work must not decide a design's capacity (both designs get the same second chance).
  async function capacity(design) {
    const steps = [];
    const step = async (rate) => {
      for (let attempt = 0; attempt < mode.tries; attempt++) {
        const r = (await round(design, rate, mode.stepSeconds)).result;
        steps.push({ ...r, attempt: attempt + 1 });
        if (r.pass) return true;
      }
      return false;
    };
    const snap = (x) => Math.max(50, Math.round(x / 50) * 50);
    let pass = null;
    let fail = null;
    let rate = mode.startRate;
    if (await step(rate)) {
      pass = rate;
      while (pass < mode.maxRate) {
        rate = Math.min(mode.maxRate, snap(pass * mode.growth));
        if (await step(rate)) pass = rate; else { fail = rate; break; }
      }
    } else {
      fail = rate;
      while (rate > 50) {
        rate = snap(rate / mode.growth);
        if (await step(rate)) { pass = rate; break; }
        fail = rate;
      }
    }
    for (let k = 0; k < mode.refineSteps && pass !== null && fail !== null && fail - pass > Math.max(50, pass * 0.1); k++) {
      const mid = snap((pass + fail) / 2);
      if (mid === pass || mid === fail) break;
      if (await step(mid)) pass = mid; else fail = mid;
    }
    return { capacity: pass ?? 0, firstFail: fail, steps };
  }

  // --- the run ------------------------------------------------------------------------------------
  const naiveCap = args['naive-capacity'] ? { capacity: Number(args['naive-capacity']), steps: [], given: true } : await capacity('naive');
  const queueCap = await capacity('queue');
  const overloadRate = Math.max(100, B.overloadFactor * naiveCap.capacity);
  const naiveOver = await round('naive', overloadRate, mode.overloadSeconds, { overload: true });
  const queueOver = await round('queue', overloadRate, mode.overloadSeconds, { overload: true });

  const headline = {
    capacityPerSec: queueCap.capacity,
    naiveCapacityPerSec: naiveCap.capacity,
    overloadRatePerSec: overloadRate,
    p99AcceptMsAtOverload: queueOver.result.p99,
    naiveP99AcceptMsAtOverload: naiveOver.result.p99,
    errorRateAtOverload: round6(queueOver.result.errorRate),
    naiveErrorRateAtOverload: round6(naiveOver.result.errorRate),
    drainSeconds: queueOver.result.drainSeconds,
    naiveDrainSeconds: naiveOver.result.drainSeconds,
    oversold: queueOver.result.oversold,
    naiveOversold: naiveOver.result.oversold,
    inversions: queueOver.result.inversions,
    naiveInversions: naiveOver.result.inversions,
    quick: args.quick,
  };
  const targets = {
    'capacityPerSec ≥ 4 × naiveCapacityPerSec': headline.capacityPerSec >= 4 * headline.naiveCapacityPerSec,
    'p99AcceptMsAtOverload ≤ naiveP99AcceptMsAtOverload / 10': headline.p99AcceptMsAtOverload <= headline.naiveP99AcceptMsAtOverload / 10,
    'errorRateAtOverload < 0.001': headline.errorRateAtOverload < 0.001,
    'drainSeconds ≤ naiveDrainSeconds / 2': headline.drainSeconds != null && headline.drainSeconds <= headline.naiveDrainSeconds / 2,
    'oversold = 0': headline.oversold === 0,
    'inversions = 0': headline.inversions === 0,
  };
  hardware.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const reportPath = writeReport({
    outDir, hardware, uni, demand: { ...demand, arrivals: undefined }, mode: { ...mode, quick: args.quick }, bench: { ...B, client: args.client ?? B.client },
    naiveCap, queueCap, naiveOver, queueOver, headline, targets, minutes: (Date.now() - started) / 60_000,
  });
  const latest = path.join(root, '.artifacts/bench/latest');
  rmSync(latest, { recursive: true, force: true });
  cpSync(outDir, latest, { recursive: true, filter: (src) => !/arrivals\.json$|\.log$/.test(src) });
  rmSync(jobFile, { force: true });
  log(`report: ${path.relative(root, reportPath)} (copy in .artifacts/bench/latest/); ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [t, held] of Object.entries(targets)) log(`${held ? 'holds ' : 'MISSED'}  ${t}`);
  await cleanup();
  process.stdout.write(`${JSON.stringify(headline)}\n`);
} catch (err) {
  bar.stop();
  log(`failed: ${err.stack ?? err}`);
  await cleanup();
  process.exit(1);
}

function round2(x) { return Math.round(x * 100) / 100; }
function round6(x) { return Math.round(x * 1e6) / 1e6; }
function pct(list, p) {
  const s = list.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]) : null;
}
function acceptTimes(out) {
  const t = [];
  for (let i = 0; i < out.n; i++) if (out.records.status[i] >= 200 && out.records.status[i] < 300) t.push(out.records.due[i] + out.records.lat[i]);
  return t;
}

async function snapshotDist() {
  const entries = ['api', 'worker', 'cli'].map((a) => path.join(root, `dist/apps/${a}/src/main.js`));
  const target = path.join(root, `.data/bench/dist-${process.pid}`);
  for (let attempt = 0; ; attempt++) {
    try {
      ensureServerBuilt();
      if (!entries.every((e) => existsSync(e))) throw new Error('dist/ is incomplete (a build is running?)');
      rmSync(target, { recursive: true, force: true });
      cpSync(path.join(root, 'dist'), target, { recursive: true });
      if (!entries.every((e) => existsSync(e.replace(path.join(root, 'dist'), target)))) throw new Error('dist/ changed while it was copied');
      return target;
    } catch (err) {
      if (attempt >= 20) throw err;
      log(`waiting for dist/: ${err.message}`);
      await sleep(3000);
    }
  }
}

async function describeMachine() {
  const cpus = os.cpus();
  const [[v]] = await admin.query('SELECT VERSION() AS v');
  const info = await redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1];
  const h = {
    cpu: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length, ramGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, mariadb: v.v, redis: redisVersion, os: `${os.type()} ${os.release()}`,
    loadStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
  h.line = `hardware: ${h.cpu}, ${h.cores} cores, ${h.ramGb} GB RAM; Node ${h.node}, MariaDB ${h.mariadb}, Redis ${h.redis}; load average at start ${h.loadStart}`;
  return h;
}
