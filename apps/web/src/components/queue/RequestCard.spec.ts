import { describe, expect, it } from 'vitest';
import type { Section } from '@/api/types';
import { mountWith } from '../../../test/mount';
import RequestCard from './RequestCard.vue';

const section = (id: number, lectureName: string, lectureCode: string, credits = 3) => ({ id, lectureName, lectureCode, credits }) as Section;

describe('RequestCard', () => {
  it('shows the people ahead, the ETA and a progress bar while queued', () => {
    const wrapper = mountWith(RequestCard, {
      request: { requestId: 'a', sectionId: 1, status: 'QUEUED', position: 900, ahead: 150, initialAhead: 600, etaSeconds: 75, since: 0 },
      section: section(1, '자료구조', 'CS201'),
    });
    expect(wrapper.get('[data-testid="ahead"]').text()).toBe('내 앞에 150명');
    expect(wrapper.get('[data-testid="eta"]').text()).toBe('예상 대기 약 1분 15초');
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('75');
  });

  it('RANDOM_AT_OPEN: says when the opening draw hands out places while the request has none', () => {
    const drawAt = new Date(2026, 2, 2, 9, 0, 10).toISOString();
    const wrapper = mountWith(RequestCard, { request: { requestId: 'a', sectionId: 1, status: 'QUEUED', drawAt, etaSeconds: 6, since: 0 }, section: section(1, '자료구조', 'CS201') }, 'en');
    expect(wrapper.get('[data-testid="draw"]').text()).toBe(`In the opening draw: places are drawn at ${new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(new Date(drawAt))}`);
    expect(wrapper.get('[data-testid="eta"]').text()).toContain('6s');
    expect(wrapper.find('[data-testid="ahead"]').exists()).toBe(false);
  });

  it('explains a rejection in plain words with the clashing lecture and next steps', () => {
    const wrapper = mountWith(
      RequestCard,
      {
        request: { requestId: 'a', sectionId: 1, status: 'REJECTED', reason: 'TIME_CONFLICT', conflictSectionId: 2, since: 0 },
        section: section(1, 'Operating Systems', 'CS301'),
        other: section(2, 'Data Structures', 'CS201'),
      },
      'en',
    );
    expect(wrapper.get('[data-testid="reason"]').text()).toBe('It clashes with Data Structures (CS201).');
    expect(wrapper.text()).toContain('See the clash in your timetable');
    expect(wrapper.attributes('data-status')).toBe('REJECTED');
  });

  it('a waitlisted request offers to leave the waitlist; a withdrawn one says so', async () => {
    const waiting = mountWith(RequestCard, { request: { requestId: 'a', sectionId: 7, status: 'WAITLISTED', since: 0 }, section: section(7, 'Data Structures', 'CS201') }, 'en');
    await waiting.get('[data-testid="leave-waitlist"]').trigger('click');
    expect(waiting.emitted('withdraw')).toEqual([[waiting.props('request').requestId]]);
    const gone = mountWith(RequestCard, { request: { requestId: 'a', sectionId: 7, status: 'CANCELLED', since: 0 }, section: section(7, 'Data Structures', 'CS201') }, 'en');
    expect(gone.get('.tag').text()).toBe('Withdrawn');
    expect(gone.text()).toContain('you withdrew this request');
    expect(gone.find('[data-testid="leave-waitlist"]').exists()).toBe(false);
  });

  it('states the credit arithmetic for a credit-limit rejection', () => {
    const wrapper = mountWith(RequestCard, {
      request: { requestId: 'a', sectionId: 1, status: 'REJECTED', reason: 'CREDIT_LIMIT_EXCEEDED', since: 0 },
      section: section(1, '자료구조', 'CS201', 3),
      enrolledCredits: 17,
      maxCredits: 18,
    });
    expect(wrapper.get('[data-testid="reason"]').text()).toBe('학점 한도를 넘습니다: 신청 17학점 + 이 과목 3학점 > 최대 18학점.');
  });
});
