import type { EnrollmentRequestView } from '@app/contracts';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface NextStep {
  label: string;
  /** A route location for the router, or null for advice that is not a link. */
  to: { name: string; query?: Record<string, string> } | null;
  /** An action the page performs in place: ask again, this time waiting for a seat; or leave the waitlist. */
  action?: 'waitlist' | 'withdraw';
}

export interface DecisionText {
  tone: 'pending' | 'success' | 'info' | 'error';
  title: string;
  reason: string | null;
  nextSteps: NextStep[];
}

/** What the page knows around a decision, to make the reason concrete ("clashes with 자료구조"). */
export interface DecisionContext {
  sectionName: string;
  lectureCode?: string;
  credits?: number;
  enrolledCredits?: number;
  maxCredits?: number;
  /** Name of conflictSectionId, when the page could look it up. */
  otherName?: string;
}

export function reasonText(request: EnrollmentRequestView, ctx: DecisionContext, t: T): string {
  switch (request.reason) {
    case 'TIME_CONFLICT':
      return ctx.otherName ? t('reason.TIME_CONFLICT', { other: ctx.otherName }) : t('reason.TIME_CONFLICT_PLAIN');
    case 'SAME_LECTURE_ENROLLED':
      return ctx.otherName ? t('reason.SAME_LECTURE_ENROLLED', { other: ctx.otherName }) : t('reason.SAME_LECTURE_ENROLLED_PLAIN');
    case 'CREDIT_LIMIT_EXCEEDED':
      return ctx.credits !== undefined && ctx.enrolledCredits !== undefined && ctx.maxCredits !== undefined
        ? t('reason.CREDIT_LIMIT_EXCEEDED', { used: ctx.enrolledCredits, credits: ctx.credits, max: ctx.maxCredits })
        : t('reason.CREDIT_LIMIT_EXCEEDED_PLAIN');
    case undefined:
      return t('reason.UNKNOWN');
    default:
      return t(`reason.${request.reason}`);
  }
}

function nextStepsFor(request: EnrollmentRequestView, ctx: DecisionContext, t: T): NextStep[] {
  const otherSections: NextStep = {
    label: t('nextStep.otherSections'),
    to: { name: 'student-catalogue', query: { q: ctx.lectureCode ?? ctx.sectionName, hasSeats: 'true' } },
  };
  switch (request.reason) {
    case 'SECTION_FULL':
      return [
        { label: t('nextStep.joinWaitlist'), to: null, action: 'waitlist' },
        otherSections, { label: t('nextStep.otherLectures'), to: { name: 'student-catalogue', query: { hasSeats: 'true' } } },
      ];
    case 'TIME_CONFLICT':
      return [{ label: t('nextStep.timetable'), to: { name: 'student-timetable' } }, otherSections];
    case 'CREDIT_LIMIT_EXCEEDED':
    case 'SAME_LECTURE_ENROLLED':
      return [{ label: t('nextStep.dropSomething'), to: { name: 'student-timetable' } }];
    case 'REGISTRATION_CLOSED':
      return [{ label: t('nextStep.checkWindow'), to: { name: 'student-cart' } }];
    case 'NOT_ELIGIBLE':
    case 'SECTION_NOT_FOUND':
      return [{ label: t('nextStep.otherLectures'), to: { name: 'student-catalogue', query: { hasSeats: 'true' } } }];
    case 'ALREADY_ENROLLED':
      return [{ label: t('nextStep.viewTimetable'), to: { name: 'student-timetable' } }];
    default:
      return [];
  }
}

/** Each decision in plain words with what to do next. */
export function explainDecision(request: EnrollmentRequestView, ctx: DecisionContext, t: T): DecisionText {
  const name = ctx.sectionName;
  switch (request.status) {
    case 'QUEUED':
      return { tone: 'pending', title: `${name}: ${t('status.QUEUED')}`, reason: null, nextSteps: [] };
    case 'ENROLLED':
      return {
        tone: 'success',
        title: t('decision.enrolled', { name }),
        reason: null,
        nextSteps: [{ label: t('nextStep.viewTimetable'), to: { name: 'student-timetable' } }],
      };
    case 'WAITLISTED':
      return {
        tone: 'info', title: t('decision.waitlisted', { name }), reason: null,
        nextSteps: [{ label: t('nextStep.waitlist'), to: null }, { label: t('nextStep.leaveWaitlist'), to: null, action: 'withdraw' }],
      };
    case 'CANCELLED':
      return { tone: 'info', title: t('decision.cancelled', { name }), reason: null, nextSteps: [] };
    case 'DROPPED':
      return { tone: 'info', title: `${name}: ${t('status.DROPPED')}`, reason: null, nextSteps: [] };
    default:
      return { tone: 'error', title: t('decision.rejected', { name }), reason: reasonText(request, ctx, t), nextSteps: nextStepsFor(request, ctx, t) };
  }
}
