import { REDIS } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'redis') {
    const session = this.health.check(key);
    try {
      const pong = await withTimeout(this.redis.ping(), 1000);
      return pong === 'PONG' ? session.up() : session.down({ message: `unexpected answer ${pong}` });
    } catch (err) {
      return session.down({ message: err instanceof Error ? err.message : 'unreachable' });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
