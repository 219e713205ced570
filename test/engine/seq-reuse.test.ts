import { EngineNotReadyError } from '@app/engine';
import type { TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// Redis restored from an older copy hands out decision seqs MySQL already committed. A job that gets
// such a seq must not take it for durable (its wait for durability would end at once): the engine
// pauses for a rebuild and the job is retried.
let env: TestEnv;
let h: EngineHarness;
beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 10)); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

describe('a decision seq MySQL already committed', () => {
  it('pauses the engine instead of completing the job', async () => {
    for (let s = 1; s <= 3; s++) await h.acceptAndDecide(s, 3);
    const committed = h.watermark.value;
    expect(committed).toBeGreaterThanOrEqual(3);
    // Redis comes back as it was a few decisions ago (its counters and its stream), behind what MySQL,
    // and this worker, already saw committed.
    await h.committer.stop();
    await h.redis.multi().set(h.keys.decisionSeq, String(committed - 2)).set(h.keys.committedSeq, String(committed - 2)).del(h.keys.decisionStream).exec();
    const err = await h.acceptAndDecide(4, 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineNotReadyError);
    expect(String(err)).toMatch(/behind MySQL/);
    // Paused: no epoch, so neither intake nor the gate hands out anything more from this state.
    expect(await h.redis.exists(h.keys.epoch)).toBe(0);
    expect(await h.gate.accept(5, 3, null, false)).toEqual({ error: 'NOT_READY' });
  });

  it('after the rebuild, seqs continue above MySQL\'s and the same request is decided and durable', async () => {
    await h.writer.rebuild({ compare: false });
    h.committer.start();
    const out = await h.acceptAndDecide(4, 3);
    expect(out.status).toBe('ENROLLED');
    expect(out.seq).toBeGreaterThan(3);
    const [[row]] = (await env.sql.query('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 4 AND section_id = 3')) as unknown as [[{ n: number }]];
    expect(Number(row.n)).toBe(1);
  });
});
