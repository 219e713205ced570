/**
 * `npm run bench:engine` — the worker stage of a registration opening, beside its ceilings.
 *
 * Per round, on the same Redis and MariaDB, with the same process count and concurrency:
 *  1. engine — a seeded university (own database and Redis prefix), N requests accepted into the
 *     line exactly as the API does (accept Lua + one BullMQ job each) while the queue is paused;
 *     then W real worker processes (dist/apps/worker) decide and commit them. Timed from resume
 *     to the last job completed (a job completes only once its decision is durable in MySQL).
 *  2. noop — the bare BullMQ ceiling: N jobs of the same shape and options, W processes running
 *     a no-op processor with the enrollment worker's settings (test/engine/bench/noop-worker.mjs).
 *  3. raw — after the engine run, in its database: multi-row INSERTs of N rows into decision_log
 *     (one transaction per batch of COMMIT_BATCH_ROWS, one connection, like the committer):
 *     MySQL's own ceiling, for context.
 * Stages alternate round after round (background load hits all alike); figures are medians.
 * Last line: one JSON object (decisionsPerSec, noopJobsPerSec, avgRowsPerInsert, …).
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { RedisKeys } from '@app/redis';
import { EngineScripts, loadLua } from '@app/engine';
import { ENROLLMENT_JOB_OPTIONS } from '@app/queue';
import { JobName, QueueName } from '@app/contracts';
import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import { Queue } from 'bullmq';
import cliProgress from 'cli-progress';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { cpuSeconds } from '../../../scripts/lib/proc.mjs';
import { benchServices, freePort } from '../../../scripts/lib/services.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

interface Options {
  requests: number; students: number; sections: number; workers: number; concurrency: number;
  batchRows: number; batchMs: number; decideBatch: number; rounds: number; seed: number; perStudent: number;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      requests: { type: 'string' }, students: { type: 'string' }, sections: { type: 'string' },
      workers: { type: 'string' }, concurrency: { type: 'string' }, 'batch-rows': { type: 'string' },
      'batch-ms': { type: 'string' }, 'decide-batch': { type: 'string' }, rounds: { type: 'string' }, seed: { type: 'string' },
    },
  });
  const q = values.quick;
  const shipped = loadConfig({ ...process.env, NODE_ENV: 'test' }).engine;
  const num = (v: string | undefined, d: number) => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${v}"`);
    return n;
  };
  const requests = num(values.requests, q ? 20_000 : 100_000);
  const students = num(values.students, q ? 4_000 : 20_000);
  return {
    requests, students,
    sections: num(values.sections, q ? 400 : 2_000),
    workers: num(values.workers, 2),
    // The configured values (defaults from libs/config, or the environment) unless overridden on
    // the command line: the benchmark measures what ships.
    concurrency: num(values.concurrency, shipped.concurrency),
    batchRows: num(values['batch-rows'], shipped.commitBatchRows),
    batchMs: num(values['batch-ms'], shipped.commitBatchMs),
    decideBatch: num(values['decide-batch'], shipped.decideBatch),
    rounds: num(values.rounds, q ? 1 : 3),
    seed: num(values.seed, 42),
    perStudent: Math.ceil(requests / students),
  };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN; };
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A deterministic PRNG (mulberry32), so every round and every run replays the same opening. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/**
 * The opening's demand: each student asks for `perStudent` distinct sections they may take (own
 * major or general education), popular sections far more often (Zipf-like), so the hot ones are
 * oversubscribed many times while the long tail has seats; arrival order is shuffled.
 */
async function buildDemand(env: TestEnv, o: Options): Promise<{ studentId: number; sectionId: number }[]> {
  const [students] = (await env.sql.query('SELECT id, major_id FROM student ORDER BY id')) as unknown as [{ id: number; major_id: number }[]];
  const [sections] = (await env.sql.query(
    'SELECT s.id, l.major_id, m.general_education AS ge FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id ORDER BY s.id',
  )) as unknown as [{ id: number; major_id: number; ge: number }[]];
  const rnd = prng(o.seed);
  const byMajor = new Map<number, number[]>();
  const general: number[] = [];
  for (const s of sections) {
    if (Number(s.ge)) general.push(Number(s.id));
    else byMajor.set(Number(s.major_id), [...(byMajor.get(Number(s.major_id)) ?? []), Number(s.id)]);
  }
  const zipf = (list: number[]) => list[Math.min(list.length - 1, Math.floor(list.length * rnd() ** 3))]!;
  const out: { studentId: number; sectionId: number }[] = [];
  for (const st of students) {
    const own = byMajor.get(Number(st.major_id)) ?? [];
    const picked = new Set<number>();
    for (let tries = 0; picked.size < o.perStudent && tries < o.perStudent * 10; tries++) {
      const pool = rnd() < 0.7 && own.length ? own : general;
      if (pool.length) picked.add(zipf(pool));
    }
    for (const sectionId of picked) out.push({ studentId: Number(st.id), sectionId });
  }
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out.slice(0, o.requests);
}

