import type { DecisionEntry } from './decision-entry.js';

/** What one durable batch looked like, for metrics and benchmarks. */
export interface CommitBatch {
  /** Decisions in the batch (0 written when a replay found them durable already). */
  rows: number;
  written: number;
  statements: number;
  inserts: number;
  insertedRows: number;
  ms: number;
  decisionToDurableMs: number[];
  entries: readonly DecisionEntry[];
}


/**
 * A batch without its entries: each decision reduced to what metrics use (outcome, reason and
 * the time from acceptance to decision), as plain arrays that cross a thread cheaply.
 */
export function compactBatch(b: CommitBatch): CommitBatch {
  return {
    ...b,
    decisionToDurableMs: [],
    entries: b.entries.map((e) => ({ outcome: e.outcome, reason: e.reason, decidedAt: e.decidedAt, acceptedAt: e.acceptedAt }) as DecisionEntry),
  };
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
