import { Channel } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineStateRepository, EnrollmentState, PendingRequest, SectionState, StudentState, WaitlistState } from './engine-state.repository.js';
import { HOLD_MS, loadLua, type DrawnPlace, type Retiree } from './engine-scripts.js';

export interface DriftReport {
  sections: number;
  students: number;
  sectionsDrifted: number;
  studentsDrifted: number;
  examples: string[];
  /** Full prime only: accepted requests without a decision, put back in line (their jobs may be gone). */
  redriven: { requestId: string; position: number }[];
  /** Reconcile only: pending reservations (stu:{id}:pend) pointing at no live request, removed or put back in line. */
  reservationsRepaired: number;
  /** Reconcile only: sections whose waitlist in Redis differed from MySQL's waitlist rows, rewritten from them. */
  waitlistsRepaired: number;
  /** A full prime was made (asked for, or a reconcile found Redis without its state). */
  primed: boolean;
  /**
   * Sections and students a staff change wrote while this ran, reloaded from MySQL at its end (its
   * read of MySQL may have come before the change committed). Not counted as drift.
   */
  changedByStaff: number;
}

type Hash = Record<string, string>;
interface RefreshCommands {
  refreshSection(...args: (string | number)[]): unknown;
  refreshStudent(...args: (string | number)[]): unknown;
  repairHold(...args: (string | number)[]): Promise<(string | number)[]>;
  finishRebuild(...args: (string | number)[]): Promise<unknown>;
}

/** A pipeline's replies; the first command error is thrown (exec() alone resolves with it). */
async function execOrThrow(pipe: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const replies = (await pipe.exec()) ?? [];
  const failed = replies.find(([err]) => err);
  if (failed) throw failed[0];
  return replies.map(([, v]) => v);
}

/** How long a rebuild may hold the engine paused before its lock (and pause) lapse. */
const REBUILD_LOCK_MS = 120_000;

/** Another rebuild (a prime or a reconcile) held the engine for longer than this one would wait. */
export class RebuildBusyError extends Error {
  constructor(waitedMs: number) { super(`another rebuild of the engine state is running (waited ${waitedMs / 1000} s); try again when it is done`); this.name = 'RebuildBusyError'; }
}

/** The Redis hashes MySQL implies for the sections and students given. */
export function expectedState(sections: SectionState[], students: StudentState[], enrollments: EnrollmentState[]) {
  const sec = new Map<number, Hash>();
  const slotsBySection = new Map<number, number[]>();
  for (const s of sections) {
    slotsBySection.set(s.id, s.slots);
    sec.set(s.id, {
      cap: String(s.capacity), n: '0', lec: String(s.lectureId), cr: String(s.credits), maj: String(s.majorId),
      ge: s.generalEducation ? '1' : '0', slots: s.slots.join(','), wl: s.waitlist ? '1' : '0',
    });
  }
  const stu = new Map<number, { main: Hash; sec: Hash; lec: Hash; occ: Hash }>();
  for (const s of students) {
    stu.set(s.id, { main: { max: String(s.maxCredits), cr: '0', maj: String(s.majorId), gr: String(s.grade) }, sec: {}, lec: {}, occ: {} });
  }
  for (const e of enrollments) {
    const h = sec.get(e.sectionId);
    if (h) h.n = String(Number(h.n) + 1);
    const st = stu.get(e.studentId);
    if (!st) continue;
    st.main.cr = String(Number(st.main.cr) + e.credits);
    st.sec[String(e.sectionId)] = e.requestId;
    st.lec[String(e.lectureId)] = String(e.sectionId);
    for (const slot of slotsBySection.get(e.sectionId) ?? []) st.occ[String(slot)] = String(e.sectionId);
  }
  return { sec, stu };
}

const same = (a: Hash, b: Hash) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * Writes the engine's Redis state from MySQL: a full prime (fresh or wiped Redis), or a
 * reconcile that compares first and rewrites only what drifted. Decisions are paused meanwhile
 * (the Lua gate answers NOT_READY), so no seat is granted from a half-built state.
 */
