import type { Pool, PoolConnection } from 'mysql2/promise';
import type { DecisionEntry } from './decision-entry.js';
import { planBatch } from './decision-batch.js';
import { int, str, utc } from './sql-literals.js';

/** The batch's decisions belong to a Redis state a rebuild has replaced: drop them, do not commit. */
export class StaleEpochError extends Error {
  constructor(readonly mine: string | null, readonly current: string | null) { super(`decisions of engine epoch ${mine} are stale (MySQL is at ${current})`); this.name = 'StaleEpochError'; }
}

/**
 * Redis hands out decision seqs MySQL already has, for requests MySQL has never seen: Redis came
 * back older than MySQL (a restart from a stale AOF, a failover to a lagging replica).
 */
export class RedisBehindError extends Error {
  constructor(readonly cursor: number, readonly example: string) { super(`Redis is behind MySQL: seq ≤ ${cursor} reused (e.g. request ${example})`); this.name = 'RedisBehindError'; }
}

export interface CommitResult {
  written: number; statements: number; inserts: number; insertedRows: number; committedSeq: number;
  /** Decisions whose enrollment or waitlist row was skipped: their student or section is gone from MySQL. */
  orphaned: DecisionEntry[];
  /** Sections whose capacity in MySQL was raised to the seats Redis granted there (see commit()). */
  capacityRaised: number[];
}

