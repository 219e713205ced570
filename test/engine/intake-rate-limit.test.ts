import type { TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// The enroll route's per-student limit is counted by the accept script itself (one round trip
// instead of the guard's own): same counter key as the guard, checked before anything is written.
let env: TestEnv;
let h: EngineHarness;
beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 5)); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

const WINDOW_MS = 2000;
/** The counter the API hands the gate for a student (the guard's key: scope "enroll", "student:<id>"). */
const limitFor = (student: number) => ({ key: h.keys.rateLimit('enroll', `student:${student}`), limit: 3, windowMs: WINDOW_MS });

describe('rate limit inside the accept script', () => {
  it('past the limit: RATE_LIMITED with the time left in the window, and nothing enters the line', async () => {
    const answers = [];
    for (const section of [1, 2, 3, 5, 6, 4]) answers.push(await h.gate.accept(1, section, null, false, limitFor(1)));
    expect(answers.slice(0, 3).every((a) => 'view' in a && a.kind === 'accepted')).toBe(true);
    for (const a of answers.slice(3)) {
      expect(a).toMatchObject({ error: 'RATE_LIMITED' });
      const retryMs = (a as { retryMs: number }).retryMs;
      expect(retryMs).toBeGreaterThan(0);
      expect(retryMs).toBeLessThanOrEqual(WINDOW_MS);
    }
    expect(await h.redis.zcard(h.keys.line)).toBe(3);
    expect(await h.redis.hlen(`${h.keys.prefix}:stu:1:pend`)).toBe(3);
    // The guard's key ("<scope>", "student:<id>"), counted on every call including the refused ones.
    expect(Number(await h.redis.get(h.keys.rateLimit('enroll', 'student:1')))).toBe(6);
    const ttl = await h.redis.pttl(h.keys.rateLimit('enroll', 'student:1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('counts per student, and not at all without a limit (from-cart items)', async () => {
    expect(await h.gate.accept(2, 1, null, false, limitFor(2))).toHaveProperty('view');
    for (let i = 0; i < 5; i++) expect(await h.gate.accept(3, 1 + (i % 2), null, false)).toHaveProperty('view');
    expect(await h.redis.exists(h.keys.rateLimit('enroll', 'student:3'))).toBe(0);
  });

  it('a new window starts once the old one expires', async () => {
    await h.redis.pexpire(h.keys.rateLimit('enroll', 'student:1'), 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await h.gate.accept(1, 4, null, false, limitFor(1))).toHaveProperty('view');
    expect(Number(await h.redis.get(h.keys.rateLimit('enroll', 'student:1')))).toBe(1);
  });
});
