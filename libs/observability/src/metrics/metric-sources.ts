import { QueueName } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';
import type { QueueState } from './metric-labels.js';

/** Job counts of the enrollment queue, read at scrape time. */
export type QueueDepth = Record<QueueState, number>;
/** Returns the current queue depth; called on every scrape, so keep it to a few Redis reads. */
export type QueueDepthSource = () => Promise<QueueDepth>;

export interface RedisMemory {
  usedBytes: number;
  /** `maxmemory`; 0 when Redis runs without a limit. */
  maxBytes: number;
}
export type RedisMemorySource = () => Promise<RedisMemory>;

/** Sources the module wires up by itself when the app has a Redis connection. */
export interface DefaultMetricSources {
  queueDepth?: QueueDepthSource;
  redisMemory?: RedisMemorySource;
}

/**
 * Reads BullMQ's own keys for the enrollment queue: the same `…:wait` list KEDA scales on, so the
 * dashboard and the autoscaler see one number. Prioritized and paused jobs count as waiting.
 */
export function bullQueueDepth(redis: Redis, keys: RedisKeys, queue: string = QueueName.ENROLLMENT): QueueDepthSource {
  const k = (suffix: string) => `${keys.bullPrefix}:${queue}:${suffix}`;
  return async () => {
    const rows = await redis
      .pipeline()
      .llen(k('wait'))
      .llen(k('paused'))
      .zcard(k('prioritized'))
      .llen(k('active'))
      .zcard(k('delayed'))
      .zcard(k('failed'))
      .exec();
    const n = (rows ?? []).map(([err, v]) => {
      if (err) throw err;
      return Number(v);
    });
    return { waiting: n[0]! + n[1]! + n[2]!, active: n[3]!, delayed: n[4]!, failed: n[5]! };
  };
}

/** `used_memory` and `maxmemory` from INFO memory (with noeviction, full memory means refused writes). */
export function redisInfoMemory(redis: Redis): RedisMemorySource {
  return async () => {
    const info = await redis.info('memory');
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    return { usedBytes: field('used_memory'), maxBytes: field('maxmemory') };
  };
}

/** Rejects when `p` has not settled within `ms`: a scrape must never hang on a dead dependency. */
export function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
