import type { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';
import type mysql from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import type { History } from './history.js';

type Rows<T> = [T[], unknown];
interface SectionRow { id: number; capacity: number; enrolled_count: number; rows_n: number }
interface DecisionRow { request_id: string; student_id: number; section_id: number; action: string; outcome: string; reason: string | null; position: number | null }
interface EnrollmentRow { student_id: number; section_id: number; request_id: string }

/**
 * Reads MySQL and Redis every `everyMs` and checks P1 (no oversell, shown count = rows) at each
 * instant. A sample that cannot be read (the service is down) is counted, not a violation.
 */
export class Sampler {
  samples = 0;
  failedSamples = 0;
  violations: string[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private sql: mysql.Pool, private redis: Redis, private keys: RedisKeys, private sectionIds: number[], private everyMs = 100) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await sleep(10);
    await this.sample();
  }

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [rows] = (await this.sql.query(
        'SELECT s.id, s.capacity, s.enrolled_count, (SELECT COUNT(*) FROM enrollment e WHERE e.section_id = s.id) AS rows_n FROM section s',
      )) as unknown as Rows<SectionRow>;
      for (const r of rows) {
        const cap = Number(r.capacity), n = Number(r.enrolled_count), rowsN = Number(r.rows_n);
        if (n > cap || rowsN > cap) this.violations.push(`mysql section ${r.id}: enrolled ${n}, rows ${rowsN} > capacity ${cap}`);
        if (n !== rowsN) this.violations.push(`mysql section ${r.id}: shown ${n} ≠ rows ${rowsN}`);
      }
      const pipe = this.redis.pipeline();
      for (const id of this.sectionIds) pipe.hmget(this.keys.section(id), 'cap', 'n');
      for (const [i, [err, v]] of ((await pipe.exec()) ?? []).entries()) {
        const [cap, n] = (v as [string | null, string | null]) ?? [null, null];
        if (!err && cap != null && n != null && Number(n) > Number(cap)) this.violations.push(`redis section ${this.sectionIds[i]}: n ${n} > cap ${cap}`);
      }
      this.samples++;
    } catch {
      this.failedSamples++;
    } finally {
      this.busy = false;
    }
  }
}

export interface Verdict {
  accepted: number;
  final: number;
  lost: number;
  lostIds: string[];
  /** The accepted operations that never reached a final state. */
  lostOps: { invokeMs: number; completeMs: number; requestId?: string }[];
  committed: Record<number, number>;
  oversold: number;
  duplicates: number;
  phantoms: number;
  /** Decisions for requests whose client got no 202 (an error or a timeout): allowed, like Jepsen's indeterminate ops. */
  indeterminateDecided: number;
  inversions: number;
  rejectedFull: number;
  drift: number;
  driftExamples: string[];
}

export async function decisions(sql: mysql.Pool): Promise<DecisionRow[]> {
  const [rows] = (await sql.query('SELECT request_id, student_id, section_id, action, outcome, reason, position FROM decision_log ORDER BY seq')) as unknown as Rows<DecisionRow>;
  return rows;
}

/** Waits until every accepted request has its decision durable in MySQL; returns the ms it took (or -1). */
export async function waitAllFinal(sql: mysql.Pool, history: History, timeoutMs: number): Promise<number> {
  const want = new Set(history.accepted().map((o) => o.requestId!));
  const t0 = Date.now();
  for (;;) {
    try {
      const rows = await decisions(sql);
      const have = new Set(rows.map((r) => r.request_id));
      if ([...want].every((id) => have.has(id))) return Date.now() - t0;
    } catch { /* MySQL not back yet */ }
    if (Date.now() - t0 > timeoutMs) return -1;
    await sleep(200);
  }
}

