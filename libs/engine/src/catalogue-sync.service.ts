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
/**
 * mark: to clear if MySQL refuses the delete ('' when Redis did not have it); busy: another delete of
 * it is under way; notReady: a rebuild is under way (try again shortly).
 */
export type RetireChange = { ok: true; seq: number; mark: string } | { ok: false; held: number; waiting: number; busy?: boolean; notReady?: boolean };

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
   * Marks a section being deleted as gone in Redis (its requests are decided SECTION_NOT_FOUND);
   * refuses while a seat in it is held or awaited (Redis knows of a grant before MySQL does).
   * Called before the staff API's MySQL transaction: then untilDurable(seq), so that MySQL's
   * foreign keys judge the delete with every earlier decision (a grant and its drop) written.
   * restoreSection clears the mark if MySQL refuses; sectionGone after the commit.
   */
  abstract retireSection(sectionId: number): Promise<RetireChange>;
  /** The same for a student being deleted (also refused while they have a request in line). */
  abstract retireStudent(studentId: number): Promise<RetireChange>;
  /** Clears a delete's mark on a section (MySQL refused the delete). */
  abstract restoreSection(sectionId: number, mark: string): Promise<void>;
  /** Clears a delete's mark on a student. */
  abstract restoreStudent(studentId: number, mark: string): Promise<void>;
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
