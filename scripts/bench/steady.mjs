// `npm run bench:steady -- [--design queue|naive] [--rate N] [--seconds S] [options, see the usage line]`: one design at one fixed
// open-model arrival rate, and what each request cost every process on the box — the API, the
// worker (or the naive server), Redis, MariaDB and the load generator itself — in CPU ms per
// request. `npm run bench` finds capacities; this says where the CPU of one rate goes, which is
// what decides them on a 2-core machine. Same university, demand, generator and systems as
// `npm run bench` (scripts/bench/*). Redis's and MariaDB's CPU are read only when they run on
// this machine (their pid from INFO / pidof); otherwise those fields are null.
// Last line of stdout: one JSON object. Progress goes to stderr.
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureServerBuilt, root } from '../lib/build.mjs';
import { cpuSeconds } from '../lib/proc.mjs';
import { percentile } from './measure.mjs';
import { seedOpening, systemEnv } from './opening.mjs';
import { benchServices } from '../lib/services.mjs';
import { runLoadgen } from './run-loadgen.mjs';
import { dropPrefix, startNaiveSystem, startQueueSystem } from './systems.mjs';

const { values: args } = parseArgs({
  options: {
    design: { type: 'string', default: 'queue' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' },
    'warmup-seconds': { type: 'string', default: '3' }, 'warmup-rate': { type: 'string' }, connections: { type: 'string' }, 'idle-seconds': { type: 'string', default: '0' }, 'no-preconnect': { type: 'boolean', default: false },
    client: { type: 'string' },
  },
  strict: true,
});
const design = args.design;
const rate = Number(args.rate);
const seconds = Number(args.seconds);
if (!['queue', 'naive'].includes(design) || !['undici', 'raw', undefined].includes(args.client) || !(rate > 0) || !(seconds > 0) || rate * seconds > 160_000) {
  process.stderr.write('usage: npm run bench:steady -- [--design queue|naive] [--rate N] [--seconds S] [--warmup-seconds S] [--warmup-rate N] [--connections N] [--no-preconnect] [--idle-seconds S] [--client undici|raw]   (rate × seconds ≤ 160,000)\n');
  process.exit(2);
}
const log = (m) => process.stderr.write(`[steady] ${m}\n`);
const def = JSON.parse(readFileSync(path.join(root, 'load-tests/scenarios.json'), 'utf8'));
// The generator's client: as `npm run bench` uses it (scenarios.json bench.client) unless --client says.
const client = args.client ?? def.bench.client;
const outDir = path.join(root, '.artifacts/bench/steady');
mkdirSync(outDir, { recursive: true });

ensureServerBuilt();
const dist = path.join(root, 'dist');
const services = await benchServices();
const dbName = `goorm_bench_${process.pid}`;
const prefix = `bench${process.pid}s`;
const env = systemEnv(services, dbName, def.bench.naivePoolSize);
const admin = await mysql.createConnection({ ...services.db, timezone: 'Z' });
const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 3 });
let system = null;
let sql = null;
async function cleanup() {
  await system?.stop(3000).catch(() => {});
  await dropPrefix(redis, prefix).catch(() => {});
  await sql?.end().catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => {});
  await admin.end().catch(() => {});
  redis.disconnect();
  await services.stop();
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup().finally(() => process.exit(130)); });

/** The kernel's TCP counters that show an overflowing accept queue (Linux; {} elsewhere). */
function tcpCounters() {
  const out = {};
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').trim().split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i].split(/\s+/);
      const values = lines[i + 1].split(/\s+/);
      names.forEach((n, j) => { if (['ListenOverflows', 'TCPSynRetrans'].includes(n)) out[n] = Number(values[j]); });
    }
  } catch { /* not Linux */ }
  return out;
}

/** A server's pid when it runs here (so its CPU can be read), else null. */
async function localPids() {
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  let mariadbPid = null;
  for (const name of ['mariadbd', 'mysqld']) {
    try { mariadbPid = Number(execFileSync('pidof', [name], { encoding: 'utf8' }).trim().split(' ')[0]); break; } catch { /* not running here */ }
  }
  const mine = (pid) => (pid && Number.isFinite(cpuSeconds(pid)) ? pid : null);
  return { redis: mine(redisPid), mariadb: mine(mariadbPid) };
}

