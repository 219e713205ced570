// What `npm run bench` and `npm run bench:steady` share (besides benchServices, scripts/lib/services.mjs):
// the systems' environment and the seeded opening (university, one window for everyone, the demand).
import mysql from 'mysql2/promise';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildDemand } from './demand.mjs';

/** The environment of the systems under test: the bench's own database, a fresh JWT secret, quiet logs. */
export function systemEnv(services, dbName, naivePoolSize) {
  const env = {
    ...process.env,
    DB_HOST: services.db.host, DB_PORT: String(services.db.port), DB_USER: services.db.user, DB_PASSWORD: services.db.password, DB_NAME: dbName,
    REDIS_URL: services.redisUrl, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SERVE_WEB: 'false',
    NAIVE_POOL_SIZE: String(naivePoolSize),
  };
  delete env.DATABASE_URL;
  return env;
}

/**
 * A fresh database `dbName` seeded with the university `uni` (the CLI's seed, from `dist`), one
 * window open for everyone, and the demand. Returns the open connection, the demand and the seed's
 * summary line.
 */
export async function seedOpening({ admin, services, dist, env, dbName, uni }) {
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const seeded = spawnSync(process.execPath, [path.join(dist, 'apps/cli/src/main.js'), 'seed', '--students', String(uni.students), '--sections', String(uni.sections), '--seed', String(uni.seed), '--no-window'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr || seeded.stdout}`);
  const sql = await mysql.createConnection({ ...services.db, database: dbName, timezone: 'Z' });
  await sql.query("SET time_zone = '+00:00'");
  await sql.query("INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ('bench: everyone', NOW(3) - INTERVAL 1 MINUTE, NOW(3) + INTERVAL 6 HOUR, NULL, NULL, 'FIFO')");
  return { sql, demand: await buildDemand(sql, uni), seedLine: seeded.stdout.trim().split('\n').at(-1) };
}
