import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { runReconcile, type Cluster } from './cluster.js';
import { History } from './history.js';

/**
 * Plan test 3: a model-based property test (fast-check commands) against the real running system.
 * Each run gets a *group* of its own — 4 sections and 4 students nobody else touches — so runs
 * start from a clean state without a reset, while reconcile checks the whole system.
 *
 * A group: A (1 seat), B (2 seats), C (1 seat, the same lecture as B), D (2 seats, meets when A
 * meets); every lecture 1 credit; the group's 4th student may take 1 credit only. So every rule
 * the gate checks (seats, waitlist, duplicate, same lecture, credits, time conflict) is reachable.
 */
export const GROUP_CAPS = [1, 2, 1, 2];
const SAME_LECTURE: Record<number, number> = { 1: 2, 2: 1 };
const CLASH: Record<number, number> = { 0: 3, 3: 0 };
export const groupMeeting = (id: number): [number, number, number] => [id % 4 === 0 ? 1 : id % 4, 1, 1];
export async function groupFixtures(env: { sql: { query: (q: string) => Promise<unknown> } }) {
  await env.sql.query('UPDATE section SET lecture_id = id - 1, section_no = 2 WHERE id % 4 = 3');
  await env.sql.query('UPDATE student SET max_credits = 1 WHERE id % 4 = 0');
}

interface Req { rid: string; student: number; section: number; status: string; reason?: string }
class Model {
  enrolled = GROUP_CAPS.map(() => new Set<number>());
  waitlist = GROUP_CAPS.map(() => [] as string[]);
  reqs = new Map<string, Req>();
  keys = new Map<string, string>(); // `${student}|${key}` → rid
  pending = new Map<string, string>(); // `${student}|${sec}` → rid (WAITLISTED)
  retries: { s: number; sec: number; key: string; wl: boolean }[] = [];
  sinceReconcile = 0;
  constructor(readonly group: number) {}
  sid(i: number) { return this.group * 4 + i + 1; }
  stu(i: number) { return this.group * 4 + i + 1; }
  maxCredits(s: number) { return s % 4 === 0 ? 1 : 40; }
  /** The gate's rules, in its order. */
  decide(rid: string, promoted: boolean, wl: boolean): Req {
    const r = this.reqs.get(rid)!;
    const s = r.student, x = r.section;
    const mine = GROUP_CAPS.map((_, i) => i).filter((i) => this.enrolled[i]!.has(s));
    const reject = (reason: string) => { r.status = 'REJECTED'; r.reason = reason; this.pending.delete(`${s}|${x}`); return r; };
    if (mine.includes(x)) return reject('ALREADY_ENROLLED');
    if (SAME_LECTURE[x] !== undefined && mine.includes(SAME_LECTURE[x]!)) return reject('SAME_LECTURE_ENROLLED');
    if (mine.length + 1 > this.maxCredits(s)) return reject('CREDIT_LIMIT_EXCEEDED');
    if (CLASH[x] !== undefined && mine.includes(CLASH[x]!)) return reject('TIME_CONFLICT');
    if (this.enrolled[x]!.size >= GROUP_CAPS[x]!) {
      if (wl && !promoted) { r.status = 'WAITLISTED'; this.waitlist[x]!.push(rid); this.pending.set(`${s}|${x}`, rid); return r; }
      return reject('SECTION_FULL');
    }
    this.enrolled[x]!.add(s);
    r.status = 'ENROLLED'; this.pending.delete(`${s}|${x}`);
    return r;
  }
}
interface Real { c: Cluster; h: History; figures: Figures }
export interface Figures { runs: number; commands: Record<string, number>; outcomes: Record<string, number>; reconciles: number; reconcileBudget: number; stateChecks: number }

/** Keeps each student under the API's per-user limits (enroll 20/s, drop 10/s) with room to spare. */
const recent = new Map<string, number[]>();
async function pace(scope: string, student: number, perSecond: number) {
  const k = `${scope}|${student}`;
  for (;;) {
    const now = Date.now();
    const ts = (recent.get(k) ?? []).filter((t) => now - t < 1100);
    if (ts.length < perSecond) { ts.push(now); recent.set(k, ts); return; }
    await sleep(1100 - (now - ts[0]!));
  }
}

