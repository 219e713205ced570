import { describe, expect, it } from 'vitest';
import { estimateAcceptedPerSecond, hasSignal, seatsByMajorFrom, summarizeMetrics } from './useDashboard';
import { counterRate, parsePrometheus, pickMetric, pushBounded, sumBy } from './useMetrics';

const SCRAPE = `# HELP enroll_requests_total Enroll requests by outcome
# TYPE enroll_requests_total counter
enroll_requests_total{outcome="accepted"} 120
enroll_requests_total{outcome="rejected_closed"} 5
enroll_decisions_total{outcome="ENROLLED"} 90
enroll_decisions_total{outcome="REJECTED",reason="SECTION_FULL"} 20
seats_left{major="컴퓨터공학과"} 340
seats_left{major="경영학과"} 120
seats_left{major="a \\"quoted\\" name"} 1
process_start_time_seconds 1.7e9
histogram_bucket{le="+Inf"} 7 1700000000000
`;

describe('parsePrometheus', () => {
  it('reads names, labels (with escapes and Korean) and values, skipping comments', () => {
    const samples = parsePrometheus(SCRAPE);
    expect(samples).toHaveLength(9);
    expect(samples[0]).toEqual({ name: 'enroll_requests_total', labels: { outcome: 'accepted' }, value: 120 });
    expect(samples.find((s) => s.labels.major === '컴퓨터공학과')?.value).toBe(340);
    expect(samples.find((s) => s.name === 'seats_left' && s.value === 1)?.labels.major).toBe('a "quoted" name');
    expect(samples.find((s) => s.name === 'process_start_time_seconds')?.value).toBe(1.7e9);
    expect(samples.at(-1)).toEqual({ name: 'histogram_bucket', labels: { le: '+Inf' }, value: 7 });
  });
});

describe('metric helpers', () => {
  const samples = parsePrometheus(SCRAPE);

  it('picks the first candidate present', () => {
    expect(pickMetric(samples, ['missing_total', /decisions_total$/])).toBe('enroll_decisions_total');
    expect(pickMetric(samples, ['missing_total'])).toBeNull();
  });

  it('sums by a label or overall', () => {
    expect(sumBy(samples, 'enroll_decisions_total', 'outcome')).toEqual({ ENROLLED: 90, REJECTED: 20 });
    expect(sumBy(samples, 'enroll_requests_total')).toEqual({ '': 125 });
  });

  it('turns counters into per-second rates, surviving a restart', () => {
    expect(counterRate(100, 150, 2000)).toBe(25);
    expect(counterRate(100, 30, 1000)).toBe(30);
    expect(counterRate(undefined, 30, 1000)).toBe(0);
  });

  it('keeps a bounded history', () => {
    expect(pushBounded([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });
});

describe('summarizeMetrics', () => {
  it('needs two scrapes for rates but shows gauges at once', () => {
    const first = summarizeMetrics(null, parsePrometheus(SCRAPE), 1000);
    expect(first.summary.acceptedPerSecond).toBeNull();
    expect(first.summary.seatsByMajor).toMatchObject({ 컴퓨터공학과: 340, 경영학과: 120 });

    const later = SCRAPE.replace('{outcome="accepted"} 120', '{outcome="accepted"} 170')
      .replace('{outcome="rejected_closed"} 5', '{outcome="rejected_closed"} 25')
      .replace('{outcome="ENROLLED"} 90', '{outcome="ENROLLED"} 140');
    const second = summarizeMetrics(first.snapshot, parsePrometheus(later), 2000);
    // Only outcome="accepted" counts; the 20 new closed-window refusals do not.
    expect(second.summary.acceptedPerSecond).toBe(50);
    expect(second.summary.decisionsPerSecond).toEqual({ ENROLLED: 50, REJECTED: 0 });
  });

  it('reports missing panels as null rather than zero', () => {
    const { summary } = summarizeMetrics(null, parsePrometheus('up 1\n'), 1000);
    expect(summary).toEqual({ acceptedPerSecond: null, decisionsPerSecond: null, seatsByMajor: null });
  });
});

describe('estimateAcceptedPerSecond', () => {
  it('adds the line’s growth to what was decided', () => {
    // 100 more in line after 2 s while 30/s were decided: 80/s joined.
    expect(estimateAcceptedPerSecond({ at: 0, inLine: 200 }, { at: 2000, inLine: 300, decided: 30 })).toBe(80);
    // A draining line with nobody joining reads as zero, never negative.
    expect(estimateAcceptedPerSecond({ at: 0, inLine: 300 }, { at: 1000, inLine: 200, decided: 50 })).toBe(0);
    expect(estimateAcceptedPerSecond(undefined, { at: 1000, inLine: 5, decided: 0 })).toBeNull();
  });

  it('treats an all-zero panel as not reported', () => {
    expect(hasSignal({ enrolled: 0, rejected: 0 })).toBe(false);
    expect(hasSignal({ enrolled: 0.5 })).toBe(true);
    expect(hasSignal(null)).toBe(false);
  });
});

describe('seatsByMajorFrom', () => {
  it('adds up seats left per major, never counting an overfull section as negative', () => {
    expect(
      seatsByMajorFrom([
        { majorName: '교양', remaining: 10 },
        { majorName: '컴퓨터공학과', remaining: 3 },
        { majorName: '교양', remaining: 5 },
        { majorName: '컴퓨터공학과', remaining: -1 },
      ]),
    ).toEqual({ 교양: 15, 컴퓨터공학과: 3 });
  });
});
