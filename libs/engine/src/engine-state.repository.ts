import type { DataSource } from 'typeorm';
import type { DrawnPlace } from './engine-scripts.js';

export interface SectionState { id: number; capacity: number; lectureId: number; credits: number; majorId: number; generalEducation: boolean; slots: number[]; waitlist: boolean }
export interface StudentState { id: number; maxCredits: number; majorId: number; grade: number }
export interface EnrollmentState { studentId: number; sectionId: number; lectureId: number; credits: number; requestId: string }
export interface PendingRequest { requestId: string; studentId: number; sectionId: number; position: number; waitlist: boolean; acceptedAt: number }
export interface WaitlistState { studentId: number; sectionId: number; requestId: string; position: number }

/** A weekly slot number: day 1–7, period 1–30 → day * 32 + period. */
export const slotOf = (day: number, period: number) => day * 32 + period;
/** Every weekly slot a section's meetings take. */
export const slotsOf = (meetings: readonly { day: number; startPeriod: number; endPeriod: number }[]) =>
  meetings.flatMap((m) => Array.from({ length: m.endPeriod - m.startPeriod + 1 }, (_, i) => slotOf(m.day, m.startPeriod + i)));

/** The MySQL reads the engine needs to (re)build its Redis state. One query per kind, no N+1. */
export class EngineStateRepository {
  constructor(private readonly ds: DataSource) {}

  async sections(ids?: number[]): Promise<SectionState[]> {
    const where = ids ? `WHERE s.id IN (${ids.map(() => '?').join(',') || 'NULL'})` : '';
    const rows: { id: number; capacity: number; lec: number; credits: number; maj: number; ge: number; wl: number }[] = await this.ds.query(
      `SELECT s.id, s.capacity, l.id AS lec, l.credits, l.major_id AS maj, m.general_education AS ge, s.waitlist_enabled AS wl
         FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id ${where}`,
      ids ?? [],
    );
    const meetings: { section_id: number; day: number; start_period: number; end_period: number }[] = await this.ds.query(
      `SELECT section_id, day, start_period, end_period FROM section_meeting ${ids ? `WHERE section_id IN (${ids.map(() => '?').join(',') || 'NULL'})` : ''}`,
      ids ?? [],
    );
    const slots = new Map<number, number[]>();
    for (const m of meetings) {
      const list = slots.get(Number(m.section_id)) ?? [];
      list.push(...slotsOf([{ day: Number(m.day), startPeriod: Number(m.start_period), endPeriod: Number(m.end_period) }]));
      slots.set(Number(m.section_id), list);
    }
    return rows.map((r) => ({
      id: Number(r.id), capacity: Number(r.capacity), lectureId: Number(r.lec), credits: Number(r.credits),
      majorId: Number(r.maj), generalEducation: Boolean(Number(r.ge)), slots: slots.get(Number(r.id)) ?? [], waitlist: Boolean(Number(r.wl)),
    }));
  }

