import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

/** Counts the SQL statements the app's TypeORM connection sends (every query passes its logger). */
export function countSql(app: NestFastifyApplication): { readonly queries: string[]; reset(): void } {
  const ds = app.get(DataSource);
  const queries: string[] = [];
  const logger = ds.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    queries.push(query);
    return original(query, parameters, runner);
  };
  return { queries, reset: () => { queries.length = 0; } };
}
