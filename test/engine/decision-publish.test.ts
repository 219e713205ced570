import { Channel } from '@app/contracts';
import type { TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// The decisions of one script call reach the API's SSE feed as one message (a line each, in
// decision order), then the call's "decided up to": one wake-up per call for every subscribed
// API process, not one per decision.
let env: TestEnv;
let h: EngineHarness;
beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 30)); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

describe('decisions on ch:decisions', () => {
  it('one message per call, a line per decision in seq order, before the progress tick; one seq each', async () => {
    const sub = env.redis.duplicate();
    const got: { channel: string; message: string }[] = [];
    sub.on('message', (channel: string, message: string) => got.push({ channel, message }));
    const decisions = h.keys.channel(Channel.DECISIONS);
    const progress = h.keys.channel(Channel.PROGRESS);
    await sub.subscribe(decisions, progress);
    try {
      const accepted: { requestId: string; position: number }[] = [];
      // Students 1..12 ask for section 3 (30 seats), then 13..20 for section 6 (1 seat): grants and refusals.
      for (let s = 1; s <= 20; s++) {
        const a = await h.gate.accept(s, s <= 12 ? 3 : 6, null, false);
        if ('error' in a) throw new Error(a.error);
        accepted.push({ requestId: a.view.requestId, position: a.view.position! });
      }
      const r = await h.scripts.decideUpTo(accepted.at(-1)!.position, 64, Date.now());
      expect(r).toMatchObject({ kind: 'done', decided: 20 });
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));

      expect(got.map((m) => m.channel)).toEqual([decisions, progress]);
      const lines = got[0]!.message.split('\n').map((l) => l.split('|'));
      expect(lines.map((l) => l[0])).toEqual(accepted.map((a) => a.requestId));
      expect(lines.map((l) => l[3])).toEqual([...Array(13).fill('ENROLLED'), ...Array(7).fill('REJECTED')]);
      expect(lines.slice(13).every((l) => l[4] === 'SECTION_FULL')).toBe(true);
      expect(lines.map((l) => Number(l[6]))).toEqual(accepted.map((a) => a.position));
      expect(Number(got[1]!.message)).toBe(accepted.at(-1)!.position);
      // The decision seq is counted in the script and written back once: it covers every decision,
      // one seq each, in line order.
      if (r.kind === 'not-ready') throw new Error('not ready');
      const last = r.firstSeq + 19;
      expect(Number(await env.redis.get(h.keys.decisionSeq))).toBe(last);
      const seqs = await Promise.all(accepted.map((a) => env.redis.hget(h.keys.request(a.requestId), 'seq')));
      expect(seqs.map(Number)).toEqual(Array.from({ length: 20 }, (_, i) => r.firstSeq + i));
    } finally {
      sub.disconnect();
    }
  });
});
