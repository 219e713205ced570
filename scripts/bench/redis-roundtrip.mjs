// `npm run bench:roundtrip`: what one Redis round trip costs this process in CPU, alone and when
// many are in flight together — the fact behind most of the per-request CPU figures of
// `npm run bench:steady`. An isolated command is a socket write that wakes an idle Redis and a read
// that wakes this process; with 32 in flight, ioredis's auto-pipelining puts many in one write.
// Baseline in the same run: the same round trips over a loopback socket to an echo server inside
// this process (no second process to wake). Last line of stdout: one JSON object.
import { Redis } from 'ioredis';
import net from 'node:net';
import os from 'node:os';

const N = 20_000;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const redis = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
await redis.ping();

async function measure(label, concurrency, once) {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { for (let i = 0; i < N / concurrency; i++) await once(); }));
  const u = process.cpuUsage(u0);
  const wallUs = ((performance.now() - t0) * 1000) / N;
  const cpuUs = (u.user + u.system) / N;
  process.stderr.write(`[roundtrip] ${label}, ${concurrency} in flight: ${wallUs.toFixed(1)} µs wall, ${cpuUs.toFixed(1)} µs of this process's CPU per round trip\n`);
  return { wallUs: Math.round(wallUs * 10) / 10, cpuUs: Math.round(cpuUs * 10) / 10 };
}

// The in-process echo baseline: one byte each way, both ends in this process.
const server = net.createServer((s) => s.on('data', (d) => s.write(d))).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const sock = net.connect(server.address().port, '127.0.0.1');
await new Promise((r) => sock.once('connect', r));
let pending = null;
sock.on('data', () => { const p = pending; pending = null; p?.(); });
const echo = () => new Promise((r) => { pending = r; sock.write('x'); });

const result = {
  redisPing: {
    1: await measure('Redis PING', 1, () => redis.ping()),
    4: await measure('Redis PING', 4, () => redis.ping()),
    32: await measure('Redis PING', 32, () => redis.ping()),
  },
  inProcessEcho: await measure('loopback echo inside this process', 1, echo),
  cpu: os.cpus()[0]?.model?.trim(), cores: os.cpus().length,
};
sock.destroy();
server.close();
redis.disconnect();
process.stdout.write(`${JSON.stringify(result)}\n`);
