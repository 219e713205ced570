import { loadConfig, type AppConfig } from '@app/config';
import { migrate } from '@app/database';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';

export interface ServiceAddresses {
  db: { host: string; port: number; user: string; password: string };
  redisUrl: string;
}

export interface TestEnv {
  config: AppConfig;
  /** A plain mysql2 pool on the test database, for assertions and fixtures. */
  sql: mysql.Pool;
  /** A Redis connection; use `config.redis.prefix` for every key. */
  redis: Redis;
  /** Drops the database and deletes the prefix's keys. */
  cleanup(): Promise<void>;
}

/**
 * A database and a Redis prefix of this test's own, migrated and empty.
 * `overrides` are environment variables (strings), parsed like the real boot.
 */
export async function createTestEnv(services: ServiceAddresses, overrides: Record<string, string> = {}): Promise<TestEnv> {
  const id = randomBytes(4).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_HOST: services.db.host,
    DB_PORT: String(services.db.port),
    DB_USER: services.db.user,
    DB_PASSWORD: services.db.password,
    DB_NAME: `goorm_t_${id}`,
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: `t${id}`,
    LOG_LEVEL: 'error',
    SERVE_WEB: 'false',
    PORT: '0',
    WORKER_PORT: '0',
    ...overrides,
  });
  await migrate(config.database);
  const sql = mysql.createPool({
    host: config.database.host, port: config.database.port, user: config.database.user,
    password: config.database.password, database: config.database.database, connectionLimit: 4,
    supportBigNumbers: true, bigNumberStrings: true, timezone: 'Z', multipleStatements: false,
  });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
  return {
    config,
    sql,
    redis,
    async cleanup() {
      await sql.query(`DROP DATABASE IF EXISTS \`${config.database.database}\``).catch(() => {});
      await sql.end().catch(() => {});
      await deleteByPrefix(redis, `${config.redis.prefix}:`).catch(() => {});
      redis.disconnect();
    },
  };
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
