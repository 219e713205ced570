import { Injectable } from '@nestjs/common';

export type CapacityChange = { ok: true } | { ok: false; enrolled: number };

/**
 * What staff changes to the catalogue must tell the engine, so Redis (which decides) never
 * disagrees with MySQL (which records). The staff API calls these after its MySQL write commits.
 */
@Injectable()
export abstract class CatalogueSync {
  /** Atomically sets a section's capacity in Redis; refuses to go below current enrolment. */
  abstract setCapacity(sectionId: number, capacity: number): Promise<CapacityChange>;
  /**
   * Atomically moves a section's meetings in Redis; refuses while anyone holds a seat in it (Redis
   * knows of a grant before MySQL does). Called inside the staff API's MySQL transaction.
   */
  abstract setMeetings(sectionId: number, meetings: readonly { day: number; startPeriod: number; endPeriod: number }[]): Promise<CapacityChange>;
  /** Re-loads one section (lecture, credits, meetings, major) from MySQL into Redis. */
  abstract sectionChanged(sectionId: number): Promise<void>;
  /** Removes a deleted section from Redis. */
  abstract sectionDeleted(sectionId: number): Promise<void>;
  /** Re-loads one student's limits (major, grade, max credits) from MySQL into Redis. */
  abstract studentChanged(studentId: number): Promise<void>;
  /** Drops the cached windows so the next enroll call re-reads open_time. */
  abstract windowsChanged(): Promise<void>;
}
