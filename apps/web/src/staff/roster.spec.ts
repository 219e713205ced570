import { describe, expect, it } from 'vitest';
import { sparkPath } from '@/components/charts/sparkline';
import { cellText } from './cells';
import { RESOURCES } from './resources';
import { rosterColumns, rosterRows } from './roster';
import { translator } from '../../test/i18n';

describe('roster', () => {
  it('flattens nested student objects and hides secrets', () => {
    const rows = rosterRows({ items: [{ student: { studentNo: '1', name: 'Kim', passwordHash: 'x' }, enrolledAt: 't' }] });
    expect(rows).toEqual([{ studentNo: '1', name: 'Kim', passwordHash: 'x', enrolledAt: 't' }]);
    expect(rosterColumns(rows)).toEqual(['studentNo', 'name', 'enrolledAt']);
    expect(rosterRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(rosterRows('nonsense')).toEqual([]);
  });
});

describe('cellText', () => {
  const t = translator('ko');
  it('shows joined names, "everyone" for null targets and readable meetings', () => {
    const sections = RESOURCES.sections;
    const row = { id: 1, lectureId: 3, lectureName: '자료구조', professorId: 4, meetings: [{ day: 2, startPeriod: 1, endPeriod: 2 }] };
    expect(cellText(sections, row, 'lectureId', {}, t, 'ko')).toBe('자료구조');
    expect(cellText(sections, row, 'professorId', { professors: [{ id: 4, name: '이교수' }] }, t, 'ko')).toBe('이교수');
    expect(cellText(sections, row, 'meetings', {}, t, 'ko')).toBe('화 1–2교시');
    const windows = RESOURCES['open-times'];
    expect(cellText(windows, { id: 1, grades: null, majorIds: [1], queueMode: 'FIFO' }, 'grades', {}, t, 'ko')).toBe('전체');
    expect(cellText(windows, { id: 1, majorIds: [1, 2] }, 'majorIds', { majors: [{ id: 1, name: '컴퓨터공학과' }] }, t, 'ko')).toBe('컴퓨터공학과, #2');
    expect(cellText(windows, { id: 1, queueMode: 'FIFO' }, 'queueMode', {}, t, 'ko')).toBe('먼저 온 순서');
  });
});

describe('sparkPath', () => {
  it('scales values to the box with the maximum at the top', () => {
    expect(sparkPath([0, 5, 10], 100, 50)).toEqual({ line: 'M0.0,50.0 L50.0,25.0 L100.0,0.0', area: 'M0.0,50.0 L50.0,25.0 L100.0,0.0 L100.0,50 L0,50 Z', max: 10 });
    expect(sparkPath([], 100, 50).line).toBe('');
  });
});