try {
  const opening = await seedOpening({ admin, services, dist, env, dbName, uni: def.university });
  sql = opening.sql;
  const { demand } = opening;
  const arrivalsFile = path.join(outDir, `arrivals-${process.pid}.json`);
  writeFileSync(arrivalsFile, JSON.stringify(demand.arrivals));

  system = design === 'queue'
    ? await startQueueSystem({ dist, env, redis, prefix, logDir: outDir })
    : await startNaiveSystem({ root, env, logDir: outDir });
  const pids = { ...system.processes, ...(await localPids()) };
  const cpuNow = () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSeconds(pid) : NaN]));
  // --idle-seconds: what each process burns with no load at all (timers, polls, blocking fetches),
  // a fixed cost that a low rate divides among few requests.
  let idleCores = null;
  const idleSeconds = Number(args['idle-seconds']);
  if (idleSeconds > 0) {
    const c0 = cpuNow();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const c1 = cpuNow();
    idleCores = Object.fromEntries(Object.keys(c0).map((k) => [k, Number.isFinite(c1[k] - c0[k]) ? Math.round(((c1[k] - c0[k]) / idleSeconds) * 1000) / 1000 : null]));
    log(`idle for ${idleSeconds} s: cores busy ${Object.entries(idleCores).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}`);
  }
  const job = {
    design, base: system.base, rate, seconds, connections: Number(args.connections ?? def.bench.connections), preconnect: def.bench.preconnect && !args['no-preconnect'], client, timeoutMs: def.bench.full.requestTimeoutMs, jwtSecret: env.JWT_SECRET,
    arrivalsFile, followEvery: 0, followTimeoutMs: 1000, out: path.join(outDir, `out-${process.pid}.json`),
    warmup: { ...def.bench.warmup, ...(args['warmup-rate'] && { rate: Number(args['warmup-rate']) }), seconds: Number(args['warmup-seconds']), sectionId: 999_999_999 },
  };
  log(`${design} at ${rate}/s for ${seconds} s (after a ${job.warmup.seconds} s warm-up at ${job.warmup.rate}/s) with the ${client} client on ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim()})`);
  let cpu0 = null;
  let tcp0 = {};
  let cpu1 = null;
  let t0 = 0;
  let t1 = 0;
  let maxConnected = 0;
  const out = await runLoadgen(job, {
    onStart: (child) => { pids.loadgen = child.pid; },
    onLine: (p) => {
      if (p.connected !== undefined) maxConnected = Math.max(maxConnected, p.connected);
      if (p.warmup !== undefined) { cpu0 = cpuNow(); tcp0 = tcpCounters(); t0 = Date.now(); }
      else if (p.finished) { cpu1 ??= cpuNow(); t1 ||= Date.now(); }
      // The last request answered: the timed load is over (following, if any, is not timed).
      else if (cpu0 && p.done === Math.round(rate * seconds) && !cpu1) { cpu1 = cpuNow(); t1 = Date.now(); }
    },
  });
  // The server's own view of the enroll calls (from the request's arrival in the handler chain to
  // its answer): how many took longer than each bucket bound. Time outside it is the kernel's, the
  // event loop's before the request was read, or the generator's.
  let serverSide = null;
  if (design === 'queue') {
    const text = await (await fetch(`${system.base}/metrics`)).text().catch(() => '');
    const buckets = [...text.matchAll(/^goorm_enroll_accept_duration_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)/gm)];
    const byLe = new Map();
    for (const [, le, c] of buckets) byLe.set(le, (byLe.get(le) ?? 0) + Number(c));
    const total = byLe.get('+Inf') ?? 0;
    serverSide = Object.fromEntries([...byLe].filter(([le]) => le !== '+Inf').map(([le, c]) => [`over${Math.round(Number(le) * 1000)}ms`, total - c]));
    serverSide.total = total;
  }
  rmSync(job.out, { force: true });
  rmSync(arrivalsFile, { force: true });
  const n = out.n;
  const ok = out.records.status.filter((s) => s >= 200 && s < 300).length;
  const errorsByCode = {};
  for (const c of out.records.code) if (c) errorsByCode[c] = (errorsByCode[c] ?? 0) + 1;
  const lat = out.records.lat.filter((x) => x >= 0).sort((a, b) => a - b);
  const pct = (p) => Math.round(percentile(lat, p) * 10) / 10;
  const cpuMsPerRequest = Object.fromEntries(Object.keys(pids).map((k) => {
    const d = cpu1[k] - cpu0[k];
    return [k, Number.isFinite(d) ? Math.round((d * 1e6) / n) / 1000 : null];
  }));
  // Box-wide counters (this machine's other traffic counts too): dropped connection attempts, each a client retrying 1 s later or more.
  const tcp1 = tcpCounters();
  const tcp = Object.fromEntries(Object.keys(tcp1).map((k) => [k, tcp1[k] - (tcp0[k] ?? tcp1[k])]));
  const total = Math.round(Object.values(cpuMsPerRequest).reduce((a, b) => a + (b ?? 0), 0) * 1000) / 1000;
  // p99 of each second of the load (by due time): a tail from one stall shows as one bad second.
  const p99BySecondOf = (values) => {
    const bySecond = [];
    for (let i = 0; i < n; i++) (bySecond[Math.floor(out.records.due[i] / 1000)] ??= []).push(values[i]);
    return bySecond.map((l) => Math.round(percentile(l.filter((v) => v >= 0).sort((a, b) => a - b), 99) ?? -1));
  };
  const p99BySecond = p99BySecondOf(out.records.lat);
  const sendLagP99BySecond = p99BySecondOf(out.records.sendLag);
  const result = {
    design, rate, seconds, requests: n, ok, errorsByCode, p50Ms: pct(50), p99Ms: pct(99), p99BySecond, sendLagP99BySecond, serverSide, idleCores, maxConnections: maxConnected, tcp, cpuMsPerRequest, totalCpuMsPerRequest: total,
    coresBusy: Math.round(((total * n) / Math.max(1, t1 - t0)) * 100) / 100, cores: os.cpus().length,
  };
  log(`${ok}/${n} answered 2xx (errors ${JSON.stringify(errorsByCode)}), p50 ${result.p50Ms} p99 ${result.p99Ms} ms (p99 by second: ${p99BySecond.join(' ')}; the generator's send lag p99 by second: ${sendLagP99BySecond.join(' ')}); up to ${maxConnected} connections; server-side ${JSON.stringify(serverSide)}; TCP ${JSON.stringify(tcp)}; CPU ms per request ${Object.entries(cpuMsPerRequest).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')} = ${total} (${result.coresBusy} of ${result.cores} cores)`);
  await cleanup();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  await cleanup();
  process.exit(1);
}
