import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { SectionRow } from './sections.repository.js';

export interface CachedPage {
  rows: SectionRow[];
  total: number;
}

/** Longest a page lives in one process's memory before it asks Redis again. */
const LOCAL_TTL_MS = 1_000;
const LOCAL_MAX_ENTRIES = 2_000;

/**
 * Catalogue pages, two levels deep:
 * 1. Redis: one hash (field = the normalised query) shared by every API process. It expires as a
 *    whole a few seconds after its first entry, and staff changes delete it.
 * 2. This process: the parsed page for up to a second, so a hot page costs no round trip and no
 *    JSON.parse. Staff changes made through this process clear it at once; other processes'
 *    copies age out within the second.
 * Seat counts are never part of a cached page (they are overlaid live).
 */
@Injectable()
export class SectionsCacheRepository {
  private readonly key: string;
  private readonly local = new Map<string, { until: number; page: CachedPage }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = keys.cache('sections');
  }

  private get ttlMs(): number { return this.config.catalogue.cacheTtlMs; }

  async get(field: string): Promise<CachedPage | null> {
    if (!this.ttlMs) return null;
    const now = Date.now();
    const hit = this.local.get(field);
    if (hit && hit.until > now) return hit.page;
    const raw = await this.redis.hget(this.key, field);
    if (!raw) return null;
    const page = JSON.parse(raw) as CachedPage;
    this.remember(field, page, now);
    return page;
  }

  async set(field: string, page: CachedPage): Promise<void> {
    if (!this.ttlMs) return;
    this.remember(field, page, Date.now());
    await this.redis.multi().hset(this.key, field, JSON.stringify(page)).pexpire(this.key, this.ttlMs, 'NX').exec();
  }

  async invalidate(): Promise<void> {
    this.local.clear();
    await this.redis.del(this.key);
  }

  private remember(field: string, page: CachedPage, now: number): void {
    if (this.local.size >= LOCAL_MAX_ENTRIES) this.local.clear();
    this.local.set(field, { until: now + Math.min(LOCAL_TTL_MS, this.ttlMs), page });
  }
}
