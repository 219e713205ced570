import type { DatabaseConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CommitRunner } from './commit-runner.js';
import type { CommitBatch } from './committer.js';

export interface CommitterThreadData {
  database: DatabaseConfig;
  redisUrl: string;
  prefix: string;
  batchRows: number;
  batchMs: number;
}

const ENTRY = new URL('./committer.thread-main.js', import.meta.url);

/**
 * The committer on a thread of its own. In the worker process it would share the event loop
 * with hundreds of jobs, and each of its MySQL and Redis replies would wait for a turn of that
 * loop: the batch in flight took longer, and every job waiting for durability with it. On its own
 * loop a batch takes the time MySQL takes. A thread that dies is restarted (another worker's
 * committer takes the lock meanwhile, so nothing waits on it).
 */
export class ThreadedCommitter extends CommitRunner {
  private readonly log = new Logger('Committer');
  private worker?: Worker;
  private running = false;
  private readonly batchListeners: ((b: CommitBatch) => void)[] = [];
  private readonly errorListeners: ((err: unknown) => void)[] = [];

  constructor(private readonly data: CommitterThreadData) { super(); }

  /** Compiled code has the thread's entry file; code run from TypeScript sources does not. */
  static available(): boolean {
    return existsSync(fileURLToPath(ENTRY));
  }

  onBatch(fn: (b: CommitBatch) => void): void { this.batchListeners.push(fn); }
  onError(fn: (err: unknown) => void): void { this.errorListeners.push(fn); }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(ENTRY, { workerData: this.data, name: 'committer' });
    this.worker = worker;
    worker.on('message', (msg: { batch?: CommitBatch; error?: string } | string) => {
      if (typeof msg !== 'object') return;
      if (msg.batch) for (const fn of this.batchListeners) fn(msg.batch);
      if (msg.error) for (const fn of this.errorListeners) fn(new Error(msg.error));
    });
    worker.on('error', (err: Error) => this.log.error(`committer thread failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.running || this.worker !== worker) return;
      this.log.warn(`committer thread exited (${code}); restarting it in 1 s`);
      setTimeout(() => { if (this.running) this.spawn(); }, 1000).unref();
    });
  }

  /** Asks the thread to finish its batch and release the lock; terminates it after 10 s. */
  async stop(): Promise<void> {
    this.running = false;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
      worker.once('exit', () => { clearTimeout(timer); resolve(); });
      worker.on('message', (msg) => { if (msg === 'stopped') void worker.terminate(); });
      worker.postMessage('stop');
    });
  }
}
