import { CommitRunner, parseDecisionEntry, type CommitBatch } from '@app/engine';
import { Metrics } from '@app/observability';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

/** How often the worker refreshes its gauges (commit backlog, seats left). */
const GAUGE_INTERVAL_MS = 5000;
/** Section ids change only when staff edit the catalogue: re-read them this often. */
const SECTION_IDS_TTL_MS = 60_000;

/**
 * Feeds the worker's metrics. Decisions are counted from the committer's durable batches (the
 * leader's process): each decision is in exactly one batch, so a re-run job never counts twice.
 * Gauges (commit backlog, seats left) are read from Redis every few seconds, not per scrape.
 */
@Injectable()
export class EngineMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sectionIds: { at: number; ids: number[] } = { at: 0, ids: [] };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly committer: CommitRunner,
    private readonly metrics: Metrics,
    private readonly ds: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.committer.onBatch((b) => this.recordBatch(b));
    this.committer.onError(() => this.metrics.countDependencyError('mysql'));
    this.timer = setInterval(() => void this.refreshGauges().catch(() => this.metrics.countDependencyError('redis')), GAUGE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  recordBatch(b: CommitBatch): void {
    this.metrics.observeCommit(b.rows, b.ms / 1000);
    this.metrics.countCommitInserts(b.inserts, b.insertedRows);
    if (!b.written) return; // a replay: these decisions were counted when they first became durable
    const counts = new Map<string, number>();
    for (const e of b.entries) {
      const key = `${e.outcome.toLowerCase()}|${e.reason ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (e.acceptedAt) this.metrics.observeEnqueueToDecision(Math.max(0, e.decidedAt - e.acceptedAt) / 1000);
    }
    for (const [key, n] of counts) {
      const [outcome, reason] = key.split('|') as [string, string];
      this.metrics.countDecision(outcome as Parameters<Metrics['countDecision']>[0], reason || undefined, n);
    }
  }

  /** Commit backlog (decided in Redis, not yet in MySQL) and seats left, total and per major. */
  async refreshGauges(): Promise<void> {
    const [dseq, committed] = await this.redis.mget(this.keys.decisionSeq, this.keys.committedSeq);
    const pending = Math.max(0, Number(dseq ?? 0) - Number(committed ?? 0));
    let age = 0;
    if (pending > 0) {
      const [first] = await this.redis.xrange(this.keys.decisionStream, `(${Number(committed ?? 0)}-1`, '+', 'COUNT', 1);
      const t = first ? parseDecisionEntry(first[0], first[1]).decidedAt : NaN;
      if (Number.isFinite(t)) age = Math.max(0, Date.now() - t) / 1000;
    }
    this.metrics.setCommitBacklog(pending, age);

    if (Date.now() - this.sectionIds.at > SECTION_IDS_TTL_MS) {
      const rows: { id: number }[] = await this.ds.query('SELECT id FROM section');
      this.sectionIds = { at: Date.now(), ids: rows.map((r) => Number(r.id)) };
    }
    const ids = this.sectionIds.ids;
    if (!ids.length) return;
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.keys.section(id), 'cap', 'n', 'maj');
    const rows = (await pipe.exec()) ?? [];
    let total = 0;
    const byMajor = new Map<string, number>();
    for (const [err, v] of rows) {
      if (err || !Array.isArray(v) || v[0] == null) continue;
      const left = Math.max(0, Number(v[0]) - Number(v[1] ?? 0));
      total += left;
      byMajor.set(String(v[2]), (byMajor.get(String(v[2])) ?? 0) + left);
    }
    this.metrics.setSeatsLeft(total, byMajor);
  }
}