function spawnProcess(args: string[], env: Record<string, string>, ready: (line: string) => boolean): Promise<ChildProcess> {
  // BENCH_NODE_ARGS: extra node flags for the spawned processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to profile the workers; node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${args[0]} did not start in 60 s:\n${out.slice(-2000)}`)); }, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').some(ready)) { clearTimeout(timer); child.stdout!.off('data', onData); resolve(child); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${args[0]} exited with ${code} before it was ready:\n${out.slice(-2000)}`)); });
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
    c.once('exit', () => { clearTimeout(kill); resolve(); });
    c.kill('SIGTERM');
  })));
}

/** Waits until every job left the queue; shows progress from `done()`. */
async function drain(queue: Queue, total: number, label: string, done: () => Promise<number>, limitMs: number): Promise<number> {
  const bar = new cliProgress.SingleBar({ format: `  ${label} [{bar}] {value}/{total} {rate}/s`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  const t0 = performance.now();
  bar.start(total, 0, { rate: 0 });
  try {
    for (;;) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      const left = Object.values(c).reduce((a, b) => a + b, 0);
      const n = await done();
      bar.update(Math.min(total, n), { rate: Math.round(n / ((performance.now() - t0) / 1000)) });
      if (left === 0 && n >= total) return performance.now();
      if (performance.now() - t0 > limitMs) throw new Error(`${label}: not drained after ${limitMs / 1000} s (${left} jobs left, ${n}/${total} done)`);
      await sleep(25);
    }
  } finally {
    bar.stop();
  }
}

/** The pids whose CPU the engine stage spends: workers, Redis, MariaDB, and this process. */
async function cpuPids(redis: Redis, env: TestEnv, workers: ChildProcess[]): Promise<Record<string, number[]>> {
  const info = await redis.info('server');
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const [[row]] = (await env.sql.query('SELECT @@pid_file AS f')) as unknown as [[{ f: string }]];
  let dbPid = NaN;
  try { dbPid = Number(readFileSync(row.f, 'utf8').trim()); } catch { /* not readable: shown as n/a */ }
  return { workers: workers.map((w) => w.pid!), redis: [redisPid], mariadb: [dbPid], bench: [process.pid] };
}

const cpuOf = (pids: Record<string, number[]>) => Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, v.reduce((a, p) => a + cpuSeconds(p), 0)]));

/**
 * BENCH_COMMANDSTATS=1: Redis's own per-command time for a stage (CONFIG RESETSTAT before,
 * INFO commandstats after), the way to see where Redis spends a job. Resets the server's stats.
 * BENCH_SCRIPTSTATS=1: Redis's time per script (EVALSHA by SHA, from a SLOWLOG that logs every
 * command, so nested calls are inside their script's time): which script a stage's Redis CPU goes
 * to. Restores the slowlog settings after; the logging itself costs Redis a little per command.
 */
