import { describe, expect, it } from 'vitest';
import { translator } from '../../test/i18n';
import { formatEta, queueProgress } from './useEta';

describe('formatEta', () => {
  const ko = translator('ko');
  const en = translator('en');

  it('says "soon" under two seconds', () => {
    expect(formatEta(0, ko)).toBe('곧 처리됩니다');
    expect(formatEta(1.2, en)).toBe('any moment now');
  });

  it('counts seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatEta(5, ko)).toBe('약 5초');
    expect(formatEta(4.1, ko)).toBe('약 5초');
    expect(formatEta(130, ko)).toBe('약 2분 10초');
    expect(formatEta(3725, ko)).toBe('약 1시간 2분');
    expect(formatEta(130, en)).toBe('2m 10s');
  });

  it('does not promise "soon" to someone with people ahead when no rate is known', () => {
    expect(formatEta(0, ko, 211)).toBe('계산 중');
    expect(formatEta(0, ko, 0)).toBe('곧 처리됩니다');
    expect(formatEta(30, ko, 211)).toBe('약 30초');
  });

  it('admits it does not know yet', () => {
    expect(formatEta(undefined, ko)).toBe('계산 중');
    expect(formatEta(Number.NaN, en)).toBe('estimating');
    expect(formatEta(-1, en)).toBe('estimating');
  });
});

describe('queueProgress', () => {
  it('goes from 0 to 1 as the people ahead are served', () => {
    expect(queueProgress(100, 100)).toBe(0);
    expect(queueProgress(100, 25)).toBe(0.75);
    expect(queueProgress(100, 0)).toBe(1);
  });

  it('never goes backwards or past the ends', () => {
    expect(queueProgress(100, 150)).toBe(0);
    expect(queueProgress(100, -3)).toBe(1);
  });

  it('is 0 until there is something to measure against', () => {
    expect(queueProgress(undefined, 10)).toBe(0);
    expect(queueProgress(10, undefined)).toBe(0);
    expect(queueProgress(0, 5)).toBe(0);
  });
});
