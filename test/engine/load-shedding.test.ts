import { loadConfig } from '@app/config';
import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { startWorker } from '../../apps/worker/src/bootstrap.js';
import { signToken } from '../faults/support/cluster.js';

// Admission control: past its in-flight limit the API refuses enroll calls at once with 503 +
// Retry-After (before auth, Redis or the queue), and counts them as "overloaded"; other routes
// are never shed.
let env: TestEnv;
let api: NestFastifyApplication;
let worker: NestFastifyApplication;
let base: string;

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  await runSeed(env.config.database, { students: 300, sections: 30, majors: 3, seed: 5 });
  worker = await startWorker(env.config);
  // Event-loop delay shedding off (this test's own load would trip it); in flight: at most 2.
  api = await createApiApp(loadConfig({ ...process.env, ...configEnv(env), SHED_MAX_IN_FLIGHT: '2', SHED_EVENT_LOOP_DELAY_MS: '0' }));
  await api.listen(0, '127.0.0.1');
  base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => { await api?.close(); await worker?.close(); await env?.cleanup(); });

function configEnv(e: TestEnv): Record<string, string> {
  const c = e.config;
  return {
    NODE_ENV: 'test', LOG_LEVEL: 'error', SERVE_WEB: 'false', DB_HOST: c.database.host, DB_PORT: String(c.database.port), DB_USER: c.database.user,
    DB_PASSWORD: c.database.password, DB_NAME: c.database.database, REDIS_URL: c.redis.url, REDIS_PREFIX: c.redis.prefix, JWT_SECRET: c.auth.jwtSecret,
  };
}

describe('load shedding on the enroll routes', () => {
  it('answers the excess 503 + Retry-After at once, accepts the rest, and leaves other routes alone', async () => {
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => fetch(`${base}/api/me/enrollments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(env.config.auth.jwtSecret, { sub: String(i + 1), role: 'student' })}` },
      body: JSON.stringify({ sectionId: 1 + (i % 30) }),
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy'), body: (await r.json()) as { code?: string; message?: string } }))));
    const shed = answers.filter((a) => a.status === 503);
    const accepted = answers.filter((a) => a.status === 202);
    expect(shed.length + accepted.length).toBe(answers.length); // nothing else: no 5xx, no 429
    expect(shed.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    // Refused in front of Fastify, with the same security headers as every other answer.
    for (const s of shed) expect(s).toMatchObject({ retryAfter: '1', nosniff: 'nosniff', csp: expect.stringContaining("default-src 'self'"), body: { code: 'UNAVAILABLE', message: expect.stringMatching(/at capacity/) } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/goorm_enroll_requests_total\{outcome="overloaded"\} (\d+)/.exec(metrics)?.[1])).toBe(shed.length);
    // Reads are never shed, even right after a burst.
    const reads = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/health/live`).then((r) => r.status)));
    expect(reads.every((s) => s === 200)).toBe(true);
  });
});
