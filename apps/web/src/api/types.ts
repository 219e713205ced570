/**
 * Wire shapes of the HTTP contract (shared/api-contract.md) that libs/contracts does not already hold.
 * Hand-written for now: the API does not publish /api/docs-json yet, and openapi-typescript needs
 * TypeScript 5. When the OpenAPI document lands, generate these and keep this file as a re-export.
 */
export type {
  DecisionEvent,
  EnrollmentRequestView,
  ErrorBody,
  Page,
  PositionEvent,
  RejectReason,
  RequestStatus,
} from '@app/contracts';
import type { EnrollmentRequestView } from '@app/contracts';

/** 1 = Monday … 7 = Sunday; periods are 1-based and inclusive. */
export interface Meeting {
  day: number;
  startPeriod: number;
  endPeriod: number;
}

export interface Section {
  id: number;
  lectureId: number;
  lectureCode: string;
  lectureName: string;
  credits: number;
  majorId: number;
  majorName: string;
  generalEducation: boolean;
  professorId: number;
  professorName: string;
  sectionNo: number;
  capacity: number;
  enrolled: number;
  remaining: number;
  meetings: Meeting[];
  description?: string | null;
  /** Requests that find the section full wait on its waitlist (staff's setting). */
  waitlist?: boolean;
}

export interface Major {
  id: number;
  name: string;
  generalEducation: boolean;
}

export type QueueMode = 'FIFO' | 'RANDOM_AT_OPEN';

export interface OpenTime {
  id: number;
  name: string;
  startsAt: string;
  endsAt: string;
  grades: number[] | null;
  majorIds: number[] | null;
  queueMode: QueueMode;
}

export interface CurrentWindow {
  serverTime: string;
  current: OpenTime | null;
  next: OpenTime | null;
}

export interface StudentProfile {
  id: number;
  studentNo: string;
  name: string;
  email: string;
  majorId: number;
  grade: number;
  maxCredits: number;
  enrolledCredits: number;
}

export interface StaffProfile {
  id: number;
  loginId: string;
  name: string;
}

export interface Tokens {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
  refreshExpiresIn?: number;
}

export interface LoginAnswer<U> extends Tokens {
  student?: U;
  staff?: U;
}

export interface RefreshAnswer extends Tokens {
  role: 'student' | 'staff';
}

export interface Enrollment {
  section: Section;
  enrolledAt: string;
}

export interface TimetableMeeting extends Meeting {
  sectionId: number;
  lectureName: string;
  professorName: string;
}

export interface Timetable {
  credits: number;
  maxCredits: number;
  meetings: TimetableMeeting[];
}

export interface FromCartAnswer {
  requests: EnrollmentRequestView[];
  /** Sections not sent because a refusal came part way (those in `requests` are in line). */
  skipped?: { sectionId: number; code: string; message: string }[];
}

export interface QueueStats {
  waiting: number;
  active: number;
  /** Requests accepted and not yet decided (the waiting line itself, beyond BullMQ's own counts). */
  inLine?: number;
  /** Requests waiting for a RANDOM_AT_OPEN draw (no place until it is held). */
  inDraw?: number;
  delayed?: number;
  failed?: number;
  decidedPerSecond: number;
  committedPerSecond: number;
  oldestWaitingMs: number;
}

export interface SectionQuery {
  q?: string;
  majorId?: number;
  day?: number;
  credits?: number;
  professor?: string;
  generalEducation?: boolean;
  hasSeats?: boolean;
  page?: number;
  size?: number;
}
