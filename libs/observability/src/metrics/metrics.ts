import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  bounded,
  DECISION_OUTCOMES,
  DECISION_REASONS,
  DEPENDENCIES,
  DRIFT_KINDS,
  ENROLL_OUTCOMES,
  HTTP_METHODS,
  MAX_MAJOR_SERIES,
  QUEUE_STATES,
  RATE_LIMIT_SCOPES,
  type DecisionOutcome,
  type Dependency,
  type DriftKind,
  type EnrollOutcome,
  type RateLimitScope,
} from './metric-labels.js';
import { withDeadline, type DefaultMetricSources, type QueueDepthSource, type RedisMemorySource } from './metric-sources.js';
import { METRICS_DEFAULT_SOURCES, METRICS_REGISTRY } from './metrics.tokens.js';

/** A scrape waits this long for Redis before showing the last values it read. */
const SOURCE_DEADLINE_MS = 500;

const LATENCY_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LATENCY_QUEUE = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const BATCH_ROWS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * Every application metric of the API and the worker, declared in one place with bounded labels.
 * Both processes register all of them (a metric a process never touches stays at zero), so
 * dashboards and alerts can rely on every series existing. Call the methods; never build labels.
 */
@Injectable()
export class Metrics {
  private readonly enrollRequests: Counter<'outcome'>;
  private readonly acceptLatency: Histogram;
  private readonly queueJobs: Gauge<'state'>;
  private readonly decisions: Counter<'outcome' | 'reason'>;
  private readonly enqueueToDecision: Histogram;
  private readonly commitBatchRows: Histogram;
  private readonly commitDuration: Histogram;
  private readonly commitInserts: Counter;
  private readonly commitInsertedRows: Counter;
  private readonly commitPending: Gauge;
  private readonly commitLag: Gauge;
  private readonly seatsLeft: Gauge;
  private readonly seatsLeftByMajor: Gauge<'major'>;
  private readonly sseConnections: Gauge;
  private readonly dependencyErrors: Counter<'dependency'>;
  private readonly reconcileDrift: Gauge<'kind'>;
  private readonly reconcileLastRun: Gauge;
  private readonly stalledJobs: Counter;
  private readonly rateLimited: Counter<'scope'>;
  private readonly redisMemoryUsed: Gauge;
  private readonly redisMemoryMax: Gauge;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;

  private queueDepthSource?: QueueDepthSource;
  private redisMemorySource?: RedisMemorySource;

