import type { BackoffStrategy, DefaultJobOptions, WorkerOptions } from 'bullmq';

/** The first retry's delay and the longest: doubling from 200 ms, never past 5 s. */
export const RETRY_FIRST_MS = 200;
export const RETRY_MAX_MS = 5000;
export const CAPPED_BACKOFF = 'capped-exponential';

/**
 * Plain exponential backoff reached minutes after a dozen retries (13 attempts: 819 s), so a job
 * that failed through a few seconds of outage was then decided long after the fault had passed.
 */
export const cappedBackoff: BackoffStrategy = (attemptsMade) => Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attemptsMade - 1));

/**
 * The enrollment queue's settings, declared once: the API's producer, the worker's processor and
 * the engine benchmark's no-op baseline all use these, so "same queue settings" is literal.
 * Retention is bounded so Redis memory does not grow with every request ever made.
 */
export const ENROLLMENT_JOB_OPTIONS = {
  // A decide job fails only on retryable faults (engine paused, MySQL slow): keep retrying, at
  // most RETRY_MAX_MS apart (50 attempts ≈ 4 minutes; after that the worker re-drives failed jobs).
  attempts: 50,
  backoff: { type: CAPPED_BACKOFF, delay: RETRY_FIRST_MS },
  removeOnComplete: { count: 1000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
} as const satisfies DefaultJobOptions;

/** Events stream cap (BullMQ's default is 10,000 entries per queue). */
export const ENROLLMENT_EVENTS_MAX_LEN = 1000;

/**
 * Worker settings. maxStalledCount 5: a job whose worker died is re-run, not failed after one
 * stall; lockDuration covers the longest wait for durability (the commit timeout).
 */
export const ENROLLMENT_WORKER_OPTIONS = {
  maxStalledCount: 5,
  stalledInterval: 5000,
  lockDuration: 30_000,
  settings: { backoffStrategy: cappedBackoff },
} as const satisfies Partial<WorkerOptions>;