/** MySQL's "a foreign key constraint fails" on an insert (ER_NO_REFERENCED_ROW_2). */
const isMissingReference = (err: unknown) => (err as { errno?: number } | null)?.errno === 1452;
/** MariaDB's "CONSTRAINT ck_section_enrolled failed" (ER_CONSTRAINT_FAILED): more seats than MySQL's capacity. */
const isOverCapacity = (err: unknown) => {
  const e = err as { errno?: number; message?: string } | null;
  return (e?.errno === 4025 || e?.errno === 3819) && /ck_section_enrolled/.test(e?.message ?? '');
};

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
    // A connection MySQL already dropped makes end() throw; closing must not fail the shutdown.
    await this.pool.end().catch(() => {});
  }

  /**
   * Returns the number of decisions written (0 when the batch was already durable), the SQL
   * statements it took, and the multi-row INSERTs with their row count (the batching figure).
   */
  async commit(all: readonly DecisionEntry[], epoch: string | null = null): Promise<CommitResult> {
    let orphans: Set<DecisionEntry> | null = null;
    let raiseCapacity = false;
    // Each repair below is tried once (its flag), so a batch is tried at most three times.
    for (;;) {
      try {
        return await this.commitOnce(all, epoch, orphans, raiseCapacity);
      } catch (err) {
        // Retried as is, these batches would fail forever and stop every commit after them:
        if (isMissingReference(err) && !orphans) {
          // Staff deleted a student or a section between a request's acceptance and this commit (the
          // staff API refuses while Redis holds a seat for them, but a request still in line is
          // decided after): the rows its decision implies cannot be written. The decision is still logged.
          orphans = await this.orphansOf(all);
        } else if (isOverCapacity(err) && !raiseCapacity) {
          // Redis granted more seats than MySQL's capacity (a capacity change Redis lost or refused to
          // undo): the seats are granted and the students told, so MySQL's capacity is raised to them
          // (the committer logs it as an error) rather than every later commit stopped.
          raiseCapacity = true;
        } else {
          throw err;
        }
      }
    }
  }

  /**
   * Sections these decisions (the ones the batch writes: above the cursor, orphans left out) would take
   * past MySQL's capacity; read inside the batch's transaction.
   */
  private async overCapacity(conn: PoolConnection, entries: readonly DecisionEntry[]): Promise<Set<number>> {
    const grown = [...planBatch(entries).countDeltas].filter(([, d]) => d > 0);
    if (!grown.length) return new Set();
    const [rows] = (await conn.query(`SELECT id, capacity, enrolled_count FROM section WHERE id IN (${grown.map(([id]) => int(id)).join(', ')}) FOR UPDATE`)) as unknown as [
      { id: number; capacity: number; enrolled_count: number }[],
    ];
    const delta = new Map(grown);
    return new Set(rows.filter((r) => Number(r.enrolled_count) + (delta.get(Number(r.id)) ?? 0) > Number(r.capacity)).map((r) => Number(r.id)));
  }

  /** The batch's decisions whose student or section MySQL no longer has. */
  private async orphansOf(all: readonly DecisionEntry[]): Promise<Set<DecisionEntry>> {
    const ids = (pick: (e: DecisionEntry) => number) => [...new Set(all.map(pick))].map(int).join(', ');
    const [[students], [sections]] = (await Promise.all([
      this.pool.query(`SELECT id FROM student WHERE id IN (${ids((e) => e.studentId)})`),
      this.pool.query(`SELECT id FROM section WHERE id IN (${ids((e) => e.sectionId)})`),
    ])) as unknown as [[{ id: number }[]], [{ id: number }[]]];
    const student = new Set(students.map((r) => Number(r.id)));
    const section = new Set(sections.map((r) => Number(r.id)));
    return new Set(all.filter((e) => !student.has(e.studentId) || !section.has(e.sectionId)));
  }

  private async commitOnce(all: readonly DecisionEntry[], epoch: string | null, orphans: Set<DecisionEntry> | null, raiseCapacity = false): Promise<CommitResult> {
    const conn = await this.pool.getConnection();
    let open = false;
    try {
      if (!this.cursorReady) {
        await conn.query('INSERT IGNORE INTO engine_cursor (name, committed_seq, updated_at) VALUES (?, 0, NOW(3))', [this.stream]);
        this.cursorReady = true;
      }
      open = true;
      const [results] = (await conn.query(
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; SELECT committed_seq, epoch FROM engine_cursor WHERE name = ? FOR UPDATE',
        [this.stream],
      )) as unknown as [unknown[]];
      const rows = results[2] as { committed_seq: string; epoch: string | null }[];
      const cursor = Number(rows[0]?.committed_seq ?? 0);
      const current = rows[0]?.epoch ?? null;
      // The fence: a rebuild moved MySQL to a new epoch, so these decisions are from the old state.
      if (epoch && current && epoch !== current) throw new StaleEpochError(epoch, current);
      const replayed = all.filter((e) => e.seq <= cursor);
      if (replayed.length) {
        // A replay is normal (a batch committed, then its committer died before saying so): its
        // requests are in decision_log. Seqs at or below the cursor for unknown requests are not.
        const ids = replayed.map((e) => e.requestId);
        const [known] = (await conn.query(`SELECT request_id FROM decision_log WHERE request_id IN (${ids.map(() => '?').join(', ')})`, ids)) as unknown as [{ request_id: string }[]];
        const have = new Set(known.map((r) => r.request_id));
        const foreign = ids.find((id) => !have.has(id));
        if (foreign) throw new RedisBehindError(cursor, foreign);
      }
      const entries = all.filter((e) => e.seq > cursor);
      if (!entries.length) {
        await conn.query('COMMIT');
        open = false;
        return { written: 0, statements: 4, inserts: 0, insertedRows: 0, committedSeq: cursor, orphaned: [], capacityRaised: [] };
      }
      const raise = raiseCapacity ? await this.overCapacity(conn, orphans ? entries.filter((e) => !orphans.has(e)) : entries) : null;
      const w = writes(entries, this.stream, epoch && !current ? epoch : null, orphans, raise);
      await conn.query(w.sql.join('; '));
      open = false;
      return {
        written: entries.length, statements: 3 + w.sql.length, inserts: w.inserts, insertedRows: w.insertedRows, committedSeq: w.last,
        orphaned: orphans ? entries.filter((e) => orphans.has(e)) : [],
        capacityRaised: w.capacityRaised,
      };
    } catch (err) {
      // A failed multi-statement packet stops at the failing statement, so COMMIT never ran.
      if (open) await conn.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }
}

/**
 * One decision_log row's VALUES tuple (committedAt: a utc() literal shared by the batch); exported
 * for scripts/bench/probes/sql-format.mjs, which times it against placeholder formatting.
 */
export function decisionLogRow(e: DecisionEntry, committedAt: string): string {
  return `(${str(e.requestId)}, ${int(e.seq)}, ${int(e.studentId)}, ${int(e.sectionId)}, ${str(e.action)}, ${str(e.outcome)}, ${str(e.reason)}, ${int(e.position)}, ${int(e.staffId)}, ${utc(e.decidedAt)}, ${committedAt})`;
}

