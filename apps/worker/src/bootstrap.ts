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
  await app.listen(config.workerPort, config.host);
  const log = new Logger('Worker');
  log.log(`health and metrics on http://${config.host}:${config.workerPort}`);
  // SIGTERM (Kubernetes, a rolling restart): stop taking jobs, let active ones finish durable,
  // flush the committer, exit 0 — so the orchestrator sees a clean stop. A second signal forces,
  // unless it comes within a second of the first: Ctrl-C reaches every process of the terminal's
  // group, and `npm start` passes its own stop on as SIGTERM a moment later — one stop, not two
  // (it exited without draining, its jobs left to stall).
  let closingAt = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closingAt && Date.now() - closingAt < 1000) return;
      if (closingAt) { log.warn(`${signal} again: exiting without draining`); process.exit(1); }
      closingAt = Date.now();
      const t0 = Date.now();
      log.log(`${signal}: draining`);
      app.close().then(
        () => { log.log(`stopped cleanly in ${Date.now() - t0} ms`); process.exit(0); },
        (err: unknown) => { log.error(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`); process.exit(1); },
      );
    });
  }
  return app;
}
