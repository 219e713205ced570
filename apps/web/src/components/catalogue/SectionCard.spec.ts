import { describe, expect, it } from 'vitest';
import type { Section } from '@/api/types';
import { mountWith } from '../../../test/mount';
import SectionCard from './SectionCard.vue';

const section: Section = {
  id: 11,
  lectureId: 1,
  lectureCode: 'CS201',
  lectureName: '자료구조',
  credits: 3,
  majorId: 1,
  majorName: '컴퓨터공학과',
  generalEducation: false,
  professorId: 2,
  professorName: '김교수',
  sectionNo: 1,
  capacity: 40,
  enrolled: 40,
  remaining: 0,
  meetings: [{ day: 1, startPeriod: 1, endPeriod: 2 }],
};

describe('SectionCard', () => {
  it('warns about a clash and shows a full section', () => {
    const wrapper = mountWith(SectionCard, { section, inCart: false, enrolled: false, clashes: ['선형대수'], busy: false });
    expect(wrapper.get('[data-testid="clash"]').text()).toBe('⚠ 선형대수 수업과 시간이 겹칩니다');
    expect(wrapper.text()).toContain('마감 (40)');
    expect(wrapper.text()).toContain('월 1–2교시');
  });

  it('emits add and enroll, and disables adding once in the cart', async () => {
    const wrapper = mountWith(SectionCard, { section, inCart: false, enrolled: false, clashes: [], busy: false });
    await wrapper.get('[data-testid="add-to-cart"]').trigger('click');
    await wrapper.get('[data-testid="enroll-now"]').trigger('click');
    expect(wrapper.emitted('add')?.[0]).toEqual([section]);
    expect(wrapper.emitted('enroll')?.[0]).toEqual([section]);
    await wrapper.setProps({ inCart: true });
    expect(wrapper.get('[data-testid="add-to-cart"]').attributes('disabled')).toBeDefined();
  });

  it('no second enroll while a request waits on the waitlist; a dropped one no longer tags the card', async () => {
    const request = { requestId: 'r', sectionId: 11, status: 'WAITLISTED' as const, since: 1 };
    const wrapper = mountWith(SectionCard, { section, inCart: false, enrolled: false, clashes: [], busy: false, request });
    expect(wrapper.get('[data-testid="enroll-now"]').attributes('disabled')).toBeDefined();
    await wrapper.setProps({ request: { ...request, status: 'DROPPED' as const } });
    expect(wrapper.get('[data-testid="enroll-now"]').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('a.tag').exists()).toBe(false);
  });
});