  constructor(
    @Inject(METRICS_REGISTRY) readonly registry: Registry,
    @Optional() @Inject(METRICS_DEFAULT_SOURCES) defaults?: DefaultMetricSources,
  ) {
    this.queueDepthSource = defaults?.queueDepth;
    this.redisMemorySource = defaults?.redisMemory;
    const registers = [registry];

    this.enrollRequests = new Counter({ name: 'goorm_enroll_requests_total', help: 'Enroll and drop calls answered by the API, by outcome.', labelNames: ['outcome'], registers });
    this.acceptLatency = new Histogram({ name: 'goorm_enroll_accept_duration_seconds', help: 'Time from an enroll call arriving to its 202 answer.', buckets: LATENCY_FAST, registers });
    this.queueJobs = new Gauge({
      name: 'goorm_queue_jobs',
      help: 'Jobs in the enrollment queue by state, read from Redis at scrape time (same in every process: aggregate with max).',
      labelNames: ['state'],
      registers,
      collect: () => this.collectQueueDepth(),
    });
    this.decisions = new Counter({ name: 'goorm_decisions_total', help: 'Requests decided by the worker, by final outcome and reject reason.', labelNames: ['outcome', 'reason'], registers });
    this.enqueueToDecision = new Histogram({ name: 'goorm_enqueue_to_decision_seconds', help: 'Time from a request being accepted to its decision.', buckets: LATENCY_QUEUE, registers });
    this.commitBatchRows = new Histogram({ name: 'goorm_commit_batch_rows', help: 'Rows written to MySQL per commit batch (sum = rows committed).', buckets: BATCH_ROWS, registers });
    this.commitDuration = new Histogram({ name: 'goorm_commit_duration_seconds', help: 'Time one commit batch took in MySQL.', buckets: LATENCY_FAST, registers });
    this.commitInserts = new Counter({ name: 'goorm_commit_insert_statements_total', help: 'Multi-row INSERT statements the committer sent to MySQL.', registers });
    this.commitInsertedRows = new Counter({ name: 'goorm_commit_inserted_rows_total', help: 'Rows those INSERT statements carried (divide by the statements for rows per INSERT).', registers });
    this.commitPending = new Gauge({ name: 'goorm_commit_pending_rows', help: 'Decisions made in Redis and not yet durable in MySQL.', registers });
    this.commitLag = new Gauge({ name: 'goorm_commit_lag_seconds', help: 'Age of the oldest decision not yet durable in MySQL (0 when none is pending).', registers });
    this.seatsLeft = new Gauge({ name: 'goorm_seats_left', help: 'Free seats over every open section.', registers });
    this.seatsLeftByMajor = new Gauge({ name: 'goorm_seats_left_by_major', help: `Free seats per major (at most ${MAX_MAJOR_SERIES} majors; the rest are summed as major="other").`, labelNames: ['major'], registers });
    this.sseConnections = new Gauge({ name: 'goorm_sse_connections', help: 'Open server-sent-event streams on this API process.', registers });
    this.dependencyErrors = new Counter({ name: 'goorm_dependency_errors_total', help: 'Failed calls to MySQL or Redis (timeouts, refused connections, errors).', labelNames: ['dependency'], registers });
    this.reconcileDrift = new Gauge({ name: 'goorm_reconcile_drift', help: 'Differences the last reconcile run found (and repaired), by kind.', labelNames: ['kind'], registers });
    this.reconcileLastRun = new Gauge({ name: 'goorm_reconcile_last_run_timestamp_seconds', help: 'When the last reconcile run finished (Unix seconds).', registers });
    this.stalledJobs = new Counter({ name: 'goorm_stalled_jobs_total', help: 'Jobs BullMQ found stalled (lock lapsed) and moved back to wait or to failed.', registers });
    this.rateLimited = new Counter({ name: 'goorm_rate_limited_total', help: 'Calls refused with 429 by a rate limiter, by limiter.', labelNames: ['scope'], registers });
    this.redisMemoryUsed = new Gauge({ name: 'goorm_redis_memory_used_bytes', help: 'Redis used_memory, read at scrape time.', registers, collect: () => this.collectRedisMemory() });
    this.redisMemoryMax = new Gauge({ name: 'goorm_redis_memory_max_bytes', help: 'Redis maxmemory (0 = no limit), read at scrape time.', registers });
    this.httpRequests = new Counter({ name: 'goorm_http_requests_total', help: 'HTTP answers by method, route template and status class.', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({ name: 'goorm_http_request_duration_seconds', help: 'HTTP answer time by method and route template.', labelNames: ['method', 'route'], buckets: LATENCY_FAST, registers });

    this.initSeries();
  }

  /** Counts one enroll/drop call by how the API answered it. */
  countEnrollRequest(outcome: EnrollOutcome): void {
    this.enrollRequests.inc({ outcome: bounded(ENROLL_OUTCOMES, outcome) });
  }

  /** Records how long an accepted enroll call took, arrival to 202. */
  observeAcceptLatency(seconds: number): void {
    this.acceptLatency.observe(seconds);
  }

  /**
   * Replaces the queue-depth reader. By default the module reads BullMQ's keys itself; the engine
   * may pass e.g. `() => queue.getJobCounts(...)` mapped to {waiting, active, delayed, failed}.
   */
  provideQueueDepth(source: QueueDepthSource): void {
    this.queueDepthSource = source;
  }

  /** Replaces the Redis memory reader (by default INFO memory on the app's Redis connection). */
  provideRedisMemory(source: RedisMemorySource): void {
    this.redisMemorySource = source;
  }

  /** Counts one decided request. `reason` is the RejectReason for rejections, omitted otherwise. */
  countDecision(outcome: DecisionOutcome, reason?: string, count = 1): void {
    this.decisions.inc({ outcome: bounded(DECISION_OUTCOMES, outcome), reason: bounded(DECISION_REASONS, reason ? reason.toLowerCase() : 'none') }, count);
  }

  /** Records the time from a request's acceptance (its enqueue) to its decision. */
  observeEnqueueToDecision(seconds: number): void {
    this.enqueueToDecision.observe(seconds);
  }

  /** Records one MySQL commit batch: how many rows and how long it took. */
  observeCommit(rows: number, seconds: number): void {
    this.commitBatchRows.observe(rows);
    this.commitDuration.observe(seconds);
  }

  /** Counts the multi-row INSERTs of one commit batch and the rows they carried. */
  countCommitInserts(statements: number, rows: number): void {
    this.commitInserts.inc(statements);
    this.commitInsertedRows.inc(rows);
  }

  /** Decided-but-not-durable backlog: row count and age of the oldest (0, 0 when caught up). */
  setCommitBacklog(pendingRows: number, oldestAgeSeconds: number): void {
    this.commitPending.set(pendingRows);
    this.commitLag.set(pendingRows > 0 ? oldestAgeSeconds : 0);
  }

  /**
   * Free seats in total and per major id. Majors missing from `byMajor` are removed, so the gauge
   * always shows the latest full picture; beyond MAX_MAJOR_SERIES ids the rest go to "other".
   */
  setSeatsLeft(total: number, byMajor?: ReadonlyMap<string | number, number> | Readonly<Record<string, number>>): void {
    this.seatsLeft.set(total);
    if (!byMajor) return;
    const entries = byMajor instanceof Map ? [...byMajor.entries()] : Object.entries(byMajor);
    const sums = new Map<string, number>();
    for (const [major, seats] of entries) {
      const key = sums.has(String(major)) || sums.size < MAX_MAJOR_SERIES ? String(major) : 'other';
      sums.set(key, (sums.get(key) ?? 0) + seats);
    }
    this.seatsLeftByMajor.reset();
    for (const [major, seats] of sums) this.seatsLeftByMajor.set({ major }, seats);
  }

  /** An SSE stream opened on this process. Pair every call with sseClosed(). */
  sseOpened(): void {
    this.sseConnections.inc();
  }

  /** An SSE stream closed (client gone, or server shutting down). */
  sseClosed(): void {
    this.sseConnections.dec();
  }

  /** Counts a failed call to MySQL or Redis. */
  countDependencyError(dependency: Dependency): void {
    this.dependencyErrors.inc({ dependency: bounded(DEPENDENCIES, dependency, 'redis') });
  }

  /**
   * Reports what one reconcile run found, per kind (kinds left out are set to 0), and stamps the
   * run time. Call it from the process that is scraped (the worker), not from a one-shot CLI.
   */
  setReconcileDrift(found: Partial<Record<DriftKind, number>>, finishedAt: Date = new Date()): void {
    for (const kind of DRIFT_KINDS) this.reconcileDrift.set({ kind }, 0);
    for (const [kind, n] of Object.entries(found)) this.reconcileDrift.inc({ kind: bounded(DRIFT_KINDS, kind) }, n ?? 0);
    this.reconcileLastRun.set(finishedAt.getTime() / 1000);
  }

  /** Counts jobs BullMQ reported stalled (the worker's 'stalled' event). */
  countStalledJobs(count = 1): void {
    this.stalledJobs.inc(count);
  }

  /** Counts a call refused with 429, by the limiter that refused it. */
  countRateLimited(scope: RateLimitScope): void {
    this.rateLimited.inc({ scope: bounded(RATE_LIMIT_SCOPES, scope) });
  }

  /**
   * Records one HTTP answer. Called by the module's Fastify hook; `route` must be the route
   * template (e.g. /api/me/requests/:id), never the raw URL.
   */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    const m = bounded(HTTP_METHODS, method.toUpperCase());
    this.httpRequests.inc({ method: m, route, status: `${Math.floor(statusCode / 100)}xx` });
    this.httpDuration.observe({ method: m, route }, seconds);
  }

  /** Zero series for every valid label set, so rate() and alerts see them before the first event. */
  private initSeries(): void {
    for (const outcome of ENROLL_OUTCOMES) this.enrollRequests.inc({ outcome }, 0);
    for (const state of QUEUE_STATES) this.queueJobs.set({ state }, 0);
    for (const outcome of DECISION_OUTCOMES.filter((o) => o !== 'rejected')) this.decisions.inc({ outcome, reason: 'none' }, 0);
    for (const reason of DECISION_REASONS.filter((r) => r !== 'none')) this.decisions.inc({ outcome: 'rejected', reason }, 0);
    for (const dependency of DEPENDENCIES) this.dependencyErrors.inc({ dependency }, 0);
    for (const kind of DRIFT_KINDS) this.reconcileDrift.set({ kind }, 0);
    for (const scope of RATE_LIMIT_SCOPES) this.rateLimited.inc({ scope }, 0);
  }

  private async collectQueueDepth(): Promise<void> {
    if (!this.queueDepthSource) return;
    try {
      const depth = await withDeadline(this.queueDepthSource(), SOURCE_DEADLINE_MS);
      for (const state of QUEUE_STATES) this.queueJobs.set({ state }, depth[state] ?? 0);
    } catch {
      // Redis down: keep the last values; the failure shows in readiness and dependency errors.
    }
  }

  private async collectRedisMemory(): Promise<void> {
    if (!this.redisMemorySource) return;
    try {
      const mem = await withDeadline(this.redisMemorySource(), SOURCE_DEADLINE_MS);
      this.redisMemoryUsed.set(mem.usedBytes);
      this.redisMemoryMax.set(mem.maxBytes);
    } catch {
      // As above: a scrape never fails because Redis is down.
    }
  }
}
