import type { DatabaseConfig } from '@app/config';
import mysql from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** TypeORM options shared by the apps, the CLI and the tests. Never `synchronize`: migrations only. */
export function dataSourceOptions(db: DatabaseConfig, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.database,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // All times are stored in UTC.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: db.poolSize,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...extra,
  } as DataSourceOptions;
}

/**
 * Every MySQL session in UTC. mysql2's `timezone: 'Z'` only converts the JS Dates it sends and reads;
 * `DEFAULT CURRENT_TIMESTAMP` (every created_at) and NOW() use the session's zone, which is the
 * server's: a MariaDB set to Asia/Seoul wrote created_at nine hours ahead of what the API then read as UTC.
 */
const UTC_SESSION = "SET time_zone = '+00:00'";
const utcSession = (conn: { query: (sql: string) => unknown }) => { conn.query(UTC_SESSION); };

/** A DataSource whose connections all run in UTC (see UTC_SESSION). */
export class UtcDataSource extends DataSource {
  override async initialize(): Promise<this> {
    await super.initialize();
    // New connections from here on; the one TypeORM opened to check the server is already in the pool, idle.
    (this.driver as unknown as { pool?: { on: (event: 'connection', fn: typeof utcSession) => void } }).pool?.on('connection', utcSession);
    await this.query(UTC_SESSION);
    return this;
  }
}

export function createDataSource(db: DatabaseConfig, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new UtcDataSource(dataSourceOptions(db, extra));
}

/** Creates the database itself when it does not exist (a fresh machine, a test's own database). */
export async function ensureDatabase(db: DatabaseConfig): Promise<void> {
  const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Runs pending migrations; returns the names of those it ran (empty when up to date). */
export async function migrate(db: DatabaseConfig): Promise<string[]> {
  await ensureDatabase(db);
  const ds = createDataSource(db, { poolSize: 2 });
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * A plain mysql2 pool with the same settings as the DataSource (UTC, big numbers as strings), for
 * a hot path that needs what TypeORM does not give: the committer sends a whole batch as one
 * multi-statement round trip. multipleStatements only lets our own statements share a packet: every
 * value is a placeholder or a literal checked by type and shape (libs/engine sql-literals.ts).
 */
export function createSqlPool(db: DatabaseConfig, opts: { connectionLimit?: number; multipleStatements?: boolean } = {}): mysql.Pool {
  const pool = mysql.createPool({
    host: db.host, port: db.port, user: db.user, password: db.password, database: db.database,
    connectionLimit: opts.connectionLimit ?? 2, multipleStatements: opts.multipleStatements ?? false,
    timezone: 'Z', charset: 'utf8mb4_unicode_ci', supportBigNumbers: true, bigNumberStrings: true,
  });
  // The underlying callback pool emits each new connection before handing it out.
  pool.pool.on('connection', utcSession);
  return pool;
}
