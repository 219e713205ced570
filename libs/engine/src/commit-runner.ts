import type { DecisionEntry } from './decision-entry.js';

/** What batch listeners (the worker's metrics) read of each decision. */
export type BatchDecision = Pick<DecisionEntry, 'outcome' | 'reason' | 'decidedAt' | 'acceptedAt'>;

/** What one durable batch looked like, for metrics and benchmarks. */
export interface CommitBatch {
  /** Decisions in the batch (0 written when a replay found them durable already). */
  rows: number;
  written: number;
  statements: number;
  inserts: number;
  insertedRows: number;
  ms: number;
  entries: readonly BatchDecision[];
}

/** The batch with each decision reduced to the fields listeners read: less to clone across a thread. */
export function compactBatch(b: CommitBatch): CommitBatch {
  return { ...b, entries: b.entries.map((e) => ({ outcome: e.outcome, reason: e.reason, decidedAt: e.decidedAt, acceptedAt: e.acceptedAt })) };
}

/**
 * What the worker needs of a committer: start, stop (flushing), and hear about batches and
 * errors. Two implementations: `Committer` on the caller's event loop (tests, tools) and
 * `ThreadedCommitter`, the same loop on a thread of its own (the worker app).
 */
export abstract class CommitRunner {
  abstract start(): void;
  abstract stop(): Promise<void>;
  abstract onBatch(fn: (b: CommitBatch) => void): void;
  abstract onError(fn: (err: unknown) => void): void;
}
