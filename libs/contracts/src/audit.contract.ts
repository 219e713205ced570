/** The records the staff audit log covers (StaffChangeRunner's `entity`): the API's filter and the change-log page. */
export const AUDITED_ENTITIES = ['major', 'professor', 'lecture', 'section', 'student', 'staff', 'open_time'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];
