import { ErrorCode } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR } from '@/api/api-error';
import { translator } from '../../test/i18n';
import { errorKey, errorMessage, fieldErrors } from './useErrorMessage';

const ko = translator('ko');
const en = translator('en');
const fail = (status: number, code: string, extra: Partial<{ details: { field: string; problem: string }[] }> = {}, retryAfter: number | null = null) =>
  new ApiError(status, { statusCode: status, code, message: 'server sentence that may change', ...extra }, retryAfter);

describe('errorMessage', () => {
  it('has its own sentence, in both languages, for every code of the contract', () => {
    const unknownKo = ko('errors.UNKNOWN');
    const unknownEn = en('errors.UNKNOWN');
    const sentences = new Set<string>();
    for (const code of [...Object.values(ErrorCode), NETWORK_ERROR]) {
      expect(errorKey(code)).toBe(`errors.${code}`);
      const k = errorMessage(fail(400, code), ko);
      const e = errorMessage(fail(400, code), en);
      expect(k).not.toBe(unknownKo);
      expect(e).not.toBe(unknownEn);
      expect(k).not.toMatch(/^errors\./);
      expect(e).not.toMatch(/^errors\./);
      sentences.add(k);
    }
    // No two codes share a sentence: each failure tells the user something different.
    expect(sentences.size).toBe(Object.values(ErrorCode).length + 1);
  });

  it('never shows the server message, which is English-only and may change', () => {
    expect(errorMessage(fail(409, 'IN_USE'), ko)).toBe('다른 곳에서 사용 중이라 삭제할 수 없습니다. 연결된 항목을 먼저 정리해 주세요.');
    expect(errorMessage(fail(401, 'INVALID_CREDENTIALS'), en)).toBe('The ID (student number) or password is wrong.');
  });

  it('says when to retry after a 429 or 503', () => {
    expect(errorMessage(fail(429, 'RATE_LIMITED', {}, 7), ko)).toBe('요청이 너무 많습니다. 잠시 후 다시 시도해 주세요. 7초 후에 다시 시도할 수 있습니다.');
    expect(errorMessage(fail(503, 'UNAVAILABLE', {}, 3), en)).toBe('The server is briefly unavailable. Please try again shortly. You can try again in 3s.');
  });

  it('falls back by status when a proxy answers without a body', () => {
    expect(errorMessage(new ApiError(502, null), en)).toBe(en('errors.UNAVAILABLE'));
    expect(errorMessage(new ApiError(0, null), en)).toBe('Cannot reach the server. Check your connection.');
    expect(errorMessage(new ApiError(500, { statusCode: 500, code: 'SOMETHING_NEW', message: '' }), en)).toBe(en('errors.INTERNAL'));
  });

  it('explains a synchronous gate refusal (staff acting for a student) with the reject reason', () => {
    expect(errorMessage(fail(409, 'SECTION_FULL'), ko)).toBe('정원이 모두 찼습니다.');
    // Without the page's context, reasons that name another lecture use their plain wording.
    expect(errorMessage(fail(409, 'TIME_CONFLICT'), en)).toBe('It clashes with a class you are already enrolled in.');
    expect(errorMessage(fail(409, 'CREDIT_LIMIT_EXCEEDED'), ko)).toBe('최대 신청 학점을 넘습니다.');
  });

  it('gives a generic sentence for unknown codes and non-API failures', () => {
    expect(errorMessage(fail(418, 'TEAPOT'), en)).toBe('Something unexpected happened.');
    expect(errorMessage(new TypeError('boom'), ko)).toBe('알 수 없는 오류가 발생했습니다.');
  });
});

describe('fieldErrors', () => {
  it('maps 400 details to top-level form fields, joining several problems', () => {
    const error = fail(400, 'VALIDATION_FAILED', {
      details: [
        { field: 'capacity', problem: 'capacity must not be less than 1' },
        { field: 'meetings.0.startPeriod', problem: 'startPeriod must be a positive number' },
        { field: 'meetings.1.day', problem: 'day must not be greater than 7' },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      capacity: 'capacity must not be less than 1',
      meetings: 'startPeriod must be a positive number; day must not be greater than 7',
    });
  });

  it('is empty for other errors', () => {
    expect(fieldErrors(fail(409, 'IN_USE'))).toEqual({});
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
