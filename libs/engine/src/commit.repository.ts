import type { DataSource } from 'typeorm';
import type { DecisionEntry } from './decision-entry.js';
import { planBatch } from './decision-batch.js';

const ms = (t: number) => new Date(t);

export interface CommitResult { written: number; statements: number; inserts: number; insertedRows: number; committedSeq: number }

/**
 * Writes a batch of decisions to MySQL in one transaction, exactly once: the stream cursor
 * (engine_cursor) is read FOR UPDATE and advanced in the same transaction, so a replayed or
 * concurrent batch (a second committer after a lock hand-over) skips what is already durable.
 */
export class CommitRepository {
  constructor(private readonly ds: DataSource, private readonly stream = 'main') {}

  /**
   * Returns the number of decisions written (0 when the batch was already durable), the SQL
   * statements it took, and the multi-row INSERTs with their row count (the batching figure).
   */
  async commit(all: readonly DecisionEntry[]): Promise<CommitResult> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let statements = 0;
    let inserts = 0;
    let insertedRows = 0;
    const q = async (sql: string, params: unknown[] = []) => { statements++; return qr.query(sql, params); };
    const insert = async (rows: number, sql: string, params: unknown[]) => { inserts++; insertedRows += rows; return q(sql, params); };
    try {
      await qr.startTransaction('READ COMMITTED');
      await q(`INSERT IGNORE INTO engine_cursor (name, committed_seq, updated_at) VALUES (?, 0, NOW(3))`, [this.stream]);
      const [row] = await q(`SELECT committed_seq FROM engine_cursor WHERE name = ? FOR UPDATE`, [this.stream]);
      const cursor = Number(row.committed_seq);
      const entries = all.filter((e) => e.seq > cursor);
      if (!entries.length) {
        await qr.commitTransaction();
        return { written: 0, statements, inserts, insertedRows, committedSeq: cursor };
      }
      const plan = planBatch(entries);
      const now = new Date();
      if (plan.deletes.length) {
        await q(`DELETE FROM enrollment WHERE (student_id, section_id) IN (${plan.deletes.map(() => '(?, ?)').join(', ')})`,
          plan.deletes.flatMap((d) => [d.studentId, d.sectionId]));
      }
      if (plan.inserts.length) {
        await insert(plan.inserts.length, `INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES ${plan.inserts.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          plan.inserts.flatMap((e) => [e.studentId, e.sectionId, e.lectureId, e.credits, e.requestId, ms(e.decidedAt)]));
      }
      const deltas = [...plan.countDeltas].filter(([, d]) => d !== 0);
      if (deltas.length) {
        await q(`UPDATE section s JOIN (${deltas.map(() => 'SELECT ? AS id, ? AS d').join(' UNION ALL ')}) t ON t.id = s.id SET s.enrolled_count = s.enrolled_count + t.d`,
          deltas.flat());
      }
      if (plan.waitlistDeletes.length) {
        await q(`DELETE FROM waitlist_entry WHERE request_id IN (${plan.waitlistDeletes.map(() => '?').join(', ')})`, plan.waitlistDeletes);
      }
      if (plan.waitlistInserts.length) {
        await insert(plan.waitlistInserts.length, `INSERT IGNORE INTO waitlist_entry (student_id, section_id, request_id, position) VALUES ${plan.waitlistInserts.map(() => '(?, ?, ?, ?)').join(', ')}`,
          plan.waitlistInserts.flatMap((e) => [e.studentId, e.sectionId, e.requestId, e.position ?? 0]));
      }
      await insert(plan.log.length,
        `INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at)
         VALUES ${plan.log.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE seq = VALUES(seq), outcome = VALUES(outcome), reason = VALUES(reason),
           decided_at = VALUES(decided_at), committed_at = VALUES(committed_at)`,
        plan.log.flatMap((e) => [e.requestId, e.seq, e.studentId, e.sectionId, e.action, e.outcome, e.reason, e.position, e.staffId, ms(e.decidedAt), now]),
      );
      const last = entries[entries.length - 1]!.seq;
      await q(`UPDATE engine_cursor SET committed_seq = ?, updated_at = NOW(3) WHERE name = ?`, [last, this.stream]);
      await qr.commitTransaction();
      return { written: entries.length, statements, inserts, insertedRows, committedSeq: last };
    } catch (err) {
      await qr.rollbackTransaction().catch(() => {});
      throw err;
    } finally {
      await qr.release();
    }
  }
}