/** Redis state vs what MySQL implies, for the sections and students of the run (P7). */
export async function drift(sql: mysql.Pool, redis: Redis, keys: RedisKeys, sectionIds: number[], students: number): Promise<{ count: number; examples: string[] }> {
  const examples: string[] = [];
  let count = 0;
  const [enr] = (await sql.query('SELECT student_id, section_id, request_id FROM enrollment')) as unknown as Rows<EnrollmentRow>;
  const bySection = new Map<number, number>();
  const byStudent = new Map<number, Map<string, string>>();
  for (const e of enr) {
    bySection.set(Number(e.section_id), (bySection.get(Number(e.section_id)) ?? 0) + 1);
    const m = byStudent.get(Number(e.student_id)) ?? new Map<string, string>();
    m.set(String(e.section_id), e.request_id);
    byStudent.set(Number(e.student_id), m);
  }
  for (const id of sectionIds) {
    const n = Number((await redis.hget(keys.section(id), 'n')) ?? -1);
    if (n !== (bySection.get(id) ?? 0)) { count++; if (examples.length < 10) examples.push(`section ${id}: redis n ${n} ≠ mysql ${bySection.get(id) ?? 0}`); }
  }
  for (let from = 1; from <= students; from += 1000) {
    const pipe = redis.pipeline();
    const ids: number[] = [];
    for (let s = from; s < Math.min(from + 1000, students + 1); s++) { ids.push(s); pipe.hgetall(keys.studentSections(s)); }
    for (const [i, [, v]] of ((await pipe.exec()) ?? []).entries()) {
      const got = (v ?? {}) as Record<string, string>;
      const want = byStudent.get(ids[i]!) ?? new Map<string, string>();
      const same = Object.keys(got).length === want.size && [...want].every(([k, r]) => got[k] === r);
      if (!same) { count++; if (examples.length < 10) examples.push(`student ${ids[i]}: redis ${JSON.stringify(got)} ≠ mysql ${JSON.stringify(Object.fromEntries(want))}`); }
    }
  }
  return { count, examples };
}

/** Checks P1–P4, P6 and P7 over the history and the final state (a run without drops). */
export async function verdict(sql: mysql.Pool, redis: Redis, keys: RedisKeys, history: History, sections: { id: number; capacity: number }[], students: number): Promise<Verdict> {
  const accepted = history.accepted();
  const acceptedIds = new Map(accepted.map((o) => [o.requestId!, o]));
  const rows = await decisions(sql);
  const byRequest = new Map<string, DecisionRow[]>();
  for (const r of rows) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
  const lostIds = [...acceptedIds.keys()].filter((id) => !byRequest.has(id));
  const [enr] = (await sql.query('SELECT student_id, section_id, request_id FROM enrollment')) as unknown as Rows<EnrollmentRow>;
  const committed: Record<number, number> = {};
  const pairs = new Map<string, number>();
  let phantoms = 0;
  // Every (student, section) the client ever asked for, answered or not.
  const attempted = new Set(history.ops.filter((o) => o.kind === 'enroll').map((o) => `${o.student}:${o.section}`));
  const traced = (requestId: string, student: number, section: number) => {
    const op = acceptedIds.get(requestId);
    return op ? op.student === student && op.section === section : attempted.has(`${student}:${section}`);
  };
  for (const e of enr) {
    committed[Number(e.section_id)] = (committed[Number(e.section_id)] ?? 0) + 1;
    const pair = `${e.student_id}:${e.section_id}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    if (!traced(e.request_id, Number(e.student_id), Number(e.section_id))) phantoms++;
  }
  // Also a phantom: a decision for something no student asked for.
  phantoms += rows.filter((r) => r.action === 'ENROLL' && !traced(r.request_id, Number(r.student_id), Number(r.section_id))).length;
  const indeterminateDecided = rows.filter((r) => r.action === 'ENROLL' && !acceptedIds.has(r.request_id)).length;
  let duplicates = [...pairs.values()].filter((n) => n > 1).length + [...byRequest.values()].filter((d) => d.length > 1).length;
  const enrolledPairs = new Map<string, number>();
  for (const r of rows) if (r.outcome === 'ENROLLED') enrolledPairs.set(`${r.student_id}:${r.section_id}`, (enrolledPairs.get(`${r.student_id}:${r.section_id}`) ?? 0) + 1);
  duplicates += [...enrolledPairs.values()].filter((n) => n > 1).length;
  let inversions = 0;
  let rejectedFull = 0;
  for (const s of sections) {
    const mine = rows.filter((r) => Number(r.section_id) === s.id && r.action === 'ENROLL');
    const lastEnrolled = Math.max(0, ...mine.filter((r) => r.outcome === 'ENROLLED').map((r) => Number(r.position)));
    for (const r of mine) {
      if (r.reason === 'SECTION_FULL') { rejectedFull++; if (Number(r.position) < lastEnrolled) inversions++; }
    }
  }
  const oversold = sections.filter((s) => (committed[s.id] ?? 0) > s.capacity).length;
  const d = await drift(sql, redis, keys, sections.map((s) => s.id), students);
  return {
    accepted: acceptedIds.size, final: acceptedIds.size - lostIds.length, lost: lostIds.length, lostIds: lostIds.slice(0, 5), lostOps: lostIds.map((id) => acceptedIds.get(id)!),
    committed, oversold, duplicates, phantoms, indeterminateDecided, inversions, rejectedFull, drift: d.count, driftExamples: d.examples,
  };
}