/**
 * The batch's net writes as statements (ending with the cursor update and COMMIT), with their
 * values written in as literals (sql-literals.ts: checked by type, escaped otherwise). `orphans`:
 * decisions that get their decision_log row only (their student or section is gone).
 */
function writes(entries: readonly DecisionEntry[], stream: string, adoptEpoch: string | null, orphans: Set<DecisionEntry> | null = null, raiseCapacity: Set<number> | null = null) {
  const full = planBatch(entries);
  const log = full.log;
  const plan = orphans?.size ? planBatch(entries.filter((e) => !orphans.has(e))) : full;
  const sql: string[] = [];
  let inserts = 0;
  let insertedRows = 0;
  const add = (s: string, insertRows = 0) => {
    sql.push(s);
    if (insertRows) { inserts++; insertedRows += insertRows; }
  };
  const now = utc(Date.now());
  if (plan.deletes.length) {
    add(`DELETE FROM enrollment WHERE (student_id, section_id) IN (${plan.deletes.map((d) => `(${int(d.studentId)}, ${int(d.sectionId)})`).join(', ')})`);
  }
  if (plan.inserts.length) {
    add(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES ${plan.inserts.map((e) =>
      `(${int(e.studentId)}, ${int(e.sectionId)}, ${int(e.lectureId)}, ${int(e.credits)}, ${str(e.requestId)}, ${utc(e.decidedAt)})`).join(', ')}`,
    plan.inserts.length);
  }
  const deltas = [...plan.countDeltas].filter(([, d]) => d !== 0);
  const grown = deltas.filter(([id, d]) => d > 0 && raiseCapacity?.has(id));
  if (grown.length) {
    add(`UPDATE section SET capacity = GREATEST(capacity, enrolled_count + CASE id ${grown.map(([id, d]) => `WHEN ${int(id)} THEN ${int(d)}`).join(' ')} END) WHERE id IN (${grown.map(([id]) => int(id)).join(', ')})`);
  }
  if (deltas.length) {
    add(`UPDATE section SET enrolled_count = enrolled_count + CASE id ${deltas.map(([id, d]) => `WHEN ${int(id)} THEN ${int(d)}`).join(' ')} END WHERE id IN (${deltas.map(([id]) => int(id)).join(', ')})`);
  }
  if (plan.waitlistDeletes.length) {
    add(`DELETE FROM waitlist_entry WHERE request_id IN (${plan.waitlistDeletes.map(str).join(', ')})`);
  }
  if (plan.waitlistInserts.length) {
    add(`INSERT IGNORE INTO waitlist_entry (student_id, section_id, request_id, position) VALUES ${plan.waitlistInserts.map((e) =>
      `(${int(e.studentId)}, ${int(e.sectionId)}, ${str(e.requestId)}, ${int(e.position ?? 0)})`).join(', ')}`,
    plan.waitlistInserts.length);
  }
  add(
    `INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, reason, position, staff_id, decided_at, committed_at)
     VALUES ${log.map((e) => decisionLogRow(e, now)).join(', ')}
     ON DUPLICATE KEY UPDATE seq = VALUES(seq), outcome = VALUES(outcome), reason = VALUES(reason),
       decided_at = VALUES(decided_at), committed_at = VALUES(committed_at)`,
    log.length,
  );
  // Decided requests are no longer pending: their journal rows go (a row that lands later is
  // ignored by the re-drive, which skips requests with a decision_log row).
  const decided = log.filter((e) => e.action === 'ENROLL').map((e) => str(e.requestId));
  if (decided.length) add(`DELETE FROM intake_journal WHERE request_id IN (${decided.join(', ')})`);
  const last = entries[entries.length - 1]!.seq;
  if (adoptEpoch) add(`UPDATE engine_cursor SET committed_seq = ${int(last)}, epoch = ${str(adoptEpoch)}, updated_at = NOW(3) WHERE name = ${str(stream)}`);
  else add(`UPDATE engine_cursor SET committed_seq = ${int(last)}, updated_at = NOW(3) WHERE name = ${str(stream)}`);
  add('COMMIT');
  return { sql, inserts, insertedRows, last, capacityRaised: grown.map(([id]) => id) };
}
