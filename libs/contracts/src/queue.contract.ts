/**
 * The job contract between the API (producer) and the worker (consumer), declared once.
 * Payloads are ids only; everything else is read from Redis by the Lua gate.
 */
export const QueueName = {
  ENROLLMENT: 'enrollment',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  /** Decide a queued request (and every earlier one still undecided). */
  DECIDE: 'decide',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface DecideJobData {
  /** Request id (also the BullMQ job id, so a request is enqueued at most once). */
  r: string;
  /** Place in line: the worker decides every undecided request up to it. 0: the request waits for a
   * RANDOM_AT_OPEN draw, and the worker holds the draw (if due) to learn its place. */
  p: number;
}

export interface JobPayloads {
  [JobName.DECIDE]: DecideJobData;
}

/** Redis pub/sub channels (prefixed at runtime by the key builder). */
export const Channel = {
  /** One message per engine script call, a line per decision in order: rid|student|section|outcome|reason|conflictSection|position. */
  DECISIONS: 'ch:decisions',
  /** "decided up to" position counter ticks. */
  PROGRESS: 'ch:progress',
  /** `<committed seq> <epoch>` after each durable batch; `reset:<committed>:<epoch>` after a full prime (decisions above it were discarded). */
  COMMITTED: 'ch:committed',
} as const;
