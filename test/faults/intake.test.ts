import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { History, ownRedis, report, request, startCluster, waitUntil, type Cluster } from './support/index.js';

// Plan tests 5 (fairness at opening), 18 (bounded queue) and 19 (health), with no worker running,
// on a redis-server of the test's own (test 19 kills it).
const CAP = 100;
let c: Cluster;
let redis: Awaited<ReturnType<typeof ownRedis>>;

beforeAll(async () => {
  redis = await ownRedis('intake', 'everysec', 300);
  c = await startCluster({
    services: { db: inject('services').db, redisUrl: redis.url }, name: 'intake', workers: 0, students: 200, capacities: [1000],
    env: { QUEUE_MAX_WAITING: String(CAP) },
    // Student 200 is in grade 2, whose only window opens in an hour.
    beforeStart: async (env) => {
      await env.sql.query('UPDATE student SET grade = 2 WHERE id = 200');
      await env.sql.query('UPDATE open_time SET grades = ?', [JSON.stringify([1])]);
      await env.sql.query(`INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ('later', ?, ?, ?, NULL, 'FIFO')`,
        [new Date(Date.now() + 3600_000), new Date(Date.now() + 7200_000), JSON.stringify([2])]);
    },
  });
});
afterAll(async () => { await c?.stop(); await redis?.stop(); });

describe('intake without workers', () => {
  it('before its window opens a request is refused and not queued; places strictly increase in arrival order; the line stops at its cap with 503 + Retry-After', async () => {
    const h = new History(c.base, (s) => c.token(s));
    const early = await h.enroll(200, 1);
    const lineAfterEarly = await c.env.redis.zcard(c.keys.line);
    // One at a time, so arrival order is known: 150 students for a line capped at 100.
    for (let s = 1; s <= 150; s++) await h.enroll(s, 1);
    const ops = h.ops.slice(1);
    const accepted = ops.filter((o) => o.status === 202);
    const refused = ops.filter((o) => o.status === 503);
    const increasing = accepted.every((o, i) => i === 0 || o.position! > accepted[i - 1]!.position!);
    const line = await c.env.redis.zcard(c.keys.line);
    const mem = await c.env.redis.info('memory');
    report('5+18 fairness at opening and bounded queue', {
      earlyStatus: early.status, lineAfterEarly, accepted: accepted.length, refused: refused.length, increasing,
      retryAfter: refused[0]?.retryAfter ?? null, line, refusedMaxMs: Math.max(...refused.map((o) => o.completeMs - o.invokeMs)),
      redisUsedMemory: Number(/used_memory:(\d+)/.exec(mem)?.[1]),
    });
    expect(early.status).toBe(403);
    expect(lineAfterEarly).toBe(0);
    expect(accepted.map((o) => o.student)).toEqual(Array.from({ length: CAP }, (_, i) => i + 1));
    expect(increasing).toBe(true);
    expect(refused.length).toBe(50);
    expect(refused.every((o) => o.retryAfter)).toBe(true);
    expect(line).toBe(CAP);
  });

  it('readiness fails within one probe period when Redis is gone; liveness does not', async () => {
    const ready = async () => (await request(c.base, 'GET', '/health/ready', { timeoutMs: 5000 })).status;
    expect(await ready()).toBe(200);
    // Ready means an enroll call can be taken: MySQL, Redis and the queue it enqueues on, each named.
    const checks = (await request(c.base, 'GET', '/health/ready')).json as { details: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(checks.details).map(([k, v]) => [k, v.status]))).toEqual({ mysql: 'up', redis: 'up', queue: 'up' });
    await redis.crash();
    const t0 = Date.now();
    const notReadyMs = await waitUntil('readiness fails', async () => (await ready()) !== 200, 10_000, 100).catch(() => -1);
    const live = (await request(c.base, 'GET', '/health/live')).status;
    const readyStatus = await ready();
    await redis.restart();
    const readyAgainMs = await waitUntil('ready again', async () => (await ready()) === 200, 30_000, 200).catch(() => -1);
    report('19 health', { notReadyMs, readyStatusWhileDown: readyStatus, liveWhileDown: live, readyAgainMs, sinceCrashMs: Date.now() - t0 });
    expect(notReadyMs).toBeGreaterThanOrEqual(0);
    expect(notReadyMs).toBeLessThan(5000);
    expect(readyStatus).toBe(503);
    expect(live).toBe(200);
    expect(readyAgainMs).toBeGreaterThanOrEqual(0);
  });
});
