import { escape } from 'mysql2';

/**
 * SQL literals for the committer's batch statements, written directly instead of through
 * placeholders. A batch of 100 decisions is ~1,400 values; formatting each through mysql2's
 * escaper (type dispatch, a regex scan of every string, Date formatting field by field) cost about
 * twice as much (scripts/bench/probes/sql-format.mjs: 3.1–4.4 against 1.5–2.4 µs per decision_log
 * row here). The values here are the engine's own (integers, UUID
 * request ids, enum codes, timestamps): each is checked for its type and shape, and anything
 * else falls back to mysql2's escape, so no value reaches the SQL unescaped.
 */

/** Only characters that need no escaping inside a single-quoted MySQL string. */
const PLAIN = /^[A-Za-z0-9_.:-]*$/;

export function int(n: number | null): string {
  if (n === null) return 'NULL';
  return Number.isSafeInteger(n) ? String(n) : escape(n);
}

export function str(s: string | null): string {
  if (s === null) return 'NULL';
  return PLAIN.test(s) ? `'${s}'` : escape(s);
}

/**
 * A DATETIME(3) literal in UTC, as mysql2 writes a Date for a pool with `timezone: 'Z'`
 * (libs/database createSqlPool).
 */
export function utc(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return escape(d);
  return `'${d.toISOString().slice(0, 23).replace('T', ' ')}'`;
}
