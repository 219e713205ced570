import { describe, expect, it } from 'vitest';
import { ApiError, codeForStatus, parseRetryAfter } from './api-error';
import { buildQuery } from './http';
import { normalizeCart } from './student';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter('1.2')).toBe(2);
    const now = Date.parse('2026-02-10T01:00:00Z');
    expect(parseRetryAfter('Tue, 10 Feb 2026 01:00:30 GMT', now)).toBe(30);
  });

  it('ignores missing or garbled values', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('ApiError', () => {
  it('keeps the body code and details, or derives a code from the status', () => {
    const e = new ApiError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', details: [{ field: 'name', problem: 'empty' }] });
    expect([e.code, e.details]).toEqual(['VALIDATION_FAILED', [{ field: 'name', problem: 'empty' }]]);
    expect(new ApiError(429, null, 3)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3 });
    expect(codeForStatus(504)).toBe('UNAVAILABLE');
    expect(codeForStatus(0)).toBe('NETWORK_ERROR');
  });
});

describe('buildQuery', () => {
  it('leaves out empty filters and encodes the rest', () => {
    expect(buildQuery({ q: '자료 구조', majorId: 3, day: undefined, professor: '', hasSeats: true, page: 1 })).toBe(
      '?q=%EC%9E%90%EB%A3%8C+%EA%B5%AC%EC%A1%B0&majorId=3&hasSeats=true&page=1',
    );
    expect(buildQuery({})).toBe('');
  });
});

describe('normalizeCart', () => {
  const section = { id: 3, lectureName: 'A' };
  it('accepts the shapes a cart list may come in', () => {
    expect(normalizeCart([section])).toEqual([section]);
    expect(normalizeCart([{ section, addedAt: 'x' }])).toEqual([section]);
    expect(normalizeCart({ items: [{ section }] })).toEqual([section]);
    expect(normalizeCart(null)).toEqual([]);
  });
});
