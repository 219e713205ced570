import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';
import { DEMO_JWT_SECRET } from './config.schema.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives working defaults for local development', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'root', database: 'goorm' });
    expect(c.redis.url).toBe('redis://127.0.0.1:6379/0');
    expect(c.auth.accessTtlSeconds).toBe(900);
    expect(c.web).toMatchObject({ listenBacklog: 4096, warmUpCalls: 3000 });
    expect(loadConfig({ LISTEN_BACKLOG: '128', API_WARMUP_CALLS: '0' }).web).toMatchObject({ listenBacklog: 128, warmUpCalls: 0 });
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'abc', DB_NAME: 'bad name;', REDIS_URL: 'not a url', COMMIT_BATCH_ROWS: '0' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['COMMIT_BATCH_ROWS', 'DB_NAME', 'PORT', 'REDIS_URL']);
  });

  it('reads DATABASE_URL over the separate variables', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://app:s%40cret@db.example:3307/regdb', DB_HOST: 'ignored' });
    expect(c.database).toMatchObject({ host: 'db.example', port: 3307, user: 'app', password: 's@cret', database: 'regdb' });
    expect(problemsOf({ DATABASE_URL: 'postgres://x@y/z' })[0]).toMatch(/^DATABASE_URL/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y:3306/' })[0]).toMatch(/^DATABASE_URL: the database name/);
  });

  it('refuses the demo secret and demo data in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((p) => p.startsWith('JWT_SECRET'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DEMO_DATA'))).toBe(true);
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DEMO_DATA: 'false' });
    expect(ok.isProduction).toBe(true);
    expect(ok.auth.jwtSecret).not.toBe(DEMO_JWT_SECRET);
  });

  it('rejects a short secret', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })[0]).toMatch(/^JWT_SECRET: must be at least 32/);
  });

  it('reads TRUST_PROXY as off, on, a hop count or a list of addresses', () => {
    expect(loadConfig({}).web.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).web.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '0' }).web.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).web.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).web.trustProxy)
      .toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0', 'example.com', '1.2.3.4/8/1', ',']) {
      expect(problemsOf({ TRUST_PROXY: bad })[0], bad).toMatch(/^TRUST_PROXY: expected false, true, a hop count/);
    }
  });
});
