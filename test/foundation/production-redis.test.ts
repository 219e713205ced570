import { createTestEnv, type TestEnv } from '@app/testing';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRedisServer } from '../../scripts/lib/services.mjs';

// Runs the built entry points (npm test builds before Vitest runs) in production mode against a
// redis-server of this test's own, whose settings the test changes (never the machine's Redis).
const API = 'dist/apps/api/src/main.js';
const WORKER = 'dist/apps/worker/src/main.js';

describe('production boot checks Redis persistence settings', () => {
  let env: TestEnv;
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: Redis;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnv(inject('services'));
    dir = mkdtempSync(path.join(tmpdir(), 'goorm-redis-policy-'));
    server = await startRedisServer({ dir });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await env?.cleanup();
  });

  /** What a production pod gets: a real secret, no demo data, this test's database and Redis. */
  const productionEnv = (redisUrl = server.url) => ({
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(48),
    DEMO_DATA: 'false',
    DB_HOST: env.config.database.host,
    DB_PORT: String(env.config.database.port),
    DB_USER: env.config.database.user,
    DB_PASSWORD: env.config.database.password,
    DB_NAME: env.config.database.database,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: env.config.redis.prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    WORKER_PORT: '0',
    SERVE_WEB: 'false',
    COMMITTER_THREAD: 'false',
  });

  const boot = (entry: string, redisUrl?: string) =>
    spawnSync(process.execPath, [entry], { env: productionEnv(redisUrl), encoding: 'utf8', timeout: 60_000 });

  for (const entry of [API, WORKER]) {
    it(`${entry} refuses to start on maxmemory-policy allkeys-lru (exit 78, names the setting)`, async () => {
      expect(existsSync(entry), `${entry} missing: run npm run build:server`).toBe(true);
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const r = boot(entry);
      expect(r.status, r.stdout + r.stderr).toBe(78);
      expect(r.stderr).toMatch(/maxmemory-policy is allkeys-lru; production requires noeviction/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  }

  it('reads the policy from INFO memory when CONFIG is not allowed', async () => {
    await admin.config('SET', 'maxmemory-policy', 'volatile-lru');
    // A user who may run everything but CONFIG, as managed Redis services (and rename-command) do.
    await admin.call('ACL', 'SETUSER', 'noconfig', 'on', '>noconfig-pass', '~*', '&*', '+@all', '-config');
    const noConfigUrl = server.url.replace('redis://', 'redis://noconfig:noconfig-pass@');
    const probe = new Redis(noConfigUrl);
    await expect(probe.config('GET', 'maxmemory-policy')).rejects.toThrow(/NOPERM/);
    probe.disconnect();
    const r = boot(API, noConfigUrl);
    expect(r.status, r.stdout + r.stderr).toBe(78);
    expect(r.stderr).toMatch(/maxmemory-policy is volatile-lru/);
  });

  it('starts with noeviction and only warns when appendonly is off', async () => {
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'appendonly', 'no');
    const child = spawn(process.execPath, [API], { env: productionEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    try {
      const started = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 45_000);
        child.stdout.on('data', () => { if (/listening on http/.test(out)) { clearTimeout(timer); resolve(true); } });
        child.once('exit', () => { clearTimeout(timer); resolve(false); });
      });
      expect(started, out).toBe(true);
      expect(out).toMatch(/Redis appendonly is off/);
      expect(out).not.toMatch(/maxmemory-policy/);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
    }
  });
});
