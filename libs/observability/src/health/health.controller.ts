import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis.health.js';

/** Extra readiness checks an app adds (the API adds the queue). */
export const EXTRA_READINESS = Symbol('EXTRA_READINESS');
export type ReadinessCheck = () => Promise<Record<string, { status: 'up' | 'down'; [k: string]: unknown }>>;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Optional() @Inject(EXTRA_READINESS) private readonly extra?: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Never depends on MySQL or Redis (a restart would not fix them). */
  @Get('live')
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: MySQL and Redis answer (and whatever the app adds). 503 when any is down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('mysql', { timeout: 1500 }),
      () => this.redis.isHealthy('redis'),
      ...(this.extra ?? []),
    ]);
  }
}
