import { describe, expect, it } from 'vitest';
import { parseDecisionEntry } from './decision-entry.js';

describe('parseDecisionEntry', () => {
  const expected = {
    seq: 42, requestId: 'a1b2', studentId: 7, sectionId: 9, action: 'ENROLL', outcome: 'REJECTED', reason: 'TIME_CONFLICT',
    position: 130, lectureId: 3, credits: 2, decidedAt: 1_700_000_000_500, acceptedAt: 1_700_000_000_100, promoted: false, staffId: null,
  };

  it('reads the packed field the Lua gate writes', () => {
    const d = 'a1b2|7|9|ENROLL|REJECTED|TIME_CONFLICT|130|3|2|1700000000500|1700000000100|0|';
    expect(parseDecisionEntry('42-1', ['d', d])).toEqual(expected);
  });

  it('reads one field per value (entries written before the packing)', () => {
    const fields = ['r', 'a1b2', 's', '7', 'x', '9', 'a', 'ENROLL', 'o', 'REJECTED', 'rsn', 'TIME_CONFLICT', 'pos', '130',
      'lec', '3', 'cr', '2', 't', '1700000000500', 'ta', '1700000000100', 'p', '0', 'staff', ''];
    expect(parseDecisionEntry('42-1', fields)).toEqual(expected);
  });

  it('empty values are nulls: a drop by staff has no place, no acceptance time, and a staff id', () => {
    const e = parseDecisionEntry('5-1', ['d', 'r9|1|2|DROP|DROPPED||||3|1700000000500||0|11']);
    expect(e).toMatchObject({ seq: 5, action: 'DROP', outcome: 'DROPPED', reason: null, position: null, lectureId: null, credits: 3, acceptedAt: null, staffId: 11 });
  });
});
