import { createDataSource, createSqlPool } from '@app/database';
import { createTestEnv, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// DEFAULT CURRENT_TIMESTAMP (every created_at) and NOW() use the session's time zone, which is the
// server's unless the connection sets it: a MariaDB in Asia/Seoul wrote created_at nine hours ahead of
// what the API read back as UTC. Every connection of ours sets UTC; several at once prove it is each
// connection, not only the first.
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(inject('services')); });
afterAll(async () => { await env?.cleanup(); });

const PARALLEL = 6;
const ZONE = "SELECT @@session.time_zone AS tz, CONNECTION_ID() AS id, SLEEP(0.05) AS s";

describe('every MySQL session runs in UTC', () => {
  it('TypeORM data sources (the apps, the CLI)', async () => {
    const ds = createDataSource(env.config.database, { poolSize: PARALLEL });
    await ds.initialize();
    try {
      const rows = (await Promise.all(Array.from({ length: PARALLEL }, () => ds.query(ZONE)))).map((r: { tz: string; id: number }[]) => r[0]!);
      expect(new Set(rows.map((r) => r.id)).size).toBe(PARALLEL);
      expect(rows.map((r) => r.tz)).toEqual(Array.from({ length: PARALLEL }, () => '+00:00'));
    } finally {
      await ds.destroy();
    }
  });

  it('plain mysql2 pools (the committer, the intake journal)', async () => {
    const pool = createSqlPool(env.config.database, { connectionLimit: PARALLEL });
    try {
      const rows = (await Promise.all(Array.from({ length: PARALLEL }, () => pool.query(ZONE)))).map(([r]) => (r as { tz: string; id: number }[])[0]!);
      expect(new Set(rows.map((r) => r.id)).size).toBe(PARALLEL);
      expect(rows.map((r) => r.tz)).toEqual(Array.from({ length: PARALLEL }, () => '+00:00'));
    } finally {
      await pool.end();
    }
  });
});
