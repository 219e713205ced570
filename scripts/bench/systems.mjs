// Starts and stops the two designs for one bench round, on loopback ports of their own.
// Only processes started here are ever stopped here (by their own pid).
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../lib/services.mjs';

function startProcess(entry, env, logFile) {
  const fd = openSync(logFile, 'a');
  // BENCH_NODE_ARGS: node flags for the systems under test (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, entry], { env, stdio: ['ignore', fd, fd] });
  child.on('error', () => {});
  return child;
}

async function stopProcess(child, graceMs) {
  if (child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((res) => child.once('exit', res));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(graceMs).then(() => 'late')])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitUntil(check, what, children, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const c of children) if (c.exitCode !== null) throw new Error(`${what}: a process exited with code ${c.exitCode} (see its log)`);
    try { if (await check()) return; } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

/**
 * The queue design: one API process and one worker process (apps/api, apps/worker, compiled),
 * on a Redis prefix of their own. Ready when the API answers /health/ready and the worker has
 * primed the engine state from MySQL (the epoch key exists).
 */
export async function startQueueSystem({ dist, env, redis, prefix, logDir }) {
  const port = await freePort();
  const childEnv = { ...env, PORT: String(port), WORKER_PORT: '0', REDIS_PREFIX: prefix };
  const worker = startProcess(path.join(dist, 'apps/worker/src/main.js'), childEnv, path.join(logDir, 'worker.log'));
  const api = startProcess(path.join(dist, 'apps/api/src/main.js'), childEnv, path.join(logDir, 'api.log'));
  const base = `http://127.0.0.1:${port}`;
  const system = {
    base,
    processes: { api: api.pid, worker: worker.pid },
    stop: (graceMs = 10_000) => Promise.all([stopProcess(api, graceMs), stopProcess(worker, graceMs)]),
  };
  try {
    await waitUntil(async () => (await fetch(`${base}/health/ready`)).ok && (await redis.exists(`${prefix}:epoch`)) === 1, 'queue design (API + worker)', [api, worker]);
  } catch (err) {
    await system.stop(2000);
    throw err;
  }
  return system;
}

/** The naive baseline (load-tests/naive/server.mjs), one process, its own pool. */
export async function startNaiveSystem({ root, env, logDir }) {
  const port = await freePort();
  const child = startProcess(path.join(root, 'load-tests/naive/server.mjs'), { ...env, PORT: String(port) }, path.join(logDir, 'naive.log'));
  const base = `http://127.0.0.1:${port}`;
  const system = { base, processes: { naive: child.pid }, stop: (graceMs = 10_000) => stopProcess(child, graceMs) };
  try {
    await waitUntil(async () => (await fetch(`${base}/health`)).ok, 'naive baseline', [child]);
  } catch (err) {
    await system.stop(2000);
    throw err;
  }
  return system;
}

/** Deletes every key under a prefix (the round's engine state and BullMQ queue). */
export async function dropPrefix(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
