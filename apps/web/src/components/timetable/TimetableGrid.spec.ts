import { describe, expect, it } from 'vitest';
import { mountWith } from '../../../test/mount';
import TimetableGrid from './TimetableGrid.vue';

describe('TimetableGrid', () => {
  const entries = [
    { sectionId: 1, day: 1, startPeriod: 1, endPeriod: 2, lectureName: '자료구조', professorName: '김교수' },
    { sectionId: 2, day: 1, startPeriod: 2, endPeriod: 3, lectureName: '운영체제', planned: true },
    { sectionId: 3, day: 3, startPeriod: 5, endPeriod: 6, lectureName: '선형대수' },
  ];

  it('draws one block per meeting in its day column and period rows', () => {
    const wrapper = mountWith(TimetableGrid, { entries, caption: '시간표' });
    const blocks = wrapper.findAll('[data-testid="timetable-block"]');
    expect(blocks).toHaveLength(3);
    const linear = blocks.find((b) => b.text().includes('선형대수'))!;
    // Wednesday is the fourth grid column (labels, Mon, Tue, Wed); periods 5–6 are rows 6 to 8.
    expect(linear.attributes('style')).toContain('grid-column: 4');
    expect(linear.attributes('style')).toContain('grid-row: 6 / 8');
  });

  it('outlines clashing meetings, dashes planned ones, and says so to screen readers', () => {
    const wrapper = mountWith(TimetableGrid, { entries, caption: '시간표' });
    const clashing = wrapper.findAll('.tt__block--conflict').map((b) => b.attributes('data-section'));
    expect(clashing.sort()).toEqual(['1', '2']);
    expect(wrapper.find('.tt__block--planned').attributes('data-section')).toBe('2');
    const spoken = wrapper.findAll('li').map((li) => li.text());
    expect(spoken).toContain('자료구조: 월 1–2교시 — 시간 겹침');
    expect(spoken).toContain('선형대수: 수 5–6교시');
  });
});
