import type { AppConfig } from '@app/config';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WorkerModule } from './worker.module.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The worker is a Nest application whose only HTTP routes are /health and /metrics on
 * WORKER_PORT (0 = any free port, for tests that run several workers).
 */
export async function startWorker(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), new FastifyAdapter(), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.enableShutdownHooks();
  await app.listen(config.workerPort, config.host);
  new Logger('Worker').log(`health and metrics on http://${config.host}:${config.workerPort}`);
  return app;
}
