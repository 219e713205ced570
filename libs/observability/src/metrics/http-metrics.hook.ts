import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics.js';

/**
 * Times every HTTP answer with a Fastify onResponse hook. A hook rather than a Nest interceptor:
 * it also sees 404s, guard refusals, body-limit 413s and the static files. The route label is
 * Fastify's route template, so its values are bounded by the route table.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (typeof instance?.addHook !== 'function') return; // not a Fastify app (e.g. a standalone context)
    instance.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions?.url ?? 'unmatched';
      this.metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
}
