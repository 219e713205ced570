// `npm run bench:draw [-- --requests N --chunk C]`: what holding a RANDOM_AT_OPEN draw costs Redis.
// Puts N requests in one draw (the accept script, as the API does in a window's draw period), then
// holds it twice over, on two copies: in chunks of C places per call (as the jobs and the worker's
// tick do), and whole in one call (what one call that size would block Redis for: why it is chunked). Baseline in the same run: N first-come accepts, the script time one place costs without a
// draw. Redis time is the server's own (INFO commandstats), per call and per request: a call is
// time during which Redis serves nobody else. Needs a built server (dist/); uses its own key prefix.
// Last line of stdout: one JSON object.
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ensureInstalled, ensureServerBuilt } from '../lib/build.mjs';
import { dropPrefix } from './systems.mjs';

ensureInstalled();
ensureServerBuilt();
const { EngineScripts } = await import('../../dist/libs/engine/src/engine-scripts.js');

const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, chunk: { type: 'string', default: '2000' } } });
const N = Number(values.requests);
const CHUNK = Number(values.chunk);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { maxRetriesPerRequest: 1 });
const log = (s) => process.stderr.write(`[draw] ${s}\n`);

/** Script time Redis spent while `fn` ran (EVALSHA calls and µs, from a reset INFO commandstats). */
async function scriptTime(fn) {
  await redis.config('RESETSTAT');
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  // A script's first call is an EVAL (ioredis loads it), the rest EVALSHA.
  let calls = 0, usec = 0;
  for (const m of (await redis.info('commandstats')).matchAll(/cmdstat_eval(?:sha)?:calls=(\d+),usec=(\d+)/g)) { calls += Number(m[1]); usec += Number(m[2]); }
  return { calls, redisMs: usec / 1000, wallMs };
}

async function fill(prefix, draw) {
  const s = new EngineScripts(redis, prefix);
  await redis.set(`${prefix}:epoch`, 'bench');
  return scriptTime(async () => {
    for (let i = 0; i < N; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, N - i) }, (_, k) => s.accept({
        studentId: i + k + 1, sectionId: 1, requestId: randomUUID(), idempotencyKey: null, now: Date.now(), waitlist: false,
        maxWaiting: 1e9, idempotencyTtlSeconds: 60, draw,
      })));
      if ((i + 500) % 5000 === 0 || i + 500 >= N) log(`${prefix.split(':').at(-1)}: ${Math.min(N, i + 500)}/${N} accepted`);
    }
  });
}

const run = `drawbench:${randomUUID().slice(0, 8)}`;
const at = Date.now() + 3_600_000;
const draw = { id: '1:0', at };
const out = {};
try {
  // Baseline: first-come accepts (no draw).
  const fifo = await fill(`${run}:fifo`, null);
  // Chunked: the jobs' and the tick's way.
  const joinChunked = await fill(`${run}:chunked`, draw);
  const chunked = await scriptTime(async () => {
    const s = new EngineScripts(redis, `${run}:chunked`);
    for (;;) { const r = await s.holdDraw(draw.id, '', at + 1, CHUNK); if (r.kind !== 'more') break; }
  });
  // Whole, in one call.
  await fill(`${run}:whole`, draw);
  const whole = await scriptTime(() => new EngineScripts(redis, `${run}:whole`).holdDraw(draw.id, '', at + 1, N));
  const lines = await Promise.all(['chunked', 'whole'].map((k) => redis.zcard(`${run}:${k}:line`)));
  if (lines[0] !== N || lines[1] !== N) throw new Error(`the draws placed ${lines.join(' and ')} requests, expected ${N} each`);
  const perReqUs = (t) => Math.round((t.redisMs * 1000 / N) * 10) / 10;
  Object.assign(out, {
    requests: N, chunk: CHUNK,
    fifoAcceptUsPerRequest: perReqUs(fifo), drawJoinUsPerRequest: perReqUs(joinChunked),
    chunkedHoldCalls: chunked.calls, chunkedHoldMsPerCall: Math.round((chunked.redisMs / chunked.calls) * 10) / 10, chunkedHoldUsPerRequest: perReqUs(chunked),
    wholeHoldMs: Math.round(whole.redisMs * 10) / 10, wholeHoldUsPerRequest: perReqUs(whole),
    hardware: `${os.cpus()[0]?.model} × ${os.cpus().length} cores, Node ${process.version}`,
  });
  log(`${N} requests: a first-come accept costs Redis ${out.fifoAcceptUsPerRequest} µs, joining the draw ${out.drawJoinUsPerRequest} µs`);
  log(`holding the draw in chunks of ${CHUNK}: ${chunked.calls} calls of ${out.chunkedHoldMsPerCall} ms (${out.chunkedHoldUsPerRequest} µs per request)`);
  log(`holding it whole in one call: ${out.wholeHoldMs} ms (${out.wholeHoldUsPerRequest} µs per request), Redis serving nobody else meanwhile`);
} finally {
  await dropPrefix(redis, run);
  redis.disconnect();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
