import { RejectReason, type EnrollmentRequestView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { translator } from '../../test/i18n';
import { explainDecision, reasonText } from './useDecision';

const ko = translator('ko');
const en = translator('en');
const rejected = (reason: RejectReason, extra: Partial<EnrollmentRequestView> = {}): EnrollmentRequestView => ({
  requestId: 'r1',
  sectionId: 5,
  status: 'REJECTED',
  reason,
  ...extra,
});

describe('reasonText', () => {
  it('has a plain sentence for every reject reason', () => {
    for (const reason of Object.values(RejectReason)) {
      const text = reasonText(rejected(reason), { sectionName: '자료구조' }, ko);
      expect(text).not.toMatch(/^reason\./);
      expect(text).not.toBe(ko('reason.UNKNOWN'));
    }
  });

  it('names the clashing lecture when it is known', () => {
    expect(reasonText(rejected('TIME_CONFLICT', { conflictSectionId: 9 }), { sectionName: '운영체제', otherName: '자료구조 (CS201)' }, ko)).toBe(
      '자료구조 (CS201) 수업과 시간이 겹칩니다.',
    );
    expect(reasonText(rejected('TIME_CONFLICT'), { sectionName: '운영체제' }, en)).toBe('It clashes with a class you are already enrolled in.');
  });

  it('spells out the credit arithmetic', () => {
    const ctx = { sectionName: '운영체제', credits: 3, enrolledCredits: 18, maxCredits: 19 };
    expect(reasonText(rejected('CREDIT_LIMIT_EXCEEDED'), ctx, ko)).toBe('학점 한도를 넘습니다: 신청 18학점 + 이 과목 3학점 > 최대 19학점.');
    expect(reasonText(rejected('CREDIT_LIMIT_EXCEEDED'), ctx, en)).toBe('Credit limit: 18 enrolled + 3 for this course is over your maximum of 19.');
  });
});

describe('explainDecision', () => {
  it('offers other sections of the same course with seats when the section is full', () => {
    const text = explainDecision(rejected('SECTION_FULL'), { sectionName: '자료구조', lectureCode: 'CS201' }, ko);
    expect(text.tone).toBe('error');
    expect(text.title).toBe('자료구조: 신청하지 못했습니다.');
    expect(text.reason).toBe('정원이 모두 찼습니다.');
    expect(text.nextSteps[0]).toEqual({ label: '대기자 명단에 올리기 (자리가 나면 자동 신청)', to: null, action: 'waitlist' });
    expect(text.nextSteps[1]).toEqual({ label: '같은 과목의 다른 분반 보기', to: { name: 'student-catalogue', query: { q: 'CS201', hasSeats: 'true' } } });
  });

  it('points to the timetable for a clash', () => {
    const text = explainDecision(rejected('TIME_CONFLICT'), { sectionName: 'x' }, en);
    expect(text.nextSteps.map((s) => s.to?.name)).toEqual(['student-timetable', 'student-catalogue']);
  });

  it('celebrates an enrollment and explains the waitlist', () => {
    const ok = explainDecision({ requestId: 'r', sectionId: 1, status: 'ENROLLED' }, { sectionName: '자료구조' }, ko);
    expect(ok).toMatchObject({ tone: 'success', title: '자료구조 신청이 완료되었습니다.', reason: null });
    const wait = explainDecision({ requestId: 'r', sectionId: 1, status: 'WAITLISTED' }, { sectionName: 'Data Structures' }, en);
    expect(wait.tone).toBe('info');
    expect(wait.title).toContain('waitlist');
  });

  it('keeps a queued request neutral', () => {
    expect(explainDecision({ requestId: 'r', sectionId: 1, status: 'QUEUED', position: 3 }, { sectionName: 'A' }, en)).toMatchObject({
      tone: 'pending',
      reason: null,
      nextSteps: [],
    });
  });
});
