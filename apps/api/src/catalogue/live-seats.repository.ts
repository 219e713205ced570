import { APP_CONFIG, type AppConfig } from '@app/config';
import { SeatsRepository, type SeatCount } from '@app/engine';
import { Inject, Injectable } from '@nestjs/common';
import { SingleFlight } from './single-flight.js';

const MAX_ENTRIES = 50_000;

/**
 * The engine's live seat counts (Redis), each reused by this process for a moment
 * (CATALOGUE_SEATS_TTL_MS, default 0.5 s): at opening time thousands of students reload the
 * same pages, and a count half a second old is as good for display — the engine alone decides.
 * Sections Redis does not know are left out (the caller shows MySQL's committed count).
 */
@Injectable()
export class LiveSeatsRepository {
  private readonly memo = new Map<number, { until: number; count: SeatCount | null }>();
  private readonly fetches = new SingleFlight<Map<number, SeatCount>>();

  constructor(
    private readonly seats: SeatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async counts(ids: readonly number[]): Promise<Map<number, SeatCount>> {
    const ttl = this.config.catalogue.seatsTtlMs;
    if (!ttl) return this.seats.counts(ids);
    const now = Date.now();
    const out = new Map<number, SeatCount>();
    const stale: number[] = [];
    for (const id of ids) {
      const hit = this.memo.get(id);
      if (hit && hit.until > now) { if (hit.count) out.set(id, hit.count); } else stale.push(id);
    }
    if (!stale.length) return out;
    const fresh = await this.fetches.run(stale.join(','), () => this.seats.counts(stale));
    if (this.memo.size + stale.length > MAX_ENTRIES) this.memo.clear();
    for (const id of stale) {
      const count = fresh.get(id) ?? null;
      this.memo.set(id, { until: now + ttl, count });
      if (count) out.set(id, count);
    }
    return out;
  }

  /** Forget what this process saw (after a capacity change made here). */
  forget(): void {
    this.memo.clear();
  }
}