async function commandStats(redis: Redis, phase: 'start' | string, log: (s: string) => void): Promise<void> {
  if (process.env.BENCH_SCRIPTSTATS === '1') {
    if (phase === 'start') {
      slowlogWas = (await redis.config('GET', 'slowlog-*')) as string[];
      await redis.config('SET', 'slowlog-log-slower-than', '0', 'slowlog-max-len', '4000000');
      await redis.slowlog('RESET');
    } else {
      const entries = (await redis.slowlog('GET', -1)) as [number, number, number, string[]][];
      if (slowlogWas.length) await redis.config('SET', ...slowlogWas);
      await redis.slowlog('RESET');
      const names = new Map(Object.entries(scriptShas).map(([name, sha]) => [sha, name]));
      const by = new Map<string, { calls: number; usec: number }>();
      for (const [, , usec, args] of entries) {
        const cmd = String(args[0]).toLowerCase();
        // BullMQ's scripts: named by the key that tells them apart (its first key's suffix).
        const name = cmd === 'evalsha' ? (names.get(String(args[1])) ?? `bullmq ${String(args[1]).slice(0, 8)} ${String(args[3] ?? '').split(':').pop()}`) : cmd;
        const b = by.get(name) ?? { calls: 0, usec: 0 };
        b.calls++; b.usec += usec;
        by.set(name, b);
      }
      const rows = [...by].sort((a, b) => b[1].usec - a[1].usec);
      const total = rows.reduce((a, [, r]) => a + r.usec, 0);
      log(`  ${phase} Redis time by script (${entries.length} commands, ${(total / 1000).toFixed(0)} ms): ${rows.slice(0, 12).map(([n, r]) => `${n} ${r.calls}×${(r.usec / r.calls).toFixed(1)}µs = ${(r.usec / 1000).toFixed(0)} ms`).join(', ')}`);
    }
  }
  if (process.env.BENCH_COMMANDSTATS !== '1') return;
  if (phase === 'start') { await redis.config('RESETSTAT'); return; }
  const rows = (await redis.info('commandstats')).split('\n').flatMap((l) => {
    const m = /^cmdstat_(\w+):calls=(\d+),usec=(\d+)/.exec(l);
    return m ? [{ cmd: m[1]!, calls: Number(m[2]), usec: Number(m[3]) }] : [];
  }).sort((a, b) => b.usec - a.usec);
  const total = rows.reduce((a, r) => a + r.usec, 0);
  log(`  ${phase} Redis command time ${(total / 1000).toFixed(0)} ms: ${rows.slice(0, Number(process.env.BENCH_COMMANDSTATS_TOP ?? 12)).map((r) => `${r.cmd} ${r.calls}×${(r.usec / r.calls).toFixed(1)}µs`).join(', ')}`);
}
let slowlogWas: string[] = [];
/** The engine's own scripts by SHA (for BENCH_SCRIPTSTATS). */
const scriptShas: Record<string, string> = Object.fromEntries(
  ['acceptRequest-0', 'decideUpTo-0', 'dropEnrollment-0', 'advanceCommit-4', 'holdDraw-0'].map((n) => [n.replace(/-\d$/, ''), createHash('sha1').update(loadLua(n)).digest('hex')]),
);

async function scrape(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const hit = /^(goorm_commit_[a-z_]+(?:_sum|_count|_total|_bucket\{le="[0-9.+Inf]+"\})?)\s+([0-9.e+-]+)$/.exec(line);
    if (hit) m.set(hit[1]!, Number(hit[2]));
  }
  return m;
}

interface EngineRound { cpuPerK: Record<string, number>; commitMs: number; rawInsertRowsPerSec: number; decisionsPerSec: number; seconds: number; avgRowsPerInsert: number; rowsPerBatch: number; p50DecisionToDurableMs: number; p99DecisionToDurableMs: number; oversold: number; inversions: number; drift: number; lost: number; enrolled: number; outcomes: Record<string, number> }