async function untilDecided(real: Real, student: number, rid: string): Promise<{ code: number; status?: string; reason?: string }> {
  const t0 = Date.now();
  for (;;) {
    const st = await real.h.status(student, rid);
    if (st.code !== 200 || st.status !== 'QUEUED' || Date.now() - t0 > 10_000) return st;
    await sleep(5);
  }
}

class Enroll implements fc.AsyncCommand<Model, Real> {
  constructor(readonly s: number, readonly sec: number, readonly key: string | null, readonly wl: boolean) {}
  check() { return true; }
  async run(m: Model, real: Real) {
    const s = m.stu(this.s), x = this.sec;
    await pace('enroll', s, 8);
    const op = await real.h.enroll(s, m.sid(x), this.key, 10_000, { waitlist: this.wl });
    const keyed = this.key ? m.keys.get(`${s}|${this.key}`) : undefined;
    if (keyed && m.reqs.get(keyed)!.section !== x) {
      // The key names this student's request for another section: refused, nothing queued.
      expect({ code: op.status, error: (op.answer as { code?: string } | null)?.code }, `enroll ${s}→${m.sid(x)} with a key used for another section`).toEqual({ code: 409, error: 'IDEMPOTENCY_KEY_REUSED' });
      real.figures.commands['enroll (key reused)'] = (real.figures.commands['enroll (key reused)'] ?? 0) + 1;
      return;
    }
    expect(op.status, `enroll ${s}→${m.sid(x)}`).toBe(202);
    const existing = keyed ?? m.pending.get(`${s}|${x}`);
    m.sinceReconcile++;
    real.figures.commands[existing ? 'enroll (existing request)' : 'enroll'] = (real.figures.commands[existing ? 'enroll (existing request)' : 'enroll'] ?? 0) + 1;
    if (this.key) m.retries.push({ s: this.s, sec: x, key: this.key, wl: this.wl });
    if (existing) {
      const r = m.reqs.get(existing)!;
      expect({ requestId: op.requestId, status: (op.answer as { status: string }).status }, `same request for ${s}|${this.key ?? ''}|${x}`).toEqual({ requestId: existing, status: r.status });
      if (this.key) m.keys.set(`${s}|${this.key}`, existing);
      return;
    }
    expect((op.answer as { status: string }).status).toBe('QUEUED');
    const rid = op.requestId!;
    m.reqs.set(rid, { rid, student: s, section: x, status: 'QUEUED' });
    if (this.key) m.keys.set(`${s}|${this.key}`, rid);
    const want = m.decide(rid, false, this.wl);
    const got = await untilDecided(real, s, rid);
    real.figures.outcomes[want.status + (want.reason ? `:${want.reason}` : '')] = (real.figures.outcomes[want.status + (want.reason ? `:${want.reason}` : '')] ?? 0) + 1;
    expect({ status: got.status, reason: got.reason }, `decision of ${s}→${m.sid(x)}`).toEqual({ status: want.status, reason: want.reason });
  }
  toString() { return `enroll(s${this.s}, ${'ABCD'[this.sec]}, ${this.key ?? '-'}${this.wl ? ', waitlist' : ''})`; }
}

class Retry implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>) { return m.retries.length > 0; }
  async run(m: Model, real: Real) {
    const r = m.retries[this.pick % m.retries.length]!;
    real.figures.commands.retry = (real.figures.commands.retry ?? 0) + 1;
    m.sinceReconcile++;
    const s = m.stu(r.s);
    await pace('enroll', s, 8);
    const op = await real.h.enroll(s, m.sid(r.sec), r.key, 10_000, { waitlist: r.wl });
    const rid = m.keys.get(`${s}|${r.key}`)!;
    expect({ code: op.status, requestId: op.requestId, status: (op.answer as { status: string }).status }, `retry ${s}|${r.key}`).toEqual({ code: 202, requestId: rid, status: m.reqs.get(rid)!.status });
  }
  toString() { return `retry(#${this.pick})`; }
}

