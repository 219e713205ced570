import { describe, expect, it } from 'vitest';
import { translator } from '../../test/i18n';
import { clashingLectures, formatMeetings, layoutTimetable, meetingsOverlap, sectionEntries, sectionHue, type TimetableEntry } from './useTimetable';

const entry = (sectionId: number, day: number, startPeriod: number, endPeriod: number, lectureName = `L${sectionId}`): TimetableEntry => ({
  sectionId,
  day,
  startPeriod,
  endPeriod,
  lectureName,
});

describe('meetingsOverlap', () => {
  it('treats periods as inclusive on the same day', () => {
    expect(meetingsOverlap(entry(1, 1, 1, 2), entry(2, 1, 2, 3))).toBe(true);
    expect(meetingsOverlap(entry(1, 1, 1, 2), entry(2, 1, 3, 4))).toBe(false);
    expect(meetingsOverlap(entry(1, 1, 1, 2), entry(2, 2, 1, 2))).toBe(false);
  });
});

describe('layoutTimetable', () => {
  it('shows Monday to Friday and at least nine periods for an empty week', () => {
    const layout = layoutTimetable([]);
    expect(layout.days).toEqual([1, 2, 3, 4, 5]);
    expect(layout.periods).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(layout.blocks).toEqual([]);
  });

  it('adds a weekend day and extra periods only when a meeting needs them', () => {
    const layout = layoutTimetable([entry(1, 6, 10, 12)]);
    expect(layout.days).toEqual([1, 2, 3, 4, 5, 6]);
    expect(layout.periods.at(-1)).toBe(12);
  });

  it('places a block in its day column and period rows (header row and label column first)', () => {
    const [block] = layoutTimetable([entry(7, 3, 2, 4)]).blocks;
    expect(block).toMatchObject({ column: 4, rowStart: 3, rowEnd: 6, lane: 0, lanes: 1, conflict: false, conflictWith: [] });
  });

  it('flags overlapping sections as conflicts and puts them side by side', () => {
    const layout = layoutTimetable([entry(1, 1, 1, 3), entry(2, 1, 2, 2), entry(3, 1, 5, 6)]);
    const byId = Object.fromEntries(layout.blocks.map((b) => [b.sectionId, b]));
    expect(byId[1]).toMatchObject({ conflict: true, conflictWith: [2], lane: 0, lanes: 2 });
    expect(byId[2]).toMatchObject({ conflict: true, conflictWith: [1], lane: 1, lanes: 2 });
    // A later meeting that touches neither starts a new cluster with the full width.
    expect(byId[3]).toMatchObject({ conflict: false, lane: 0, lanes: 1 });
  });

  it('reuses a free lane inside a cluster', () => {
    // 1–4 overlaps both 1–2 and 3–4, which do not overlap each other: two lanes are enough,
    // and 3–4 takes the lane 1–2 has left (shorter meetings are placed first at equal starts).
    const layout = layoutTimetable([entry(1, 2, 1, 4), entry(2, 2, 1, 2), entry(3, 2, 3, 4)]);
    const lanes = Object.fromEntries(layout.blocks.map((b) => [b.sectionId, [b.lane, b.lanes]]));
    expect(lanes).toEqual({ 1: [1, 2], 2: [0, 2], 3: [0, 2] });
  });

  it('does not call two meetings of the same section a conflict', () => {
    const layout = layoutTimetable([entry(4, 1, 1, 2), entry(4, 1, 2, 3)]);
    expect(layout.blocks.every((b) => !b.conflict)).toBe(true);
  });

  it('marks a planned cart section that clashes with an enrolled one', () => {
    const enrolled = [entry(1, 2, 3, 4, '자료구조')];
    const planned = sectionEntries([{ id: 9, lectureName: '운영체제', meetings: [{ day: 2, startPeriod: 4, endPeriod: 5 }] }], true);
    const blocks = layoutTimetable([...enrolled, ...planned]).blocks;
    expect(blocks.find((b) => b.sectionId === 9)).toMatchObject({ planned: true, conflict: true, conflictWith: [1] });
  });
});

describe('clashingLectures', () => {
  const scheduled = [entry(1, 1, 1, 2, '자료구조'), entry(1, 3, 1, 2, '자료구조'), entry(2, 2, 5, 6, '선형대수')];

  it('names each clashing lecture once', () => {
    const candidate = { id: 10, meetings: [{ day: 1, startPeriod: 2, endPeriod: 3 }, { day: 3, startPeriod: 1, endPeriod: 1 }, { day: 2, startPeriod: 6, endPeriod: 6 }] };
    expect(clashingLectures(candidate, scheduled)).toEqual(['자료구조', '선형대수']);
  });

  it('is empty when nothing overlaps, and ignores the section itself', () => {
    expect(clashingLectures({ id: 10, meetings: [{ day: 4, startPeriod: 1, endPeriod: 9 }] }, scheduled)).toEqual([]);
    expect(clashingLectures({ id: 1, meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }] }, scheduled)).toEqual([]);
  });
});

describe('formatMeetings', () => {
  it('writes meetings in day order in Korean and English', () => {
    const meetings = [
      { day: 3, startPeriod: 3, endPeriod: 3 },
      { day: 1, startPeriod: 1, endPeriod: 2 },
    ];
    expect(formatMeetings(meetings, translator('ko'))).toBe('월 1–2교시, 수 3교시');
    expect(formatMeetings(meetings, translator('en'))).toBe('Mon periods 1–2, Wed period 3');
  });
});

describe('sectionHue', () => {
  it('is stable and within the colour wheel', () => {
    expect(sectionHue(42)).toBe(sectionHue(42));
    expect(sectionHue(1)).not.toBe(sectionHue(2));
    for (const id of [1, 17, 999, 123456]) {
      expect(sectionHue(id)).toBeGreaterThanOrEqual(0);
      expect(sectionHue(id)).toBeLessThan(360);
    }
  });
});
