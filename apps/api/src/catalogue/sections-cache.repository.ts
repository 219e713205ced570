import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { SectionRow } from './sections.repository.js';

export interface CachedPage {
  rows: SectionRow[];
  total: number;
}

/**
 * Catalogue pages in one Redis hash (field = the normalised query), shared by every API process.
 * The hash expires as a whole a few seconds after its first entry, and staff changes delete it,
 * so nothing is stale for longer than the TTL. Seat counts are not cached (overlaid live).
 */
@Injectable()
export class SectionsCacheRepository {
  private readonly key: string;
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = keys.cache('sections');
  }

  get enabled(): boolean { return this.config.catalogue.cacheTtlMs > 0; }

  async get(field: string): Promise<CachedPage | null> {
    if (!this.enabled) return null;
    const raw = await this.redis.hget(this.key, field);
    return raw ? (JSON.parse(raw) as CachedPage) : null;
  }

  async set(field: string, page: CachedPage): Promise<void> {
    if (!this.enabled) return;
    await this.redis.multi().hset(this.key, field, JSON.stringify(page)).pexpire(this.key, this.config.catalogue.cacheTtlMs, 'NX').exec();
  }

  async invalidate(): Promise<void> {
    await this.redis.del(this.key);
  }
}