class Drop implements fc.AsyncCommand<Model, Real> {
  constructor(readonly s: number, readonly sec: number) {}
  check() { return true; }
  async run(m: Model, real: Real) {
    const s = m.stu(this.s), x = this.sec;
    real.figures.commands.drop = (real.figures.commands.drop ?? 0) + 1;
    m.sinceReconcile++;
    await pace('drop', s, 4);
    const op = await real.h.drop(s, m.sid(x));
    if (!m.enrolled[x]!.has(s)) {
      // No seat there: a request still on the waitlist is withdrawn (CANCELLED); nothing at all is 404.
      const waiting = m.pending.get(`${s}|${x}`);
      if (!waiting) { expect(op.status, `drop ${s}→${m.sid(x)} not enrolled`).toBe(404); return; }
      expect({ code: op.status, requestId: op.requestId }, `drop ${s}→${m.sid(x)} withdraws the waitlisted request`).toEqual({ code: 200, requestId: waiting });
      m.reqs.get(waiting)!.status = 'CANCELLED';
      m.pending.delete(`${s}|${x}`);
      m.waitlist[x] = m.waitlist[x]!.filter((rid) => rid !== waiting);
      real.figures.commands['drop (withdraw)'] = (real.figures.commands['drop (withdraw)'] ?? 0) + 1;
      return;
    }
    m.enrolled[x]!.delete(s);
    let promoted: string | null = null;
    while (!promoted && m.waitlist[x]!.length) {
      const rid = m.waitlist[x]!.shift()!;
      if (m.reqs.get(rid)!.status !== 'WAITLISTED') continue;
      if (m.decide(rid, true, true).status === 'ENROLLED') promoted = rid;
    }
    expect({ code: op.status, promoted: op.promoted }, `drop ${s}→${m.sid(x)}`).toEqual({ code: 200, promoted });
  }
  toString() { return `drop(s${this.s}, ${'ABCD'[this.sec]})`; }
}

class Status implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly asOther: boolean) {}
  check(m: Readonly<Model>) { return m.reqs.size > 0; }
  async run(m: Model, real: Real) {
    real.figures.commands.status = (real.figures.commands.status ?? 0) + 1;
    const r = [...m.reqs.values()][this.pick % m.reqs.size]!;
    // Another student (of the same group) asking about it gets 404, like for a missing request.
    const who = this.asOther ? m.stu(((r.student - 1 - m.group * 4) + 1) % 4) : r.student;
    const got = await real.h.status(who, r.rid);
    if (this.asOther) expect(got.code, `status of ${r.rid} as another student`).toBe(404);
    else expect({ code: got.code, status: got.status, reason: got.reason }, `status of ${r.rid}`).toEqual({ code: 200, status: r.status, reason: r.reason });
  }
  toString() { return `status(#${this.pick}${this.asOther ? ', as another student' : ''})`; }
}

class Reconcile implements fc.AsyncCommand<Model, Real> {
  check(m: Readonly<Model>) { return m.sinceReconcile >= 8; }
  async run(m: Model, real: Real) {
    if (real.figures.reconciles >= real.figures.reconcileBudget) return;
    m.sinceReconcile = 0;
    real.figures.reconciles++;
    real.figures.commands.reconcile = (real.figures.commands.reconcile ?? 0) + 1;
    const r = await runReconcile(real.c);
    expect({ sectionsDrifted: r.sectionsDrifted, studentsDrifted: r.studentsDrifted }, 'reconcile after a model run').toEqual({ sectionsDrifted: 0, studentsDrifted: 0 });
    await checkState(m, real);
  }
  toString() { return 'reconcile()'; }
}

