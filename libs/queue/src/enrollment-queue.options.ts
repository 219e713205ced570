import type { DefaultJobOptions, WorkerOptions } from 'bullmq';

/**
 * The enrollment queue's settings, declared once: the API's producer, the worker's processor and
 * the engine benchmark's no-op baseline all use these, so "same queue settings" is literal.
 * Retention is bounded so Redis memory does not grow with every request ever made.
 */
export const ENROLLMENT_JOB_OPTIONS = {
  // A decide job fails only on retryable faults (engine paused, MySQL slow): keep retrying.
  attempts: 50,
  backoff: { type: 'exponential', delay: 200 },
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
} as const satisfies Partial<WorkerOptions>;
