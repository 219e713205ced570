import { EngineStateRepository } from '@app/engine';
import { RedisKeys } from '@app/redis';
import { createTestEnv, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EngineLifecycle } from '../../apps/worker/src/enrollment/engine-lifecycle.service.js';

// The worker's "is Redis older than MySQL?" check, against a real Redis. Under load a decision is
// made and committed while the check runs; that must never look like a Redis that came back behind
// (it paused a healthy engine for a rebuild in the middle of an opening).
let env: TestEnv;
let keys: RedisKeys;
beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  keys = new RedisKeys(env.config.redis.prefix);
});
afterAll(async () => { await env?.cleanup(); });

/** A lifecycle whose MySQL cursor read is `committedSeq` (everything else unused by the check). */
function lifecycle(committedSeq: () => Promise<number>): EngineLifecycle {
  const state = { committedSeq } as unknown as EngineStateRepository;
  const none = undefined as never;
  return new EngineLifecycle(env.redis, keys, none, none, none, none, none, none, none, state);
}

describe('checkNotBehind', () => {
  it('a commit landing while it runs is not "Redis behind": the epoch stays', async () => {
    await env.redis.mset(keys.epoch, 'e1', keys.decisionSeq, '100');
    // While the check reads MySQL, the engine decides seq 101 and the committer makes it durable.
    const check = lifecycle(async () => { await env.redis.incr(keys.decisionSeq); return 101; });
    await check.checkNotBehind();
    expect(await env.redis.get(keys.epoch)).toBe('e1');
  });

  it('a Redis whose decision seq is below MySQL\'s cursor loses its epoch (no seat granted from it)', async () => {
    await env.redis.mset(keys.epoch, 'e2', keys.decisionSeq, '90');
    await lifecycle(async () => 120).checkNotBehind();
    expect(await env.redis.get(keys.epoch)).toBeNull();
  });
});