/** MySQL (durable) and Redis agree with the model for the group: seats, holders, waitlists. */
async function checkState(m: Model, real: Real) {
  const { c } = real;
  for (;;) { const [made, d] = (await c.env.redis.mget(c.keys.decisionSeq, c.keys.committedSeq)).map(Number); if (d! >= made!) break; await sleep(20); }
  const ids = GROUP_CAPS.map((_, i) => m.sid(i));
  const [rows] = (await c.env.sql.query('SELECT student_id, section_id FROM enrollment WHERE section_id IN (?) ORDER BY section_id, student_id', [ids])) as unknown as [{ student_id: number; section_id: number }[]];
  const [secs] = (await c.env.sql.query('SELECT id, enrolled_count FROM section WHERE id IN (?) ORDER BY id', [ids])) as unknown as [{ id: number; enrolled_count: number }[]];
  const [wl] = (await c.env.sql.query('SELECT section_id, request_id FROM waitlist_entry WHERE section_id IN (?) ORDER BY section_id, position', [ids])) as unknown as [{ section_id: number; request_id: string }[]];
  const want = ids.flatMap((id, i) => [...m.enrolled[i]!].sort((a, b) => a - b).map((s) => `${s}:${id}`));
  const redisN = await Promise.all(ids.map(async (id) => Number(await c.env.redis.hget(c.keys.section(id), 'n'))));
  const wantWl = ids.flatMap((id, i) => m.waitlist[i]!.filter((rid) => m.reqs.get(rid)!.status === 'WAITLISTED').map((rid) => `${id}:${rid}`));
  expect({
    rows: rows.map((r) => `${r.student_id}:${r.section_id}`), counts: secs.map((s) => Number(s.enrolled_count)), redisN, waitlist: wl.map((w) => `${w.section_id}:${w.request_id}`),
  }, `state of group ${m.group}`).toEqual({ rows: want, counts: m.enrolled.map((e) => e.size), redisN: m.enrolled.map((e) => e.size), waitlist: wantWl });
  real.figures.stateChecks++;
}

const commands = [
  fc.tuple(fc.nat(3), fc.nat(3), fc.option(fc.constantFrom('k1', 'k2', 'k3'), { freq: 2 }), fc.boolean()).map(([s, x, k, wl]) => new Enroll(s, x, k, wl)),
  fc.tuple(fc.nat(3), fc.nat(3), fc.constantFrom(null), fc.constant(true)).map(([s, x, k, wl]) => new Enroll(s, x, k, wl)),
  fc.nat().map((p) => new Retry(p)),
  fc.tuple(fc.nat(3), fc.nat(3)).map(([s, x]) => new Drop(s, x)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, o]) => new Status(p, o)),
  fc.constant(new Reconcile()),
];

/**
 * Runs `runs` command sequences of up to `maxCommands` each, every one against a fresh group
 * (the cluster must be seeded with ≥ `runs` groups), no shrinking (a shrink would need more
 * fresh groups): the failure is reported with its command sequence as fast-check found it.
 */
export async function modelRuns(c: Cluster, o: { runs: number; maxCommands: number; reconcileBudget: number; seed: number }) {
  const figures: Figures = { runs: 0, commands: {}, outcomes: {}, reconciles: 0, reconcileBudget: o.reconcileBudget, stateChecks: 0 };
  const h = new History(c.base, (s) => c.token(s));
  let group = 0;
  let divergence: string | null = null;
  const t0 = Date.now();
  try {
    await fc.assert(fc.asyncProperty(fc.commands(commands, { maxCommands: o.maxCommands, size: 'max' }), async (cmds) => {
      const m = new Model(group++);
      if (m.group * 4 + 4 > c.uni.sections.length) throw new Error('out of fresh groups');
      figures.runs++;
      const real = { c, h, figures };
      await fc.asyncModelRun(() => ({ model: m, real }), cmds);
      await checkState(m, real);
    }), { numRuns: o.runs, seed: o.seed, endOnFailure: true, includeErrorInReport: true });
  } catch (err) {
    divergence = err instanceof Error ? err.message.slice(0, 3000) : String(err);
  }
  return { ...figures, seed: o.seed, seconds: (Date.now() - t0) / 1000, divergences: divergence ? 1 : 0, divergence };
}
