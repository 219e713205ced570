import type { EnrollmentRequestView } from '@app/contracts';
import { http } from './http';
import type { Enrollment, FromCartAnswer, Section, StudentProfile, Timetable } from './types';

/** The cart's list shape is not pinned by the contract: accept Section[], [{ section }] or a page. */
export function normalizeCart(body: unknown): Section[] {
  const list = Array.isArray(body) ? body : ((body as { items?: unknown[] } | null)?.items ?? []);
  return list
    .map((item) => ((item as { section?: Section }).section ?? item) as Section)
    .filter((s): s is Section => typeof s?.id === 'number');
}

/** `/api/me/...`: the student id always comes from the token. */
export const studentApi = {
  me: () => http.get<StudentProfile>('/api/me'),
  cart: async () => normalizeCart(await http.get<unknown>('/api/me/cart')),
  addToCart: (sectionId: number) => http.post<unknown>('/api/me/cart', { sectionId }),
  removeFromCart: (sectionId: number) => http.delete(`/api/me/cart/${sectionId}`),
  /** The key makes a double click or a retry after a lost answer return the same place in line. */
  /** `waitlist`: wait for a seat instead of a SECTION_FULL rejection (the engine's opt-in). */
  enroll: (sectionId: number, idempotencyKey: string, waitlist = false) =>
    http.post<EnrollmentRequestView>('/api/me/enrollments', waitlist ? { sectionId, waitlist } : { sectionId }, {
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  enrollFromCart: (idempotencyKey: string, waitlist = false) =>
    http.post<FromCartAnswer>('/api/me/enrollments/from-cart', waitlist ? { waitlist } : {}, { headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Every request still waiting for a seat (line, draw, waitlist): another tab's or device's too. */
  waitingRequests: () => http.get<EnrollmentRequestView[]>('/api/me/requests'),
  requestStatus: (requestId: string) => http.get<EnrollmentRequestView>(`/api/me/requests/${encodeURIComponent(requestId)}`),
  enrollments: () => http.get<Enrollment[]>('/api/me/enrollments'),
  /** Drops a held seat, or (none held) withdraws the request still waiting for one: status tells which. */
  drop: (sectionId: number) =>
    http.delete<{ sectionId: number; status: 'DROPPED' | 'CANCELLED'; requestId: string; promotedRequestId: string | null }>(`/api/me/enrollments/${sectionId}`),
  /** Withdraws one waiting request (line, draw, waitlist); never gives up a seat (409 ALREADY_ENROLLED if granted meanwhile). */
  withdraw: (requestId: string) =>
    http.delete<{ sectionId: number; status: 'CANCELLED'; requestId: string; promotedRequestId: null }>(`/api/me/requests/${encodeURIComponent(requestId)}`),
  timetable: () => http.get<Timetable>('/api/me/timetable'),
  /** 204; 400 naming currentPassword when it is not the current one. */
  changePassword: (currentPassword: string, newPassword: string) => http.patch<void>('/api/me/password', { currentPassword, newPassword }),
};
