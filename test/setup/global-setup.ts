import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureServices } from '../../scripts/lib/services.mjs';

/**
 * Brings Redis and MariaDB up the same way `npm start` does (reuse when they answer, else start
 * private ones under .data/test) and hands their addresses to every test file. Test files create
 * their own database and Redis prefix, so demo data is never touched.
 */
export default async function setup(project: TestProject) {
  const services = await ensureServices({
    dataDir: path.resolve('.data/test'),
    db: {
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 3306),
      user: process.env.DB_USER ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
    },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  });
  project.provide('services', { db: services.db, redisUrl: services.redisUrl });
  return async () => {
    await services.stop();
  };
}