async function engineRound(services: { db: { host: string; port: number; user: string; password: string }; redisUrl: string }, o: Options, log: (s: string) => void): Promise<EngineRound> {
  const env = await createTestEnv(services, { LOG_LEVEL: 'warn' });
  const workers: ChildProcess[] = [];
  const redis = new Redis(env.config.redis.url, { maxRetriesPerRequest: null });
  const sub = new Redis(env.config.redis.url, { maxRetriesPerRequest: null });
  const keys = new RedisKeys(env.config.redis.prefix);
  const queue = new Queue(QueueName.ENROLLMENT, { connection: new Redis(env.config.redis.url, { maxRetriesPerRequest: null }), prefix: keys.bullPrefix, defaultJobOptions: ENROLLMENT_JOB_OPTIONS });
  try {
    await runSeed(env.config.database, { students: o.students, sections: o.sections, majors: 20, seed: o.seed, windowOpen: true });
    const demand = await buildDemand(env, o);
    // Paused before any worker connects: the prefill is not timed, the workers start together.
    await queue.pause();
    const ports: number[] = [];
    for (let i = 0; i < o.workers; i++) {
      const port = await freePort();
      ports.push(port);
      workers.push(await spawnProcess(['dist/apps/worker/src/main.js'], {
        NODE_ENV: 'test', LOG_LEVEL: 'log', DB_HOST: env.config.database.host, DB_PORT: String(env.config.database.port),
        DB_USER: env.config.database.user, DB_PASSWORD: env.config.database.password, DB_NAME: env.config.database.database,
        REDIS_URL: env.config.redis.url, REDIS_PREFIX: env.config.redis.prefix, WORKER_PORT: String(port),
        WORKER_CONCURRENCY: String(o.concurrency), COMMITTER_THREAD: process.env.COMMITTER_THREAD ?? 'true', COMMIT_BATCH_ROWS: String(o.batchRows), COMMIT_BATCH_MS: String(o.batchMs), DECIDE_BATCH: String(o.decideBatch),
      }, (line) => line.includes('health and metrics on')));
    }
    for (let i = 0; i < 600 && !(await redis.exists(keys.epoch)); i++) await sleep(100);
    if (!(await redis.exists(keys.epoch))) throw new Error('the workers did not prime Redis');
    // BENCH_SUBSCRIBERS=N: N of the API's decision feeds, subscribed (as N API processes with SSE streams).
    const feeds = Number(process.env.BENCH_SUBSCRIBERS ?? 0);
    if (feeds > 0) {
      workers.push(await spawnProcess(['test/engine/bench/feed-subscribers.mjs'], {
        REDIS_URL: env.config.redis.url, REDIS_PREFIX: env.config.redis.prefix, FEED_SUBSCRIBERS: String(feeds),
      }, (line) => line === 'ready'));
    }

    // Accept every request as the API does (same Lua, same job), in waves of 2,000.
    const scripts = new EngineScripts(redis, keys.prefix);
    const accepted: { requestId: string; position: number }[] = [];
    for (let i = 0; i < demand.length; i += 2000) {
      const wave = await Promise.all(demand.slice(i, i + 2000).map((d) => scripts.accept({
        ...d, requestId: randomUUID(), idempotencyKey: null, now: Date.now(), waitlist: false, maxWaiting: 10_000_000, idempotencyTtlSeconds: 3600,
      })));
      for (const r of wave) if (r.kind === 'accepted') accepted.push({ requestId: r.requestId, position: r.position });
      await queue.addBulk(wave.flatMap((r) => (r.kind === 'accepted' ? [{ name: JobName.DECIDE, data: { r: r.requestId, p: r.position }, opts: { jobId: r.requestId } }] : [])));
    }
    const n = accepted.length;

    const publishes: { seq: number; at: number }[] = [];
    const channel = keys.channel('ch:committed');
    sub.on('message', (ch: string, msg: string) => { if (ch === channel && !msg.startsWith('reset:')) publishes.push({ seq: Number(msg.split(' ')[0]), at: Date.now() }); });
    await sub.subscribe(channel);
    const before = new Map<string, number>();
    for (const p of ports) for (const [k, v] of await scrape(p)) before.set(k, (before.get(k) ?? 0) + v);

    const pids = await cpuPids(redis, env, workers.slice(0, o.workers));
    if (feeds > 0) pids.feed = [workers.at(-1)!.pid!];
    const cpu0 = cpuOf(pids);
    await commandStats(redis, 'start', log);
    const t0 = performance.now();
    await queue.resume();
    const tEnd = await drain(queue, n, 'engine', async () => Number((await redis.get(keys.committedSeq)) ?? 0), 15 * 60_000);
    const seconds = (tEnd - t0) / 1000;
    const cpu1 = cpuOf(pids);
    await commandStats(redis, 'engine', log);
    // CPU per 1,000 decisions by process: where the machine's two cores went.
    const cpuPerK = Object.fromEntries(Object.keys(cpu0).map((k) => [k, Math.round(((cpu1[k]! - cpu0[k]!) / n) * 1e6) / 1000]));

    const after = new Map<string, number>();
    for (const p of ports) for (const [k, v] of await scrape(p)) after.set(k, (after.get(k) ?? 0) + v);
    const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
    const avgRowsPerInsert = d('goorm_commit_inserted_rows_total') / d('goorm_commit_insert_statements_total');
    const rowsPerBatch = d('goorm_commit_batch_rows_sum') / d('goorm_commit_batch_rows_count');
    const commitMs = (d('goorm_commit_duration_seconds_sum') * 1000) / d('goorm_commit_duration_seconds_count');

    // Decision → durable: each decision's time (Lua, `dt`) to the committer's announcement that
    // its seq is in MySQL (the moment its job may complete).
    const pipe = redis.pipeline();
    for (const a of accepted) pipe.hmget(keys.request(a.requestId), 'seq', 'dt', 'st');
    const reqs = ((await pipe.exec()) ?? []).map(([, v]) => v as [string | null, string | null, string | null]);
    publishes.sort((a, b) => a.seq - b.seq);
    const lag: number[] = [];
    // The same lags by the second of the run the decision was made in: is the tail the start, or everywhere?
    const lagBySecond: number[][] = [];
    const wallT0 = Date.now() - (performance.now() - t0);
    let undecided = 0;
    for (const [seq, dt] of reqs) {
      if (!seq || !dt) { undecided++; continue; }
      let lo = 0, hi = publishes.length - 1, found = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (publishes[mid]!.seq >= Number(seq)) { found = mid; hi = mid - 1; } else lo = mid + 1; }
      if (found < 0) continue;
      const l = Math.max(0, publishes[found]!.at - Number(dt));
      lag.push(l);
      (lagBySecond[Math.max(0, Math.floor((Number(dt) - wallT0) / 1000))] ??= []).push(l);
    }
    lag.sort((a, b) => a - b);

    // Correctness of the run, from MySQL (the durable record) and Redis.
    const [[counts]] = (await env.sql.query(`SELECT
        (SELECT COUNT(*) FROM decision_log) AS logged,
        (SELECT COUNT(*) FROM enrollment) AS enrolled,
        (SELECT COUNT(*) FROM section s WHERE s.enrolled_count > s.capacity
           OR (SELECT COUNT(*) FROM enrollment e WHERE e.section_id = s.id) <> s.enrolled_count) AS oversold`)) as unknown as [[{ logged: number; enrolled: number; oversold: number }]];
    const [decided] = (await env.sql.query('SELECT section_id, position, outcome, reason FROM decision_log')) as unknown as [{ section_id: number; position: number; outcome: string; reason: string | null }[]];
    const outcomes: Record<string, number> = {};
    const lastEnrolled = new Map<number, number>();
    for (const r of decided) {
      const k = r.reason ?? r.outcome;
      outcomes[k] = (outcomes[k] ?? 0) + 1;
      if (r.outcome === 'ENROLLED') lastEnrolled.set(Number(r.section_id), Math.max(lastEnrolled.get(Number(r.section_id)) ?? 0, Number(r.position)));
    }
    // A capacity inversion: a request refused for a full section while a later one got a seat in it.
    const inversions = decided.filter((r) => r.reason === 'SECTION_FULL' && Number(r.position) < (lastEnrolled.get(Number(r.section_id)) ?? 0)).length;
    const [sectionRows] = (await env.sql.query('SELECT id, enrolled_count FROM section')) as unknown as [{ id: number; enrolled_count: number }[]];
    const sp = redis.pipeline();
    for (const s of sectionRows) sp.hget(keys.section(s.id), 'n');
    const seatsInRedis = ((await sp.exec()) ?? []).map(([, v]) => Number(v ?? 0));
    const drift = sectionRows.filter((s, i) => Number(s.enrolled_count) !== seatsInRedis[i]).length;

    log(`  engine CPU s per 1,000 decisions: ${Object.entries(cpuPerK).map(([k, v]) => `${k} ${Number.isNaN(v) ? 'n/a' : v.toFixed(3)}`).join(', ')} (wall ${(seconds / n * 1000).toFixed(3)} s)`);
    log(`  engine: ${n} requests in ${seconds.toFixed(2)} s → ${Math.round(n / seconds)}/s durable; ${round1(avgRowsPerInsert)} rows/INSERT, ${round1(rowsPerBatch)} decisions/batch, ${round1(commitMs)} ms/commit; decision→durable p50 ${pct(lag, 50)} ms p99 ${pct(lag, 99)} ms; enrolled ${counts.enrolled}, oversold ${counts.oversold}, inversions ${inversions}, drift ${drift}`);
    const commits = d('goorm_commit_duration_seconds_count');
    const within = (le: string) => d(`goorm_commit_duration_seconds_bucket{le="${le}"}`);
    log(`  commits: ${commits}; ≤ 25 ms ${within('0.025')}, ≤ 50 ms ${within('0.05')}, ≤ 100 ms ${within('0.1')}, ≤ 250 ms ${within('0.25')}, over 250 ms ${commits - within('0.25')}`);
    log(`  decision→durable p99 by second of the run: ${Array.from(lagBySecond, (xs) => (xs?.length ? pct(xs.sort((x, y) => x - y), 99) : '-')).join(' ')} ms`);
    const rawInsertRowsPerSec = await rawInsertRound(env, o, log);
    return {
      cpuPerK, commitMs, rawInsertRowsPerSec, decisionsPerSec: n / seconds, seconds, avgRowsPerInsert, rowsPerBatch,
      p50DecisionToDurableMs: pct(lag, 50), p99DecisionToDurableMs: pct(lag, 99),
      oversold: Number(counts.oversold), inversions, drift, lost: n - Number(counts.logged) + undecided, enrolled: Number(counts.enrolled), outcomes,
    };
  } finally {
    await stopAll(workers);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    sub.disconnect();
    redis.disconnect();
    await env.cleanup();
  }
}

