// `npm run bench:fsync [-- --rounds N]`: the throughput cost of Redis `appendfsync always` against
// `everysec` (the Guarantees section's trade: `always` loses nothing on a crash, `everysec` up to ~1 s).
// Starts two private redis-servers with AOF on (own ports, data under .data/bench-fsync/), then, in
// alternating rounds on each: (1) the accept path alone — the accept script and the BullMQ add of
// every request, 64 in flight, as the API does; (2) `npm run bench:engine -- --quick` (the worker
// stage and its no-op ceiling) pointed at that Redis. Everything else (MariaDB, this machine) is
// shared, so compare the two columns of one run. Last line of stdout: one JSON object.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureInstalled, ensureServerBuilt } from '../lib/build.mjs';
import { startRedisServer } from '../lib/services.mjs';
import { dropPrefix } from './systems.mjs';

ensureInstalled();
ensureServerBuilt();
const root = fileURLToPath(new URL('../..', import.meta.url));
const { Redis } = await import('ioredis');
const { Queue } = await import('bullmq');
const { EngineScripts } = await import('../../dist/libs/engine/src/engine-scripts.js');
const { ENROLLMENT_JOB_OPTIONS } = await import('../../dist/libs/queue/src/enrollment-queue.options.js');

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, accepts: { type: 'string', default: '20000' } } });
const ROUNDS = Number(values.rounds);
const ACCEPTS = Number(values.accepts);
const log = (s) => process.stderr.write(`[fsync] ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** The API's two Redis steps per request (accept script, then the job), 64 requests in flight. */
async function acceptPath(url) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const prefix = `fsyncbench:${randomUUID().slice(0, 8)}`;
  const scripts = new EngineScripts(redis, prefix);
  const queueConnection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('enrollment', { connection: queueConnection, prefix: `${prefix}:bull`, defaultJobOptions: ENROLLMENT_JOB_OPTIONS });
  await redis.set(`${prefix}:epoch`, 'bench');
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < ACCEPTS) {
      const i = next++;
      const r = await scripts.accept({ studentId: i + 1, sectionId: 1 + (i % 100), requestId: randomUUID(), idempotencyKey: null, now: Date.now(), waitlist: false, maxWaiting: 1e9, idempotencyTtlSeconds: 60 });
      if (r.kind === 'accepted') await queue.add('decide', { r: r.requestId, p: r.position }, { jobId: r.requestId });
    }
  }));
  const perSec = ACCEPTS / ((performance.now() - t0) / 1000);
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  queueConnection.disconnect();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  return perSec;
}

/** `bench:engine --quick` against this Redis: its last line (JSON). */
function engineQuick(url) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/bench-engine.mjs', '--quick'], { cwd: root, env: { ...process.env, REDIS_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bench:engine exited with ${code}:\n${out.slice(-2000)}`));
      try { resolve(JSON.parse(last)); } catch { reject(new Error(`bench:engine printed no JSON:\n${out.slice(-2000)}`)); }
    });
  });
}

const dataDir = path.join(root, '.data/bench-fsync');
rmSync(dataDir, { recursive: true, force: true });
const servers = {};
for (const fsync of ['everysec', 'always']) servers[fsync] = await startRedisServer({ dir: path.join(dataDir, fsync), appendfsync: fsync });
const runs = { everysec: [], always: [] };
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const fsync of r % 2 ? ['always', 'everysec'] : ['everysec', 'always']) {
      log(`round ${r + 1}/${ROUNDS}, appendfsync ${fsync}: accept path (${ACCEPTS} requests, 64 in flight) …`);
      const accepts = await acceptPath(servers[fsync].url);
      log(`round ${r + 1}/${ROUNDS}, appendfsync ${fsync}: ${Math.round(accepts)} accepts/s; bench:engine --quick …`);
      const e = await engineQuick(servers[fsync].url);
      log(`round ${r + 1}/${ROUNDS}, appendfsync ${fsync}: engine ${e.decisionsPerSec} decisions/s, no-op ${e.noopJobsPerSec} jobs/s, decision→durable p99 ${e.p99DecisionToDurableMs} ms`);
      runs[fsync].push({ accepts, decisions: e.decisionsPerSec, noop: e.noopJobsPerSec, p99: e.p99DecisionToDurableMs });
    }
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
}
const summary = (k) => Object.fromEntries(['accepts', 'decisions', 'noop', 'p99'].map((f) => [f, Math.round(median(runs[k].map((x) => x[f])))]));
const every = summary('everysec');
const always = summary('always');
const result = {
  acceptsPerSecEverysec: every.accepts, acceptsPerSecAlways: always.accepts, acceptRatio: Math.round((always.accepts / every.accepts) * 100) / 100,
  decisionsPerSecEverysec: every.decisions, decisionsPerSecAlways: always.decisions, decisionRatio: Math.round((always.decisions / every.decisions) * 100) / 100,
  noopJobsPerSecEverysec: every.noop, noopJobsPerSecAlways: always.noop,
  p99DecisionToDurableMsEverysec: every.p99, p99DecisionToDurableMsAlways: always.p99,
  rounds: ROUNDS, hardware: `${os.cpus()[0]?.model} × ${os.cpus().length} cores, Node ${process.version}`,
};
log(`medians of ${ROUNDS}: accept path ${every.accepts} vs ${always.accepts}/s (always = ${result.acceptRatio} × everysec); engine ${every.decisions} vs ${always.decisions} decisions/s (${result.decisionRatio} ×); no-op ${every.noop} vs ${always.noop} jobs/s`);
process.stdout.write(`${JSON.stringify(result)}\n`);
