import { AuditLog } from './audit-log.entity.js';
import { CartItem } from './cart-item.entity.js';
import { DecisionLog } from './decision-log.entity.js';
import { EngineCursor } from './engine-cursor.entity.js';
import { Enrollment } from './enrollment.entity.js';
import { Lecture } from './lecture.entity.js';
import { Major } from './major.entity.js';
import { OpenTime } from './open-time.entity.js';
import { Professor } from './professor.entity.js';
import { SectionMeeting } from './section-meeting.entity.js';
import { Section } from './section.entity.js';
import { Staff } from './staff.entity.js';
import { Student } from './student.entity.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';

export {
  AuditLog, CartItem, DecisionLog, EngineCursor, Enrollment, Lecture, Major, OpenTime, Professor,
  Section, SectionMeeting, Staff, Student, WaitlistEntry,
};
export type { QueueMode } from './open-time.entity.js';
export type { DecisionAction, DecisionOutcome } from './decision-log.entity.js';

export const ENTITIES = [
  AuditLog, CartItem, DecisionLog, EngineCursor, Enrollment, Lecture, Major, OpenTime, Professor,
  Section, SectionMeeting, Staff, Student, WaitlistEntry,
];
