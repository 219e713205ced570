import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'mysql2/promise';

export interface JournalEntry { requestId: string; studentId: number; sectionId: number; position: number; waitlist: boolean; acceptedAt: number }

export interface IntakeJournalOptions {
  /** Flush at most this long after the first buffered entry. */
  flushMs: number;
  /** Or as soon as this many are buffered. */
  batchRows: number;
  /** While MySQL is down the buffer grows up to this; beyond it the oldest entries are dropped (and counted). */
  maxBuffered: number;
}

/**
 * The API's durable record of accepted requests, off the request path: accept() answers from
 * Redis alone, and the entry is written to MySQL in the next small batch (group insert, INSERT
 * IGNORE, retried while MySQL is down). If Redis loses its data, the worker's prime re-drives
 * every journaled request that has no decision yet. The honest limit: an entry lives only in this
 * process's memory until its batch lands (`flushMs`, or longer during a MySQL outage), so losing
 * Redis *and* this API process in that window loses it.
 */
export class IntakeJournal implements OnApplicationShutdown {
  private readonly log = new Logger('IntakeJournal');
  private buffer: JournalEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  dropped = 0;

  constructor(private readonly pool: Pool, private readonly opts: IntakeJournalOptions) {}

  get pending(): number { return this.buffer.length; }

  add(e: JournalEntry): void {
    this.buffer.push(e);
    if (this.buffer.length > this.opts.maxBuffered) {
      const over = this.buffer.length - this.opts.maxBuffered;
      this.buffer.splice(0, over);
      this.dropped += over;
    }
    if (this.buffer.length >= this.opts.batchRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
  }

  /** Writes what is buffered; one batch at a time. Resolves when the buffer is empty or MySQL failed. */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      while (this.buffer.length) {
        const batch = this.buffer.slice(0, this.opts.batchRows);
        try {
          await this.pool.query(
            `INSERT IGNORE INTO intake_journal (request_id, student_id, section_id, position, waitlist, accepted_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
            batch.flatMap((e) => [e.requestId, e.studentId, e.sectionId, e.position, e.waitlist ? 1 : 0, new Date(e.acceptedAt)]),
          );
          this.buffer.splice(0, batch.length);
          this.failures = 0;
        } catch (err) {
          // MySQL down or slow: keep the entries and try again with backoff (bounded buffer).
          if (this.failures++ % 20 === 0) this.log.warn(`journal write failed (${this.buffer.length} buffered): ${err instanceof Error ? err.message : String(err)}`);
          this.timer ??= setTimeout(() => void this.flush(), Math.min(2000, 50 * this.failures));
          return;
        }
      }
    })().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Final flush (shutdown): tries for up to `ms`. */
  async close(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.buffer.length && Date.now() < deadline) {
      await this.flush();
      if (this.buffer.length) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.buffer.length) this.log.error(`closing with ${this.buffer.length} accepted requests not journaled (MySQL unreachable)`);
    await this.pool.end().catch(() => {});
  }
}
