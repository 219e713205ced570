import { describe, expect, it } from 'vitest';
import type { OpenTime } from '@/api/types';
import { translator } from '../../test/i18n';
import { formatCountdown, splitDuration, windowPhase } from './useCountdown';

describe('splitDuration', () => {
  it('splits into days, hours, minutes and seconds', () => {
    expect(splitDuration(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000)).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
  });

  it('rounds partial seconds up so zero shows only at the moment itself', () => {
    expect(splitDuration(1)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(splitDuration(999)).toMatchObject({ seconds: 1 });
    expect(splitDuration(0)).toMatchObject({ seconds: 0 });
  });

  it('never goes negative', () => {
    expect(splitDuration(-5000)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('formatCountdown', () => {
  const ko = translator('ko');
  const en = translator('en');

  it('shows mm:ss under an hour', () => {
    expect(formatCountdown(65_000, ko)).toBe('01:05');
    expect(formatCountdown(0, ko)).toBe('00:00');
  });

  it('shows hh:mm:ss from one hour', () => {
    expect(formatCountdown(3_600_000 + 2_000, ko)).toBe('01:00:02');
  });

  it('prefixes whole days in the current language', () => {
    const ms = (26 * 3600 + 30) * 1000;
    expect(formatCountdown(ms, ko)).toBe('1일 02:00:30');
    expect(formatCountdown(ms, en)).toBe('1d 02:00:30');
  });
});

describe('windowPhase', () => {
  const window = (startsAt: string, endsAt: string): OpenTime => ({ id: 1, name: '1학년', startsAt, endsAt, grades: [1], majorIds: null, queueMode: 'FIFO' });
  const at = (iso: string) => Date.parse(iso);
  const current = window('2026-02-10T10:00:00+09:00', '2026-02-10T12:00:00+09:00');
  const next = window('2026-02-11T10:00:00+09:00', '2026-02-11T12:00:00+09:00');

  it('counts to the close while the window is open', () => {
    expect(windowPhase({ current, next }, at('2026-02-10T11:00:00+09:00'))).toEqual({ state: 'open', window: current, targetMs: at(current.endsAt) });
  });

  it('counts to the next opening before it starts', () => {
    expect(windowPhase({ current: null, next }, at('2026-02-10T13:00:00+09:00'))).toEqual({ state: 'upcoming', window: next, targetMs: at(next.startsAt) });
  });

  it('treats a "current" that has not started yet as upcoming (client asked a moment early)', () => {
    expect(windowPhase({ current, next: null }, at('2026-02-10T09:59:59+09:00'))).toMatchObject({ state: 'upcoming', targetMs: at(current.startsAt) });
  });

  it('has nothing to count to when no window is left', () => {
    expect(windowPhase({ current: null, next: null }, Date.now())).toEqual({ state: 'none' });
    expect(windowPhase({ current, next: null }, at('2026-02-10T12:00:00+09:00'))).toEqual({ state: 'none' });
    expect(windowPhase(null, Date.now())).toEqual({ state: 'none' });
  });
});