export class EngineStateWriter {
  private readonly log = new Logger('EngineState');
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly repo: EngineStateRepository,
  ) {
    for (const name of ['refreshSection', 'refreshStudent', 'repairHold', 'finishRebuild'] as const) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua: loadLua(`${name}-0`) });
    }
  }

  async isReady(): Promise<boolean> {
    const [epoch, paused] = await Promise.all([this.redis.exists(this.keys.epoch), this.redis.exists(this.keys.paused)]);
    return epoch === 1 && paused === 0;
  }

  /**
   * Rebuilds section and student state from MySQL. With `compare`, counts drift and rewrites
   * only drifted keys; otherwise rewrites all. Waits (up to `drainMs`) for every decision made
   * so far to be durable first, so MySQL is the whole truth when it is read.
   */
  async rebuild(opts: { compare: boolean; drainMs?: number; waitForCommitted?: () => Promise<void>; lockWaitMs?: number }): Promise<DriftReport> {
    // One rebuild at a time (a reconcile run while a worker primes): the pause is the holder's, so
    // the first to finish cannot lift it while the other is still half way through its writes.
    const token = randomUUID();
    let result: DriftReport;
    let promotable: number[] | undefined;
    await this.acquireRebuildLock(token, opts.lockWaitMs ?? 60_000);
    // What staff write from the pause on is noted here (includes/staffWrite.lua); nothing before it counts.
    await this.redis.del(this.keys.rebuildTouched);
    await this.redis.set(this.keys.paused, token, 'PX', REBUILD_LOCK_MS);
    try {
      await this.waitForHolds();
      await opts.waitForCommitted?.();
      // A Redis that has lost its state (no epoch) is primed, not reconciled: a reconcile rewrites the
      // hashes only, so the line, the waitlists and the journaled requests would stay lost, and the epoch
      // it used to invent is not MySQL's (the committer then refused every batch, for good).
      let compare = opts.compare;
      if (compare && !(await this.redis.exists(this.keys.epoch))) {
        compare = false;
        this.log.warn('Redis has no engine state (epoch missing): a full prime from MySQL instead of a reconcile');
      }
      // A full prime starts a new epoch and fences the old one first: decisions of the state being
      // replaced (made but not durable) can no longer commit; their requests are re-driven below.
      const epoch = randomUUID();
      const fenced = compare ? null : await this.repo.fenceEpoch(epoch);
      const [sections, students, enrollments, waitlist, committed, journaled, maxPosition] = await Promise.all([
        this.repo.sections(), this.repo.students(), this.repo.enrollments(), this.repo.waitlist(),
        fenced ?? this.repo.committedSeq(),
        compare ? [] : this.repo.pendingRequests(),
        compare ? 0 : this.repo.maxPosition(),
      ]);
      const { sec, stu } = expectedState(sections, students, enrollments);
      const report: DriftReport = { sections: sec.size, students: stu.size, sectionsDrifted: 0, studentsDrifted: 0, examples: [], redriven: [], reservationsRepaired: 0, waitlistsRepaired: 0, primed: !compare, changedByStaff: 0 };

      const sectionIds = [...sec.keys()];
      const studentIds = [...stu.keys()];
      let currentSec: Hash[] = [];
      let currentStu: Hash[][] = [];
      if (compare) {
        currentSec = await this.readHashes(sectionIds.map((id) => this.keys.section(id)));
        const flat = await this.readHashes(studentIds.flatMap((id) => [this.keys.student(id), this.keys.studentSections(id), this.keys.studentLectures(id), this.keys.studentSlots(id)]));
        currentStu = studentIds.map((_, i) => flat.slice(i * 4, i * 4 + 4));
      }

      let pipe = this.redis.pipeline();
      let queued = 0;
      // The re-driven requests, with their places, and the last place in line (full prime only).
      const pending: PendingRequest[] = [];
      let seq = 0;
      const flush = async (force = false) => {
        if (queued >= 2000 || (force && queued > 0)) {
          await pipe.exec();
          pipe = this.redis.pipeline();
          queued = 0;
        }
      };
      const put = (key: string, hash: Hash) => {
        pipe.del(key);
        if (Object.keys(hash).length) pipe.hset(key, hash);
        queued += 2;
      };
      // A staff delete's mark (del, until when: retire*-0.lua) survives the rebuild while it holds:
      // without it the section or student would take requests again in the middle of its delete.
      const marks = await this.deleteMarks();
      const drifted = new Set<string>();
      const marked = { sec: [] as number[], stu: [] as number[] };
      for (const [i, id] of sectionIds.entries()) {
        const want = sec.get(id)!;
        const mark = marks.get(`sec:${id}`);
        if (mark) { want.del = mark; marked.sec.push(id); }
        if (compare && same(currentSec[i] ?? {}, want)) continue;
        if (compare) { drifted.add(`sec:${id}`); report.sectionsDrifted++; if (report.examples.length < 10) report.examples.push(`section ${id}: redis ${JSON.stringify(currentSec[i])} ≠ mysql ${JSON.stringify(want)}`); }
        put(this.keys.section(id), want);
        await flush();
      }
      for (const [i, id] of studentIds.entries()) {
        const want = stu.get(id)!;
        const mark = marks.get(`stu:${id}`);
        if (mark) { want.main.del = mark; marked.stu.push(id); }
        const parts = [want.main, want.sec, want.lec, want.occ];
        if (compare && parts.every((h, k) => same(currentStu[i]?.[k] ?? {}, h))) continue;
        if (compare) { drifted.add(`stu:${id}`); report.studentsDrifted++; if (report.examples.length < 10) report.examples.push(`student ${id}: redis ${JSON.stringify(currentStu[i]?.[0])} ≠ mysql ${JSON.stringify(want.main)}`); }
        put(this.keys.student(id), want.main);
        put(this.keys.studentSections(id), want.sec);
        put(this.keys.studentLectures(id), want.lec);
        put(this.keys.studentSlots(id), want.occ);
        await flush();
      }
      // Full prime: the line, waitlists and pending places are rebuilt from MySQL alone (after a
      // wipe nothing else has them; after a stale restore what Redis has is wrong).
      if (!compare) {
        // Draws too: what they held is either re-driven from the journal below or decided already.
        for (const d of await this.redis.zrange(this.keys.draws, 0, -1)) pipe.del(this.keys.draw(d), this.keys.drawSalt(d));
        pipe.del(this.keys.line, this.keys.decisionStream, this.keys.draws, this.keys.drawsWaiting);
        for (const id of sectionIds) pipe.del(this.keys.sectionWaitlist(id));
        for (const id of studentIds) pipe.del(this.keys.studentPending(id));
        queued += 2 + sectionIds.length + studentIds.length;
        await flush(true);
        for (const w of waitlist) {
          pipe.rpush(this.keys.sectionWaitlist(w.sectionId), w.requestId);
          pipe.hset(this.keys.request(w.requestId), { s: String(w.studentId), x: String(w.sectionId), a: 'ENROLL', st: 'WAITLISTED', pos: String(w.position), wl: '1' });
          pipe.hset(this.keys.studentPending(w.studentId), String(w.sectionId), w.requestId);
          queued += 3;
          await flush();
        }
        // Re-drive: every accepted request MySQL has no decision for goes back in line at its place.
        // One journaled at place 0 was waiting for a RANDOM_AT_OPEN draw (which Redis lost): the
        // draw is held now, as holdDraw-0.lua holds it (request-id order), above every known place.
        seq = Math.max(Number((await this.redis.get(this.keys.lineSeq)) ?? 0), maxPosition);
        const drawn = journaled.filter((r) => r.position <= 0).sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
        pending.push(...journaled.filter((r) => r.position > 0), ...drawn.map((r) => ({ ...r, position: ++seq })));
        for (const r of pending) {
          const key = this.keys.request(r.requestId);
          pipe.del(key);
          pipe.hset(key, { s: String(r.studentId), x: String(r.sectionId), a: 'ENROLL', st: 'QUEUED', pos: String(r.position), t: String(r.acceptedAt), wl: r.waitlist ? '1' : '0' });
          pipe.expire(key, 7 * 86_400);
          pipe.zadd(this.keys.line, r.position, r.requestId);
          pipe.hset(this.keys.studentPending(r.studentId), String(r.sectionId), r.requestId);
          queued += 5;
          report.redriven.push({ requestId: r.requestId, position: r.position });
          await flush();
        }
      }
      await flush(true);
      // Redis's copies of what MySQL no longer has: a reconcile looks at every key; a full prime only
      // at the marked ones (a delete under way may have committed since this rebuild read MySQL).
      if (compare) await this.removeDeleted(report);
      else await this.removeKeys(await this.missingFromMySql(marked.sec, marked.stu));
      if (compare) {
        // Waitlists first: a reservation is judged by whether its request is on its section's list.
        report.waitlistsRepaired = await this.repairWaitlists(sectionIds, waitlist, report.examples);
        report.reservationsRepaired = await this.repairReservations(studentIds, report.examples);
        // Requests waiting in draws count against the line cap: recount them from the draws themselves.
        const draws = await this.redis.zrange(this.keys.draws, 0, -1);
        const sizes = await Promise.all(draws.map((d) => this.redis.zcard(this.keys.draw(d))));
        await this.redis.set(this.keys.drawsWaiting, String(sizes.reduce((a, b) => a + b, 0)));
        // Sequences never go backwards.
        await this.raiseTo(this.keys.decisionSeq, committed);
        await this.raiseTo(this.keys.committedSeq, committed);
        // The epoch went while this ran (Redis lost its data, or came back behind MySQL): that needs a
        // full prime, which the worker's tick makes; inventing one here would stop every commit.
        if (!(await this.redis.exists(this.keys.epoch))) this.log.warn('the engine state was lost during the reconcile (epoch missing): the worker primes it from MySQL');
      } else {
        // The stream was dropped, so Redis's sequence restarts exactly at what MySQL has; places in
        // line continue above every place MySQL or Redis knew and every one handed out above (seq),
        // and "decided up to" sits below the re-driven.
        const firstPending = pending[0]?.position;
        // The epoch in the same MSET: the counters and the epoch appear together, so nothing (a
        // decision, or a check that no decision was made while there was no epoch) sees one without the other.
        await this.redis.mset(
          this.keys.decisionSeq, String(committed), this.keys.committedSeq, String(committed), this.keys.lineSeq, String(seq),
          this.keys.decidedUpTo, String(firstPending !== undefined ? firstPending - 1 : seq), this.keys.epoch, epoch,
        );
        // Jobs still waiting for a seq above `committed` wait for a decision this prime discarded (its
        // request is re-driven): the seq will be handed out again, and its commit must not end their wait.
        // Said at once: the state is live from the MSET, whatever fails after it.
        await this.redis.publish(this.keys.channel(Channel.COMMITTED), `reset:${committed}:${epoch}`);
        await this.repo.purgeDecidedJournal();
      }
      const changed = await this.reloadStaffWrites();
      report.changedByStaff = changed.size;
      // What differed because staff changed it meanwhile was no drift: reloaded, not repaired.
      for (const m of changed) {
        if (!drifted.has(m)) continue;
        if (m.startsWith('sec:')) report.sectionsDrifted--; else report.studentsDrifted--;
        report.examples = report.examples.filter((e) => !e.startsWith(`${m.startsWith('sec:') ? 'section' : 'student'} ${m.slice(4)}:`));
      }
      // Every held section was rewritten from MySQL above (its hold field with it): none is held now.
      await this.redis.del(this.keys.holds);
      // Seats free with requests waiting for them (a capacity raise released while this rebuild had
      // the engine paused promotes nobody): offered to those waitlists once decisions may run again.
      const waiting = new Set(waitlist.map((w) => w.sectionId));
      promotable = [...sec].filter(([id, h]) => waiting.has(id) && Number(h.n) < Number(h.cap)).map(([id]) => id);
      result = report;
    } finally {
      // Lifting the pause and offering those seats are one step: in between, a request later in line
      // could take them.
      await (this.redis as Redis & RefreshCommands).finishRebuild(this.keys.prefix + ':', token, Date.now(), ...(promotable ?? []))
        .catch((err: unknown) => this.log.warn(`could not end the rebuild cleanly (its pause lapses by itself): ${err instanceof Error ? err.message : String(err)}`));
    }
    return result;
  }

  /**
   * Staff changes that take no hold (a student's limits, grade or major; a section's waitlist flag or
   * major) are not refused while a rebuild runs, and one that committed after this rebuild read MySQL
   * had its Redis write overwritten by the rebuild's old values (a reconcile "repaired" a credit
   * limit back, for good). Each such write noted its member while paused: reloaded from MySQL here,
   * until none is left (a write during a reload is reloaded in the next round). Which.
   */
  private async reloadStaffWrites(): Promise<Set<string>> {
    const done = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const members = (await this.redis.spop(this.keys.rebuildTouched, 1000)) ?? [];
      if (!members.length) break;
      const ids = (kind: string) => members.filter((m) => m.startsWith(`${kind}:`)).map((m) => Number(m.slice(4)));
      await this.refresh({ sectionIds: ids('sec'), studentIds: ids('stu'), byRebuild: true });
      for (const m of members) done.add(m);
    }
    if (done.size) this.log.log(`reloaded from MySQL ${done.size} section(s) or student(s) staff changed during the rebuild: ${[...done].slice(0, 10).join(', ')}`);
    return done;
  }

  /**
   * Sections and students Redis still has but MySQL no longer does (deleted without the staff API,
   * or written back by this rebuild from its read of MySQL while a staff delete committed): a
   * request for them would still be granted there. Runs after the rebuild's writes and asks MySQL
   * again for every id Redis has, so a delete that committed before this read is caught; one
   * created meanwhile is in MySQL before its Redis hash exists, so it is never removed. (A delete
   * committing after it is cleaned up by the staff API itself, after its commit.) Each is drift.
   */
  private async removeDeleted(report: DriftReport): Promise<void> {
    const P = `${this.keys.prefix}:`;
    const found = { sec: new Set<number>(), stu: new Set<number>() };
    let cursor = '0';
    do {
      // One pass for both: sec:<id>[:…] and stu:<id>[:…].
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${P}s[et][cu]:*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) {
        const m = /^(sec|stu):(\d+)(:|$)/.exec(k.slice(P.length));
        if (m) found[m[1] as 'sec' | 'stu'].add(Number(m[2]));
      }
    } while (cursor !== '0');
    const gone = await this.missingFromMySql([...found.sec], [...found.stu]);
    await this.removeKeys(gone);
    report.sectionsDrifted += gone.sec.length;
    report.studentsDrifted += gone.stu.length;
    for (const id of gone.sec) if (report.examples.length < 10) report.examples.push(`section ${id}: in Redis, not in MySQL (removed)`);
    for (const id of gone.stu) if (report.examples.length < 10) report.examples.push(`student ${id}: in Redis, not in MySQL (removed)`);
  }

  /** Which of these section and student ids MySQL no longer has. */
  private async missingFromMySql(sec: number[], stu: number[]): Promise<{ sec: number[]; stu: number[] }> {
    const [hasSec, hasStu] = await Promise.all([this.repo.existingIds('section', sec), this.repo.existingIds('student', stu)]);
    return { sec: sec.filter((id) => !hasSec.has(id)), stu: stu.filter((id) => !hasStu.has(id)) };
  }

  private async removeKeys(gone: { sec: number[]; stu: number[] }): Promise<void> {
    const keys = [...gone.sec.flatMap((id) => this.sectionKeys(id)), ...gone.stu.flatMap((id) => this.studentKeys(id))];
    for (let i = 0; i < keys.length; i += 500) await this.redis.del(...keys.slice(i, i + 500));
  }

  /** The delete marks still holding ("sec:<id>" / "stu:<id>" → mark), from the deleting index; lapsed ones leave it. */
  private async deleteMarks(): Promise<Map<string, string>> {
    const now = Date.now();
    await this.redis.zremrangebyscore(this.keys.deleting, '-inf', now);
    const flat = await this.redis.zrangebyscore(this.keys.deleting, `(${now}`, '+inf', 'WITHSCORES');
    const marks = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) marks.set(flat[i]!, flat[i + 1]!);
    return marks;
  }

  /** Every key of a section (its hash and waitlist). */
  private sectionKeys(id: number): string[] { return [this.keys.section(id), this.keys.sectionWaitlist(id)]; }

  /** Every key of a student (limits, sections, lectures, timetable, pending places). */
  private studentKeys(id: number): string[] {
    return [this.keys.student(id), this.keys.studentSections(id), this.keys.studentLectures(id), this.keys.studentSlots(id), this.keys.studentPending(id)];
  }

  /**
   * After a delete MySQL committed: its keys go, with whatever a refresh or a rebuild running
   * alongside wrote back from its earlier read of MySQL.
   */
  async forgetDeleted(who: Retiree, id: number): Promise<void> {
    await this.redis.multi()
      .del(...(who === 'section' ? this.sectionKeys(id) : this.studentKeys(id)))
      .zrem(this.keys.deleting, `${who === 'section' ? 'sec' : 'stu'}:${id}`)
      .exec();
  }

  private async acquireRebuildLock(token: string, waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    while ((await this.redis.set(this.keys.rebuildLock, token, 'PX', REBUILD_LOCK_MS, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new RebuildBusyError(waitMs);
      await sleep(100);
    }
  }

  /**
   * Each section's waitlist as MySQL has it (its waitlist rows in the order they were written, which is
   * decision order; decisions are paused
   * and every one made is durable while a reconcile runs, so MySQL is the whole truth): a list that
   * differs is rewritten, with its requests' hashes and reservations. Before, a reconcile left a lost
   * entry lost: the request stayed WAITLISTED for good, and a second request from the student was
   * waitlisted beside a MySQL row that kept the first.
   */
  private async repairWaitlists(sectionIds: number[], waitlist: WaitlistState[], examples: string[]): Promise<number> {
    const want = new Map<number, WaitlistState[]>();
    for (const w of waitlist) want.set(w.sectionId, [...(want.get(w.sectionId) ?? []), w]);
    let repaired = 0;
    for (let i = 0; i < sectionIds.length; i += 1000) {
      const chunk = sectionIds.slice(i, i + 1000);
      const read = this.redis.pipeline();
      for (const id of chunk) read.lrange(this.keys.sectionWaitlist(id), 0, -1);
      const lists = ((await read.exec()) ?? []).map(([, v]) => (v ?? []) as string[]);
      const fix = this.redis.pipeline();
      chunk.forEach((id, k) => {
        const rows = want.get(id) ?? [];
        const have = lists[k]!;
        if (have.length === rows.length && rows.every((w, j) => have[j] === w.requestId)) return;
        repaired++;
        if (examples.length < 10) examples.push(`section ${id}: waitlist in redis [${have.length}] ≠ mysql [${rows.length}] (rewritten)`);
        fix.del(this.keys.sectionWaitlist(id));
        for (const w of rows) {
          fix.rpush(this.keys.sectionWaitlist(id), w.requestId);
          fix.hset(this.keys.request(w.requestId), { s: String(w.studentId), x: String(w.sectionId), a: 'ENROLL', st: 'WAITLISTED', pos: String(w.position), wl: '1' });
          fix.hset(this.keys.studentPending(w.studentId), String(w.sectionId), w.requestId);
        }
      });
      if (fix.length) await execOrThrow(fix);
    }
    return repaired;
  }

  /**
   * A student's pending place for a section (stu:{id}:pend) must point at a request that is still
   * waiting: QUEUED and in the line, or WAITLISTED on that section's list. Anything else blocks the
   * student from asking again for nothing: a request that is gone or decided loses the reservation;
   * a QUEUED one that fell out of the line goes back in at its place (it was accepted with a 202).
   */
  private async repairReservations(studentIds: number[], examples: string[]): Promise<number> {
    const pend = await this.readHashes(studentIds.map((id) => this.keys.studentPending(id)));
    const refs = studentIds.flatMap((sid, i) => Object.entries(pend[i] ?? {}).map(([sec, rid]) => ({ sid, sec, rid })));
    if (!refs.length) return 0;
    const lineSeq = Number((await this.redis.get(this.keys.lineSeq)) ?? 0);
    // Decisions and intake are paused during a reconcile (the rebuild's pause key), so places handed
    // out here race nothing.
    let endOfLine = lineSeq;
    let repaired = 0;
    for (let i = 0; i < refs.length; i += 1000) {
      const chunk = refs.slice(i, i + 1000);
      const read = this.redis.pipeline();
      for (const r of chunk) {
        read.hmget(this.keys.request(r.rid), 'st', 'pos', 's', 'x', 'dr', 'wl', 't');
        read.zscore(this.keys.line, r.rid);
        read.lpos(this.keys.sectionWaitlist(r.sec), r.rid);
      }
      const out = ((await read.exec()) ?? []).map(([, v]) => v);
      // A request with no place may wait in the draw its hash names: look there (a second read,
      // for those only).
      const drawOf = chunk.map((_, k) => { const [st, pos, , , dr] = out[k * 3] as (string | null)[]; return st === 'QUEUED' && !pos && dr ? dr : null; });
      const drawRead = this.redis.pipeline();
      chunk.forEach((r, k) => { if (drawOf[k]) drawRead.zscore(this.keys.draw(drawOf[k]!), r.rid); });
      const drawScores = ((await drawRead.exec()) ?? []).map(([, v]) => v);
      let nextDraw = 0;
      const inDraws = drawOf.map((d) => (d ? drawScores[nextDraw++] != null : false));
      const fix = this.redis.pipeline();
      // Places handed out here go to the intake journal too, as a draw's do: a later Redis loss must
      // re-drive the request at this place, not put it back with the unheld draws.
      const placed: DrawnPlace[] = [];
      chunk.forEach((r, k) => {
        const [st, pos, s, x, dr, wl, t] = out[k * 3] as (string | null)[];
        const inLine = out[k * 3 + 1] != null;
        const onList = out[k * 3 + 2] != null;
        const mine = s === String(r.sid) && x === r.sec;
        // Waiting for a RANDOM_AT_OPEN draw: no place yet, and not in the line until the draw.
        const inDraw = inDraws[k]!;
        if (mine && ((st === 'QUEUED' && inLine) || (st === 'QUEUED' && !pos && inDraw) || (st === 'WAITLISTED' && onList))) return;
        repaired++;
        if (mine && st === 'QUEUED' && !pos && dr) {
          // Out of its draw without a place (drift): a place at the end of the line (the draw may be
          // held already; its job finds the place).
          endOfLine++;
          fix.hset(this.keys.request(r.rid), 'pos', String(endOfLine));
          fix.zadd(this.keys.line, endOfLine, r.rid);
          placed.push({ requestId: r.rid, position: endOfLine, studentId: r.sid, sectionId: Number(r.sec), waitlist: wl === '1', acceptedAt: Number(t ?? Date.now()) });
          if (examples.length < 10) examples.push(`student ${r.sid}: queued request ${r.rid} was in no draw and had no place; put at the end of the line`);
        } else if (mine && st === 'QUEUED' && pos && Number(pos) <= lineSeq) {
          fix.zadd(this.keys.line, Number(pos), r.rid);
          if (examples.length < 10) examples.push(`student ${r.sid}: queued request ${r.rid} was out of the line; put back at ${pos}`);
        } else {
          fix.hdel(this.keys.studentPending(r.sid), r.sec);
          if (examples.length < 10) examples.push(`student ${r.sid}: reservation for section ${r.sec} pointed at ${st ? `a ${st} request` : 'no request'}; removed`);
        }
      });
      if (endOfLine > lineSeq) fix.set(this.keys.lineSeq, String(endOfLine));
      await fix.exec();
      if (placed.length) await this.repo.journalPlaces(placed);
    }
    return repaired;
  }

  private async raiseTo(key: string, value: number) {
    const cur = Number((await this.redis.get(key)) ?? 0);
    if (cur < value) await this.redis.set(key, String(value));
  }

  private async readHashes(keys: string[]): Promise<Hash[]> {
    const out: Hash[] = [];
    for (let i = 0; i < keys.length; i += 2000) {
      const pipe = this.redis.pipeline();
      for (const k of keys.slice(i, i + 2000)) pipe.hgetall(k);
      for (const [err, v] of (await pipe.exec()) ?? []) out.push(err ? {} : (v as Hash));
    }
    return out;
  }

  /**
   * A staff change that holds a section has its MySQL commit in flight: what this rebuild would read
   * may be about to change. Changes that would hold are refused once the rebuild has paused the
   * engine (includes/sectionHold.lua), so the ones there are end in ms (or lapse after HOLD_MS).
   */
  private async waitForHolds(): Promise<void> {
    const until = Date.now() + HOLD_MS + 1000;
    for (;;) {
      const live = await this.redis.zcount(this.keys.holds, `(${Date.now()}`, '+inf');
      if (!live) return;
      if (Date.now() > until) {
        this.log.warn(`${live} section(s) still held by staff changes after ${HOLD_MS + 1000} ms: rebuilding them from what MySQL has now`);
        return;
      }
      await sleep(20);
    }
  }

  /**
   * Staff changes' holds on sections that lapsed (includes/sectionHold.lua): the API process that
   * held them died or stalled, and decisions for them wait. Each is reloaded from MySQL — which has
   * whatever that change's transaction left — and released (repairHold-0.lua). The worker's tick.
   */
  async repairLapsedHolds(now = Date.now()): Promise<number> {
    const ids = (await this.redis.zrangebyscore(this.keys.holds, '-inf', now)).map(Number);
    if (!ids.length) return 0;
    const { sec } = expectedState(await this.repo.sections(ids), [], []);
    const r = this.redis as Redis & RefreshCommands;
    let repaired = 0;
    for (const id of ids) {
      const h = sec.get(id);
      const [code, enrolled] = await r.repairHold(this.keys.prefix + ':', id, now, h?.lec ?? '', h?.cr ?? '', h?.maj ?? '', h?.ge ?? '', h?.slots ?? '', h?.cap ?? '', h?.wl ?? '0');
      if (Number(code) <= 0) continue;
      repaired++;
      this.log.warn(`section ${id}: a staff change's hold lapsed (its API process died or stalled); reloaded from MySQL and released`);
      if (Number(code) === 2) this.log.error(`section ${id}: MySQL's capacity ${h?.cap} is below the ${enrolled} seats Redis holds; Redis keeps its own until \`npm run reconcile\``);
    }
    return repaired;
  }

  /**
   * Reloads sections' catalogue fields and students' limits from MySQL. `create`: also load one
   * Redis does not have (a new section or student, or a delete MySQL refused after Redis let it
   * go); without it a missing one stays missing, so a refresh that read MySQL just before a
   * delete cannot bring it back.
   * `byRebuild`: the rebuild's own reload of what staff wrote during it (not noted as a staff write again).
   */
  async refresh(opts: { sectionIds?: number[]; studentIds?: number[]; create?: boolean; byRebuild?: boolean }): Promise<void> {
    const create = opts.create ? '1' : '0';
    const staff = opts.byRebuild ? '0' : '1';
    if (opts.sectionIds?.length) {
      // The seat count from MySQL matters only to a section this call creates (Redis keeps its own).
      const [sections, enrollments] = await Promise.all([this.repo.sections(opts.sectionIds), opts.create ? this.repo.enrollments({ sectionIds: opts.sectionIds }) : []]);
      const { sec } = expectedState(sections, [], enrollments);
      const pipe = this.redis.pipeline() as ReturnType<Redis['pipeline']> & RefreshCommands;
      // One script per section: the seat count and capacity stay Redis's own (refreshSection-0.lua).
      const ids = [...sec.keys()];
      for (const [id, h] of sec) pipe.refreshSection(this.keys.prefix + ':', id, h.lec!, h.cr!, h.maj!, h.ge!, h.slots!, h.cap!, h.n!, h.wl!, create, staff);
      const replies = await execOrThrow(pipe);
      const stale = ids.filter((_, i) => Number(replies[i]) === 2);
      if (stale.length) {
        this.log.error(`section(s) ${stale.join(', ')}: lecture, credits or meetings reloaded from MySQL while seats were held there (a staff change that outlived its hold): those students' lecture maps, credit totals or timetables in Redis, and their enrollment rows, were built with the new ones. \`npm run reconcile\` repairs the timetables, not the credits or lecture an enrollment row carries (those students must drop and enroll again)`);
      }
    }
    if (opts.studentIds?.length) {
      const students = await this.repo.students(opts.studentIds);
      const pipe = this.redis.pipeline() as ReturnType<Redis['pipeline']> & RefreshCommands;
      // Credits and enrolled sets are the engine's own; only the staff-editable limits change here.
      for (const s of students) pipe.refreshStudent(this.keys.prefix + ':', s.id, s.maxCredits, s.majorId, s.grade, create, staff);
      await execOrThrow(pipe);
    }
  }

  /** Whether an opening draw has requests waiting and is not held yet (holdDraw-0.lua takes it off `draws`). */
  async drawPending(drawId: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.draws, drawId)) !== null;
  }
}
