import { AppException } from '../../common/app.exception.js';
import type { MeetingSlot } from './sections-admin.repository.js';

export const overlaps = (a: MeetingSlot, b: MeetingSlot) => a.day === b.day && a.startPeriod <= b.endPeriod && b.startPeriod <= a.endPeriod;

/** Periods ordered within a meeting, and no two meetings of one section overlapping: 400 otherwise. */
export function checkMeetings(meetings: MeetingSlot[]): void {
  const problems: { field: string; problem: string }[] = [];
  meetings.forEach((m, i) => {
    if (m.endPeriod < m.startPeriod) problems.push({ field: `meetings.${i}.endPeriod`, problem: 'must not be before startPeriod' });
    meetings.slice(0, i).forEach((o, j) => {
      if (overlaps(m, o)) problems.push({ field: `meetings.${i}`, problem: `overlaps meetings.${j}` });
    });
  });
  if (problems.length) throw AppException.validation(problems, `${problems[0]!.field} ${problems[0]!.problem}`);
}
