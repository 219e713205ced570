import { describe, expect, it } from 'vitest';
import { DecisionRate } from './enrollment-gate.js';

describe('DecisionRate', () => {
  it('measures a counter’s rate and estimates ETAs from it', () => {
    const r = new DecisionRate();
    expect(r.eta(500)).toBe(1); // no rate yet: assumes 1,000/s
    r.record(0, 0);
    r.record(100, 100);
    r.record(200, 200); // within 250 ms of the previous kept sample: replaces the newest
    r.record(1000, 1000);
    r.record(3000, 2000);
    expect(r.perSecond()).toBe(1500);
    expect(r.eta(3000)).toBe(2);
    expect(r.eta(0)).toBe(0);
  });

  it('gives no ETA while the line has not moved for 3 s with requests ahead (it assumed 1,000/s: "any moment now")', () => {
    const r = new DecisionRate();
    r.record(50, 0);
    r.record(50, 1000);
    expect(r.etaIfMoving(30, 1000)).toBe(1); // too early to call it stalled
    r.record(50, 3500);
    expect(r.etaIfMoving(30, 3500)).toBeUndefined();
    expect(r.etaIfMoving(0, 3500)).toBe(0);
    r.record(80, 4500); // moving again: 30 in the last 4.5 s
    expect(r.etaIfMoving(30, 4500)).toBe(5);
  });

  it('keeps about 10 s of samples, however often it is called', () => {
    const r = new DecisionRate();
    for (let t = 0; t <= 60_000; t += 1) r.record(t * 2, t);
    expect(r.perSecond()).toBe(2000);
    expect((r as unknown as { samples: unknown[] }).samples.length).toBeLessThan(50);
  });
});
