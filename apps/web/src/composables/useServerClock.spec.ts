import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, queryFromRoute, routeFromQuery } from './useCatalogueQuery';
import { fromLocalInput, toLocalInput } from './useDateTime';
import { computeClockOffset } from './useServerClock';

describe('computeClockOffset', () => {
  it('assumes the server read its clock halfway through the round trip', () => {
    const server = Date.parse('2026-02-10T01:00:10.000Z');
    // Our clock says 01:00:00.000 at send and 01:00:00.200 at receive: the server is ~9.9 s ahead.
    const sent = Date.parse('2026-02-10T01:00:00.000Z');
    expect(computeClockOffset(new Date(server).toISOString(), sent, sent + 200)).toBe(9900);
  });

  it('reads an offset-bearing server time and is negative for a fast client clock', () => {
    const sent = Date.parse('2026-02-10T01:05:00.000Z');
    expect(computeClockOffset('2026-02-10T10:00:00+09:00', sent, sent)).toBe(-300_000);
  });

  it('ignores a garbled server time', () => {
    expect(computeClockOffset('not a time', 0, 10)).toBe(0);
  });
});

describe('date-time picker values', () => {
  it('round-trips through the local picker format', () => {
    const iso = fromLocalInput('2026-03-02T09:30');
    expect(iso).toMatch(/^2026-03-02T09:30:00[+-]\d{2}:\d{2}$/);
    expect(toLocalInput(iso)).toBe('2026-03-02T09:30');
    expect(fromLocalInput('tomorrow')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});

describe('catalogue query in the URL', () => {
  it('reads filters from the URL, ignoring junk', () => {
    expect(queryFromRoute({ q: ' 자료 ', majorId: '3', day: 'x', hasSeats: 'true', generalEducation: 'false', page: '2' })).toEqual({
      q: '자료',
      majorId: 3,
      day: undefined,
      credits: undefined,
      professor: undefined,
      generalEducation: false,
      hasSeats: true,
      page: 2,
      size: PAGE_SIZE,
    });
    expect(queryFromRoute({}).page).toBe(1);
  });

  it('writes only what was chosen, and page 1 as nothing', () => {
    expect(routeFromQuery({ q: 'CS', majorId: 3, page: 1, size: 20, hasSeats: false, generalEducation: false })).toEqual({ q: 'CS', majorId: '3', generalEducation: 'false' });
  });
});
