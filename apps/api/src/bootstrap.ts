import type { AppConfig, TrustProxy } from '@app/config';
import { Metrics } from '@app/observability';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerFactoryHandler } from 'fastify';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { LoadShedder } from './enrollment/load-shedding.js';
import { warmUpEnrollPath } from './enrollment/warm-up.js';
import { setupOpenApi } from './openapi/openapi.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** JSON bodies on this API are small; anything bigger is refused with 413 before parsing. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Where the built web app lives (apps/web/dist), found from the source or the dist tree. */
function webRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../../web/dist'), path.resolve(here, '../../../../apps/web/dist')]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * Fastify's trustProxy from TRUST_PROXY. Fastify 5 ignores a bare hop count (it fails closed), so
 * n hops becomes "trust the nearest n peers", which is only safe when nothing but the proxy can reach
 * the API (in k8s the NetworkPolicy admits only the ingress controller).
 */
export function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust > 0 ? (_address, hop) => hop < trust : false;
  return trust;
}

/** Builds the API application (not listening yet): used by main.ts and by the e2e tests. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Security headers from one helmet middleware built here (its header values computed once).
  // @fastify/helmet rebuilt the whole middleware for every request: 6% of the API's CPU on the enroll path.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"] },
    },
  });
  const shedder = new LoadShedder({
    maxEventLoopDelayMs: config.web.shedEventLoopDelayMs, maxInFlight: config.web.shedMaxInFlight, corsOrigins: config.web.corsOrigins,
    headers: headersSetBy(securityHeaders),
  });
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES, trustProxy: trustProxyOption(config.web.trustProxy), routerOptions: { maxParamLength: 200 },
    // The server Fastify would build (same timeouts), with the enroll routes' admission control in front.
    serverFactory: (handler: FastifyServerFactoryHandler, options: Record<string, unknown>) => {
      const o = options as { http?: ServerOptions; keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number; maxRequestsPerSocket?: number };
      const server = shedder.createServer(handler, o.http ?? {});
      if (o.keepAliveTimeout !== undefined) server.keepAliveTimeout = o.keepAliveTimeout;
      if (o.requestTimeout !== undefined) server.requestTimeout = o.requestTimeout;
      server.setTimeout(o.connectionTimeout ?? 0);
      if ((o.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = o.maxRequestsPerSocket!;
      return server;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bufferLogs: false,
  });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.web.corsOrigins.length) app.enableCors({ origin: config.web.corsOrigins });

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  shedder.onShed = () => metrics.countEnrollRequest('overloaded');
  fastify.addHook('onClose', (_i, done) => { shedder.stop(); done(); });
  fastify.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));

  setupOpenApi(app);

  const root = config.web.serve ? webRoot() : null;
  if (root) {
    await app.register((await import('@fastify/static')).default as never, { root, prefix: '/', wildcard: false } as never);
    // Client-side routes (/student/…, /staff/…) get index.html; unknown /api paths keep their JSON 404.
    fastify.get('/*', (req, reply) => {
      if (/^\/(api|health|metrics)(\/|$)/.test(req.url)) {
        return reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'Nothing was found at this address.' });
      }
      return (reply as unknown as { sendFile(f: string): unknown }).sendFile('index.html');
    });
  }
  return app;
}

/** The headers a middleware that ignores the request (helmet) sets, captured once on a stand-in response. */
function headersSetBy(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value); }, removeHeader: (name: string) => { delete headers[name.toLowerCase()]; } };
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}

export async function startApi(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createApiApp(config);
  const warm = await warmUpEnrollPath(app, config.web.warmUpCalls);
  if (warm.calls) new Logger('Api').log(`enroll path warmed: ${warm.calls} calls in ${warm.ms} ms (${JSON.stringify(warm.statuses)})`);
  await app.listen({ port: config.port, host: config.host, backlog: config.web.listenBacklog });
  new Logger('Api').log(`listening on http://${config.host}:${config.port}`);
  return app;
}
