import { createRedis } from '@app/redis';
import type { Redis } from 'ioredis';

/**
 * The connection BullMQ's queue (API) and worker use, declared once (the engine benchmark's no-op
 * ceiling uses it too). Auto-pipelining off: ioredis builds a Pipeline for every auto-pipelined
 * batch and copies every script defined on the connection onto it — BullMQ defines dozens, so
 * that copy was 15% of a worker's CPU at 1,000 jobs/s, where batches hold one or two commands
 * anyway. Measured without it (bench:engine --quick): the no-op ceiling 13,000 → 17,000 jobs/s,
 * the engine 7,260 → 7,650 decisions/s; at 1,000 enrollments/s, worker CPU per job −16%, API −7%.
 */
export function createQueueConnection(url: string, role: 'producer' | 'worker'): Redis {
  return createRedis(url, role, { ...(role === 'producer' ? { maxRetriesPerRequest: 1 } : {}), enableAutoPipelining: false });
}
