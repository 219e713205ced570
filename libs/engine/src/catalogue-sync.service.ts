import { Injectable } from '@nestjs/common';
import type { RetireResult, Retiree } from './engine-scripts.js';

/**
 * gone: MySQL no longer has the section (a delete committed meanwhile). rebuilding: a prime or
 * reconcile is running, and a change that holds may not start (nothing changed; try again).
 */
export type CapacityChange = { ok: true } | { ok: false; enrolled: number; gone?: boolean; rebuilding?: boolean };
/** The lecture a section belongs to, as the seat gate reads it. */
export interface SectionLecture { id: number; credits: number; majorId: number; generalEducation: boolean }
/** A change of what a section is: its meetings, its lecture, or both. */
export interface SectionReshape {
  meetings?: readonly { day: number; startPeriod: number; endPeriod: number }[];
  lecture?: SectionLecture;
}

/**
 * What staff changes to the catalogue must tell the engine, so Redis (which decides) never
 * disagrees with MySQL (which records). The staff API calls these after its MySQL write commits.
 */
@Injectable()
export abstract class CatalogueSync {
  /**
   * Atomically sets a section's capacity in Redis; refuses to go below current enrolment. `hold`: a
   * staff change's token (includes/sectionHold.lua): the section is held in the same step, so no
   * request for it is decided until releaseHolds (after the MySQL commit, or after the undo).
   */
  abstract setCapacity(sectionId: number, capacity: number, hold?: string): Promise<CapacityChange>;
  /**
   * Atomically moves a section's meetings and/or moves it to another lecture in Redis; refuses while
   * anyone holds a seat in it (Redis knows of a grant before MySQL does). Called inside the staff
   * API's MySQL transaction, with a `hold` as setCapacity; sectionsChanged undoes it if that
   * transaction fails.
   */
  abstract reshapeSection(sectionId: number, change: SectionReshape, hold?: string): Promise<CapacityChange>;
  /**
   * Atomically sets the credits of a lecture's sections in Redis; refuses while anyone holds a seat
   * in one of them. Called inside the staff API's MySQL transaction, like reshapeSection.
   */
  abstract setCredits(sectionIds: readonly number[], credits: number, hold?: string): Promise<CapacityChange>;
  /**
   * Right before the staff change's COMMIT: whether it still holds these sections, extending the
   * hold for the commit. False: the hold lapsed (the transaction outlived it) and the worker may have
   * reloaded the sections from MySQL's old values; the change must roll back.
   */
  abstract confirmHolds(sectionIds: readonly number[], hold: string): Promise<boolean>;
  /**
   * Releases a staff change's hold on these sections (other changes holding one keep it held):
   * how many of them this change still held (fewer: its hold lapsed, and Redis may hold MySQL's
   * values from before the commit).
   */
  abstract releaseHolds(sectionIds: readonly number[], hold: string): Promise<number>;
  /** Atomically sets a student's credit limit in Redis; refuses below the credits they hold there (enrolled: those credits). */
  abstract setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityChange>;
  /**
   * Re-loads sections (lecture, credits, meetings, major) from MySQL into Redis, in one read and one
   * pipeline however many (a lecture edit touches all of its sections). `create`: also when Redis
   * does not have one (a new section, a delete MySQL refused); otherwise a section Redis no longer
   * has stays gone (a refresh racing a delete must not bring it back).
   */
  abstract sectionsChanged(sectionIds: readonly number[], create?: boolean): Promise<void>;
  /**
   * Marks a section or student being deleted as gone in Redis (requests for it are decided
   * SECTION_NOT_FOUND / NOT_ELIGIBLE); refuses while a seat there is held or awaited, or (a student)
   * a request is in line: Redis knows of a grant before MySQL does. Called before the staff API's
   * MySQL transaction: then untilDurable(seq), so that MySQL's foreign keys judge the delete with
   * every earlier decision (a grant and its drop) written. restore clears the mark if MySQL
   * refuses; forgetDeleted after the commit.
   */
  abstract retire(who: Retiree, id: number): Promise<RetireResult>;
  /** Clears a delete's own mark (MySQL refused the delete). */
  abstract restore(who: Retiree, id: number, mark: string): Promise<void>;
  /** Whether every decision up to `seq` is durable in MySQL within `timeoutMs`. */
  abstract untilDurable(seq: number, timeoutMs: number): Promise<boolean>;
  /** After a delete committed: removes the keys (and what a refresh or rebuild running alongside wrote back). */
  abstract forgetDeleted(who: Retiree, id: number): Promise<void>;
  /** Re-loads one student's limits (major, grade, max credits) from MySQL into Redis (`create`: as sectionsChanged). */
  abstract studentChanged(studentId: number, create?: boolean): Promise<void>;
  /** Drops the cached windows so the next enroll call re-reads open_time. */
  abstract windowsChanged(): Promise<void>;
  /** Whether this opening draw (enrollment-gate.ts drawId) has requests waiting and is not held yet. */
  abstract drawPending(drawId: string): Promise<boolean>;
}
