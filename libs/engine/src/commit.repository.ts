import type { Pool } from 'mysql2/promise';
import type { DecisionEntry } from './decision-entry.js';
import { planBatch } from './decision-batch.js';

const ms = (t: number) => new Date(t);

export interface CommitResult { written: number; statements: number; inserts: number; insertedRows: number; committedSeq: number }

/**
 * Writes a batch of decisions to MySQL in one transaction, exactly once: the stream cursor
 * (engine_cursor) is read FOR UPDATE and advanced in the same transaction, so a replayed or
 * concurrent batch (a second committer after a lock hand-over) skips what is already durable.
 *
 * Two round trips per batch whatever its size: (1) begin + lock the cursor, (2) every write,
 * the cursor update and COMMIT as one multi-statement packet. Round trips, not rows, were the
 * cost: the committer shares its process with hundreds of jobs, and each reply waits for a turn
 * of that event loop.
 */
export class CommitRepository {
  private cursorReady = false;

  constructor(private readonly pool: Pool, private readonly stream = 'main') {}

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Returns the number of decisions written (0 when the batch was already durable), the SQL
   * statements it took, and the multi-row INSERTs with their row count (the batching figure).
   */
  async commit(all: readonly DecisionEntry[]): Promise<CommitResult> {
    const conn = await this.pool.getConnection();
    let open = false;
    try {
      if (!this.cursorReady) {
        await conn.query('INSERT IGNORE INTO engine_cursor (name, committed_seq, updated_at) VALUES (?, 0, NOW(3))', [this.stream]);
        this.cursorReady = true;
      }
      open = true;
      const [results] = (await conn.query(
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; SELECT committed_seq FROM engine_cursor WHERE name = ? FOR UPDATE',
        [this.stream],
      )) as unknown as [unknown[]];
      const rows = results[2] as { committed_seq: string }[];
      const cursor = Number(rows[0]?.committed_seq ?? 0);
      const entries = all.filter((e) => e.seq > cursor);
      if (!entries.length) {
        await conn.query('COMMIT');
        open = false;
        return { written: 0, statements: 4, inserts: 0, insertedRows: 0, committedSeq: cursor };
      }
      const w = writes(entries, this.stream);
      await conn.query(w.sql.join('; '), w.params);
      open = false;
      return { written: entries.length, statements: 3 + w.sql.length, inserts: w.inserts, insertedRows: w.insertedRows, committedSeq: w.last };
    } catch (err) {
      if (open) await conn.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }
}

/** The batch's net writes as statements (ending with the cursor update and COMMIT). */
function writes(entries: readonly DecisionEntry[], stream: string) {
  const plan = planBatch(entries);
  const sql: string[] = [];
  const params: unknown[] = [];
  let inserts = 0;
  let insertedRows = 0;
  const add = (s: string, p: unknown[], insertRows = 0) => {
    sql.push(s);
    params.push(...p);
    if (insertRows) { inserts++; insertedRows += insertRows; }
  };
  const now = new Date();
  if (plan.deletes.length) {
    add(`DELETE FROM enrollment WHERE (student_id, section_id) IN (${plan.deletes.map(() => '(?, ?)').join(', ')})`,
      plan.deletes.flatMap((d) => [d.studentId, d.sectionId]));
  }
  if (plan.inserts.length) {
    add(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES ${plan.inserts.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      plan.inserts.flatMap((e) => [e.studentId, e.sectionId, e.lectureId, e.credits, e.requestId, ms(e.decidedAt)]), plan.inserts.length);
  }
  const deltas = [...plan.countDeltas].filter(([, d]) => d !== 0);
  if (deltas.length) {
    add(`UPDATE section SET enrolled_count = enrolled_count + CASE id ${deltas.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${deltas.map(() => '?').join(', ')})`,
      [...deltas.flat(), ...deltas.map(([id]) => id)]);
  }
  if (plan.waitlistDeletes.length) {
    add(`DELETE FROM waitlist_entry WHERE request_id IN (${plan.waitlistDeletes.map(() => '?').join(', ')})`, plan.waitlistDeletes);
  }
  if (plan.waitlistInserts.length) {
    add(`INSERT IGNORE INTO waitlist_entry (student_id, section_id, request_id, position) VALUES ${plan.waitlistInserts.map(() => '(?, ?, ?, ?)').join(', ')}`,
      plan.waitlistInserts.flatMap((e) => [e.studentId, e.sectionId, e.requestId, e.position ?? 0]), plan.waitlistInserts.length);
  }
  add(
    `INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at)
     VALUES ${plan.log.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE seq = VALUES(seq), outcome = VALUES(outcome), reason = VALUES(reason),
       decided_at = VALUES(decided_at), committed_at = VALUES(committed_at)`,
    plan.log.flatMap((e) => [e.requestId, e.seq, e.studentId, e.sectionId, e.action, e.outcome, e.reason, e.position, e.staffId, ms(e.decidedAt), now]),
    plan.log.length,
  );
  const last = entries[entries.length - 1]!.seq;
  add('UPDATE engine_cursor SET committed_seq = ?, updated_at = NOW(3) WHERE name = ?', [last, stream]);
  add('COMMIT', []);
  return { sql, params, inserts, insertedRows, last };
}
