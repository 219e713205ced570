import type { CommitBatch } from './committer.js';

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