/** A no-op round: jobs per second and the CPU (s) per 1,000 jobs of each process it ran on. */
async function noopRound(services: { db: { host: string; port: number; user: string; password: string }; redisUrl: string }, o: Options, log: (s: string) => void): Promise<{ perSec: number; cpuPerK: Record<string, number> }> {
  const keys = new RedisKeys(`bench${randomUUID().slice(0, 8)}`);
  const name = `${QueueName.ENROLLMENT}-noop`;
  const conn = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: conn, prefix: keys.bullPrefix, defaultJobOptions: ENROLLMENT_JOB_OPTIONS });
  const workers: ChildProcess[] = [];
  try {
    await queue.pause();
    for (let i = 0; i < o.workers; i++) {
      workers.push(await spawnProcess(['test/engine/bench/noop-worker.mjs'], {
        NOOP_QUEUE: name, REDIS_URL: services.redisUrl, BULL_PREFIX: keys.bullPrefix, WORKER_CONCURRENCY: String(o.concurrency),
      }, (line) => line === 'ready'));
    }
    for (let i = 0; i < o.requests; i += 2000) {
      await queue.addBulk(Array.from({ length: Math.min(2000, o.requests - i) }, (_, k) => {
        const r = randomUUID();
        return { name: JobName.DECIDE, data: { r, p: i + k + 1 }, opts: { jobId: r } };
      }));
    }
    // Completed jobs are trimmed (removeOnComplete), so count what left the queue instead.
    const info = await conn.info('server');
    const pids = { workers: workers.map((w) => w.pid!), redis: [Number(/process_id:(\d+)/.exec(info)?.[1])], bench: [process.pid] };
    const cpu0 = cpuOf(pids);
    const t0 = performance.now();
    await commandStats(conn, 'start', log);
    await queue.resume();
    const tEnd = await drain(queue, o.requests, 'no-op ', async () => {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return o.requests - Object.values(c).reduce((a, b) => a + b, 0);
    }, 10 * 60_000);
    const perSec = o.requests / ((tEnd - t0) / 1000);
    const cpu1 = cpuOf(pids);
    await commandStats(conn, 'no-op', log);
    const cpuPerK = Object.fromEntries(Object.keys(cpu0).map((k) => [k, ((cpu1[k]! - cpu0[k]!) / o.requests) * 1000]));
    log(`  no-op  CPU s per 1,000 jobs: ${Object.entries(cpuPerK).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
    log(`  no-op : ${o.requests} jobs in ${((tEnd - t0) / 1000).toFixed(2)} s → ${Math.round(perSec)}/s`);
    return { perSec, cpuPerK };
  } finally {
    await stopAll(workers);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    conn.disconnect();
  }
}

/** Into the engine round's database, after its run: its students and sections satisfy the keys. */
async function rawInsertRound(env: TestEnv, o: Options, log: (s: string) => void): Promise<number> {
  const conn = await env.sql.getConnection();
  try {
    const t0 = performance.now();
    const now = new Date();
    for (let i = 0; i < o.requests; i += o.batchRows) {
      const rows = Array.from({ length: Math.min(o.batchRows, o.requests - i) }, (_, k) => [`raw-${i + k}`, 10_000_000 + i + k, 1 + ((i + k) % o.students), 1 + ((i + k) % o.sections), 'ENROLL', 'REJECTED', 'SECTION_FULL', i + k + 1, null, now, now]);
      await conn.beginTransaction();
      await conn.query('INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at) VALUES ?', [rows]);
      await conn.commit();
    }
    const perSec = o.requests / ((performance.now() - t0) / 1000);
    log(`  raw   : ${o.requests} rows into decision_log in batches of ${o.batchRows} → ${Math.round(perSec)} rows/s`);
    return perSec;
  } finally {
    conn.release();
  }
}

export async function main(): Promise<void> {
  const o = options();
  const services = await benchServices();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const hardware = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
  log(`engine benchmark: ${o.requests} requests from ${o.students} students over ${o.sections} sections (seed ${o.seed}); ${o.workers} worker processes × concurrency ${o.concurrency}; commit batch ${o.batchRows} rows / ${o.batchMs} ms; ${o.rounds} round(s)`);
  log(`hardware: ${hardware}; the workers, Redis, MariaDB and this generator share the machine`);
  const engine: EngineRound[] = [];
  const noop: number[] = [];
  // The engine's CPU per decision over the no-op's per job, round by round (a round's two stages run
  // minutes apart at most, so the host's speed, which moves between hours here, mostly cancels out).
  const cpuRatios: number[] = [];
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, v) => a + (Number.isFinite(v) ? v : 0), 0);
  try {
    for (let r = 0; r < o.rounds; r++) {
      log(`round ${r + 1}/${o.rounds}`);
      const e = await engineRound(services, o, log);
      const n = await noopRound(services, o, log);
      engine.push(e);
      noop.push(n.perSec);
      cpuRatios.push(sum(e.cpuPerK) / sum(n.cpuPerK));
      log(`  CPU per decision over the no-op's CPU per job (every process measured): ${cpuRatios.at(-1)!.toFixed(2)}`);
    }
  } finally {
    await services.stop();
  }
  const decisionsPerSec = median(engine.map((e) => e.decisionsPerSec));
  const noopJobsPerSec = median(noop);
  const result = {
    decisionsPerSec: Math.round(decisionsPerSec),
    noopJobsPerSec: Math.round(noopJobsPerSec),
    ratio: Math.round((decisionsPerSec / noopJobsPerSec) * 100) / 100,
    cpuPerDecisionOverNoop: Math.round(median(cpuRatios) * 100) / 100,
    avgRowsPerInsert: round1(median(engine.map((e) => e.avgRowsPerInsert))),
    decisionsPerBatch: round1(median(engine.map((e) => e.rowsPerBatch))),
    avgCommitMs: round1(median(engine.map((e) => e.commitMs))),
    p50DecisionToDurableMs: median(engine.map((e) => e.p50DecisionToDurableMs)),
    p99DecisionToDurableMs: median(engine.map((e) => e.p99DecisionToDurableMs)),
    rawInsertRowsPerSec: Math.round(median(engine.map((e) => e.rawInsertRowsPerSec))),
    oversold: Math.max(...engine.map((e) => e.oversold)),
    inversions: Math.max(...engine.map((e) => e.inversions)),
    drift: Math.max(...engine.map((e) => e.drift)),
    lost: Math.max(...engine.map((e) => e.lost)),
    requests: o.requests, workers: o.workers, concurrency: o.concurrency, batchRows: o.batchRows, batchMs: o.batchMs, rounds: o.rounds,
    outcomes: engine.at(-1)?.outcomes,
    hardware,
  };
  log(`median of ${o.rounds}: engine ${result.decisionsPerSec}/s durable = ${result.ratio} × no-op ${result.noopJobsPerSec}/s; ${result.avgRowsPerInsert} rows/INSERT; decision→durable p99 ${result.p99DecisionToDurableMs} ms; raw INSERT ${result.rawInsertRowsPerSec} rows/s`);
  console.log(JSON.stringify(result));
}
