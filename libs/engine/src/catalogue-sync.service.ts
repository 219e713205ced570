import { Injectable } from '@nestjs/common';

/** retiring: the section is being deleted (a staff delete has it out of Redis). */
export type CapacityChange = { ok: true } | { ok: false; enrolled: number; retiring?: boolean };
/** The lecture a section belongs to, as the seat gate reads it. */
export interface SectionLecture { id: number; credits: number; majorId: number; generalEducation: boolean }
/** A change of what a section is: its meetings, its lecture, or both. */
export interface SectionReshape {
  meetings?: readonly { day: number; startPeriod: number; endPeriod: number }[];
  lecture?: SectionLecture;
}
/** A section or student being deleted: gone from the engine, or still holding or awaiting seats there. */
export type RetireChange = { ok: true; seq: number; moved: boolean } | { ok: false; held: number; waiting: number };

/**
 * What staff changes to the catalogue must tell the engine, so Redis (which decides) never
 * disagrees with MySQL (which records). The staff API calls these after its MySQL write commits.
 */
@Injectable()
export abstract class CatalogueSync {
  /** Atomically sets a section's capacity in Redis; refuses to go below current enrolment. */
  abstract setCapacity(sectionId: number, capacity: number): Promise<CapacityChange>;
  /**
   * Atomically moves a section's meetings and/or moves it to another lecture in Redis; refuses while
   * anyone holds a seat in it (Redis knows of a grant before MySQL does). Called inside the staff
   * API's MySQL transaction; sectionChanged undoes it if that transaction fails.
   */
  abstract reshapeSection(sectionId: number, change: SectionReshape): Promise<CapacityChange>;
  /**
   * Atomically sets the credits of a lecture's sections in Redis; refuses while anyone holds a seat
   * in one of them. Called inside the staff API's MySQL transaction, like reshapeSection.
   */
  abstract setCredits(sectionIds: readonly number[], credits: number): Promise<CapacityChange>;
  /** Atomically sets a student's credit limit in Redis; refuses below the credits they hold there (enrolled: those credits). */
  abstract setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityChange>;
  /**
   * Re-loads one section (lecture, credits, meetings, major) from MySQL into Redis. `create`: also
   * when Redis does not have it (a new section, a delete MySQL refused); otherwise a section Redis
   * no longer has stays gone (a refresh racing a delete must not bring it back).
   */
  abstract sectionChanged(sectionId: number, create?: boolean): Promise<void>;
  /**
   * Removes a section being deleted from Redis; refuses while a seat in it is held or awaited
   * (Redis knows of a grant before MySQL does). Called inside the staff API's MySQL transaction,
   * before MySQL's delete: then untilDurable(seq), so that MySQL's foreign keys judge the delete
   * with every earlier decision (a grant and its drop) written. restoreSection puts it back if
   * MySQL refuses (when `moved`); sectionGone after the commit.
   */
  abstract retireSection(sectionId: number): Promise<RetireChange>;
  /** The same for a student being deleted (restoreStudent, studentGone). */
  abstract retireStudent(studentId: number): Promise<RetireChange>;
  /** Puts back a section a retire took out, as it was (MySQL refused the delete). */
  abstract restoreSection(sectionId: number): Promise<void>;
  /** Puts back a student a retire took out, as they were. */
  abstract restoreStudent(studentId: number): Promise<void>;
  /** Whether every decision up to `seq` is durable in MySQL within `timeoutMs`. */
  abstract untilDurable(seq: number, timeoutMs: number): Promise<boolean>;
  /** After a section's delete committed: removes what a refresh or rebuild running alongside wrote back. */
  abstract sectionGone(sectionId: number): Promise<void>;
  /** After a student's delete committed: the same. */
  abstract studentGone(studentId: number): Promise<void>;
  /** Re-loads one student's limits (major, grade, max credits) from MySQL into Redis (`create`: as sectionChanged). */
  abstract studentChanged(studentId: number, create?: boolean): Promise<void>;
  /** Drops the cached windows so the next enroll call re-reads open_time. */
  abstract windowsChanged(): Promise<void>;
}