  /** Which of these section or student ids MySQL has (ids only: a rebuild's check for deleted ones). */
  async existingIds(table: 'section' | 'student', ids: number[]): Promise<Set<number>> {
    const present = new Set<number>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const rows: { id: number }[] = await this.ds.query(`SELECT id FROM ${table} WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) present.add(Number(r.id));
    }
    return present;
  }

  async students(ids?: number[]): Promise<StudentState[]> {
    const rows: { id: number; max_credits: number; major_id: number; grade: number }[] = await this.ds.query(
      `SELECT id, max_credits, major_id, grade FROM student ${ids ? `WHERE id IN (${ids.map(() => '?').join(',') || 'NULL'})` : ''}`,
      ids ?? [],
    );
    return rows.map((r) => ({ id: Number(r.id), maxCredits: Number(r.max_credits), majorId: Number(r.major_id), grade: Number(r.grade) }));
  }

  async enrollments(filter?: { studentIds?: number[]; sectionIds?: number[] }): Promise<EnrollmentState[]> {
    let where = '';
    let params: number[] = [];
    if (filter?.studentIds) { where = `WHERE student_id IN (${filter.studentIds.map(() => '?').join(',') || 'NULL'})`; params = filter.studentIds; }
    if (filter?.sectionIds) { where = `WHERE section_id IN (${filter.sectionIds.map(() => '?').join(',') || 'NULL'})`; params = filter.sectionIds; }
    const rows: { student_id: number; section_id: number; lecture_id: number; credits: number; request_id: string }[] = await this.ds.query(
      `SELECT student_id, section_id, lecture_id, credits, request_id FROM enrollment ${where}`, params,
    );
    return rows.map((r) => ({ studentId: Number(r.student_id), sectionId: Number(r.section_id), lectureId: Number(r.lecture_id), credits: Number(r.credits), requestId: r.request_id }));
  }

  async waitlist(): Promise<WaitlistState[]> {
    const rows: { student_id: number; section_id: number; request_id: string; position: string }[] = await this.ds.query(
      // Insertion order is decision order (the committer writes them in seq order), which place order is not always.
      'SELECT student_id, section_id, request_id, position FROM waitlist_entry ORDER BY section_id, id',
    );
    return rows.map((r) => ({ studentId: Number(r.student_id), sectionId: Number(r.section_id), requestId: r.request_id, position: Number(r.position) }));
  }

  async committedSeq(stream = 'main'): Promise<number> {
    const rows: { committed_seq: string }[] = await this.ds.query('SELECT committed_seq FROM engine_cursor WHERE name = ?', [stream]);
    return rows.length ? Number(rows[0]!.committed_seq) : 0;
  }

  /**
   * Starts a new engine epoch in MySQL under the cursor's row lock and returns the committed seq:
   * from here on a committer still holding decisions of the old Redis state cannot commit them
   * (the fence in CommitRepository), so what this rebuild reads next stays the whole truth.
   */
  async fenceEpoch(epoch: string, stream = 'main'): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query('INSERT IGNORE INTO engine_cursor (name, committed_seq, updated_at) VALUES (?, 0, NOW(3))', [stream]);
      const rows: { committed_seq: string }[] = await m.query('SELECT committed_seq FROM engine_cursor WHERE name = ? FOR UPDATE', [stream]);
      await m.query('UPDATE engine_cursor SET epoch = ?, updated_at = NOW(3) WHERE name = ?', [epoch, stream]);
      return Number(rows[0]?.committed_seq ?? 0);
    });
  }

  /** Accepted requests with no decision yet (journaled by the API), in line order. */
  async pendingRequests(): Promise<PendingRequest[]> {
    const rows: { request_id: string; student_id: number; section_id: number; position: string; waitlist: number; accepted_at: Date }[] = await this.ds.query(
      `SELECT j.request_id, j.student_id, j.section_id, j.position, j.waitlist, j.accepted_at
         FROM intake_journal j LEFT JOIN decision_log d ON d.request_id = j.request_id
        WHERE d.request_id IS NULL ORDER BY j.position`,
    );
    return rows.map((r) => ({
      requestId: r.request_id, studentId: Number(r.student_id), sectionId: Number(r.section_id), position: Number(r.position),
      waitlist: Boolean(Number(r.waitlist)), acceptedAt: new Date(r.accepted_at).getTime(),
    }));
  }

  /**
   * The places a RANDOM_AT_OPEN draw handed out, into the journal (its requests were journaled at
   * place 0): a rebuild after a Redis loss then puts each back at the place it drew. Written whole
   * (an upsert), because the API's own row may not have landed yet (it batches every ~10 ms): its
   * INSERT IGNORE then keeps this one. A row re-added for a request already decided is harmless
   * (the rebuild skips decided requests and purges their rows).
   */
  async journalPlaces(places: readonly DrawnPlace[]): Promise<void> {
    for (let i = 0; i < places.length; i += 1000) {
      const chunk = places.slice(i, i + 1000);
      await this.ds.query(
        `INSERT INTO intake_journal (request_id, student_id, section_id, position, waitlist, accepted_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE position = IF(position = 0, VALUES(position), position)`,
        chunk.flatMap((p) => [p.requestId, p.studentId, p.sectionId, p.position, p.waitlist ? 1 : 0, new Date(p.acceptedAt)]),
      );
    }
  }

  /** Journal rows whose request is decided (rows that landed after their decision committed). */
  async purgeDecidedJournal(): Promise<void> {
    await this.ds.query('DELETE j FROM intake_journal j JOIN decision_log d ON d.request_id = j.request_id');
  }

  /** The highest place in line MySQL knows of: places handed out after a wipe start above it. */
  async maxPosition(): Promise<number> {
    const rows: { p: string | null }[] = await this.ds.query(
      'SELECT GREATEST(COALESCE((SELECT MAX(position) FROM decision_log), 0), COALESCE((SELECT MAX(position) FROM intake_journal), 0)) AS p',
    );
    return Number(rows[0]?.p ?? 0);
  }
}
