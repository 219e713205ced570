import { describe, expect, it } from 'vitest';
import { DecideCoalescer } from './decide-coalescer.js';
import type { DecideResult } from './engine-scripts.js';

type Done = Exclude<DecideResult, { kind: 'not-ready' }>;

/** A stub script call that records what it was asked and answers when told to. */
function stubCall() {
  const calls: { upTo: number; ids: string[]; answer(r: Partial<Done>): void; fail(e: Error): void }[] = [];
  const call = (upTo: number, ids: string[]) => new Promise<Done>((resolve, reject) => {
    calls.push({
      upTo, ids,
      answer: (r) => resolve({ kind: 'done', decided: ids.length, decidedUpTo: upTo, firstSeq: 1, own: ids.map((id, i) => ({ status: `ENROLLED:${id}`, seq: i + 1 })), ...r }),
      fail: reject,
    });
  });
  return { calls, call };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DecideCoalescer', () => {
  it('sends a lone job at once, and jobs of the same turn together, up to the highest place', async () => {
    const { calls, call } = stubCall();
    const c = new DecideCoalescer(call);
    const a = c.step('a', 5);
    const b = c.step('b', 9);
    const d = c.step('d', 7);
    await tick();
    expect(calls.map((x) => [x.upTo, x.ids])).toEqual([[9, ['a', 'b', 'd']]]);
    calls[0]!.answer({});
    expect(await Promise.all([a, b, d])).toEqual([
      { kind: 'done', status: 'ENROLLED:a', seq: 1 }, { kind: 'done', status: 'ENROLLED:b', seq: 2 }, { kind: 'done', status: 'ENROLLED:d', seq: 3 },
    ]);
  });

  it('holds the jobs that arrive while a call is out for one next call', async () => {
    const { calls, call } = stubCall();
    const c = new DecideCoalescer(call);
    const first = c.step('a', 1);
    await tick();
    const later = [c.step('b', 2), c.step('c', 4), c.step('d', 3)];
    await tick();
    expect(calls).toHaveLength(1); // nothing new goes out while the first call is pending
    calls[0]!.answer({});
    await first;
    await tick();
    expect(calls.map((x) => [x.upTo, x.ids])).toEqual([[1, ['a']], [4, ['b', 'c', 'd']]]);
    calls[1]!.answer({ kind: 'more' });
    expect((await Promise.all(later)).map((s) => s.kind)).toEqual(['more', 'more', 'more']);
  });

  it('fails every job of a failed call, and the next call still goes out', async () => {
    const { calls, call } = stubCall();
    const c = new DecideCoalescer(call);
    const a = c.step('a', 1);
    const b = c.step('b', 2);
    await tick();
    calls[0]!.fail(new Error('paused'));
    await expect(a).rejects.toThrow('paused');
    await expect(b).rejects.toThrow('paused');
    const again = c.step('a', 1);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.answer({});
    expect((await again).status).toBe('ENROLLED:a');
  });

  it('splits a crowd into calls of at most maxAskers', async () => {
    const { calls, call } = stubCall();
    const c = new DecideCoalescer(call, 1, 2);
    const all = [c.step('a', 1), c.step('b', 2), c.step('c', 3)];
    await tick();
    expect(calls.map((x) => x.ids)).toEqual([['a', 'b']]);
    calls[0]!.answer({});
    await tick();
    expect(calls.map((x) => x.ids)).toEqual([['a', 'b'], ['c']]);
    calls[1]!.answer({});
    expect(await Promise.all(all)).toHaveLength(3);
  });
});
