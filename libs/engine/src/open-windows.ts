import type { DataSource } from 'typeorm';

export interface OpenWindow {
  id: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
  grades: number[] | null;
  majorIds: number[] | null;
  queueMode: 'FIFO' | 'RANDOM_AT_OPEN';
}

/** Whether a window applies to a student (null lists mean everyone). */
export const windowApplies = (w: OpenWindow, s: { grade: number; majorId: number }) =>
  (!w.grades || w.grades.includes(s.grade)) && (!w.majorIds || w.majorIds.includes(s.majorId));

/**
 * The registration windows, cached in process for `ttlMs` so the enroll path asks MySQL at
 * most once per period, not once per request. `invalidate()` after a staff change.
 */
export class OpenWindows {
  private cache: { at: number; windows: OpenWindow[] } | null = null;
  private inflight: Promise<OpenWindow[]> | null = null;

  constructor(private readonly ds: DataSource, private readonly ttlMs = 2000, private readonly clock: () => number = Date.now) {}

  invalidate(): void { this.cache = null; }

  async all(): Promise<OpenWindow[]> {
    if (this.cache && this.clock() - this.cache.at < this.ttlMs) return this.cache.windows;
    this.inflight ??= this.load().finally(() => { this.inflight = null; });
    try {
      return await this.inflight;
    } catch (err) {
      // MySQL down: keep serving the windows last read (intake must not depend on MySQL); retry
      // the read after another ttl. Never read anything: the error stands.
      if (!this.cache) throw err;
      this.cache = { at: this.clock(), windows: this.cache.windows };
      return this.cache.windows;
    }
  }

  /** The window open now for this student, or null. */
  async openFor(s: { grade: number; majorId: number }, now = this.clock()): Promise<OpenWindow | null> {
    return (await this.all()).find((w) => w.startsAt.getTime() <= now && now < w.endsAt.getTime() && windowApplies(w, s)) ?? null;
  }

  private async load(): Promise<OpenWindow[]> {
    // Only windows that have not ended matter to the enroll path. The columns hold UTC; NOW(3) is the
    // server's local time (a MariaDB in KST left out every window ending in the next 9 hours), so the
    // API's clock is passed in, as a UTC value like the columns.
    const rows: { id: number; name: string; starts_at: Date; ends_at: Date; grades: string | null; major_ids: string | null; queue_mode: string }[] =
      await this.ds.query('SELECT id, name, starts_at, ends_at, grades, major_ids, queue_mode FROM open_time WHERE ends_at > ? ORDER BY starts_at', [new Date(this.clock())]);
    const windows = rows.map((r) => ({
      id: Number(r.id), name: r.name, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at),
      grades: r.grades ? (JSON.parse(r.grades) as number[]) : null,
      majorIds: r.major_ids ? (JSON.parse(r.major_ids) as number[]) : null,
      queueMode: r.queue_mode as OpenWindow['queueMode'],
    }));
    this.cache = { at: this.clock(), windows };
    return windows;
  }
}
