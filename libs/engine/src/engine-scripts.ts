import type { RequestStatus, RejectReason } from '@app/contracts';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));

/** Reads a script and splices in `-- @include name` fragments from lua/includes/ (which may include others). */
export function loadLua(name: string): string {
  return splice(readFileSync(`${LUA_DIR}${name}.lua`, 'utf8'));
}

const splice = (lua: string): string =>
  lua.replace(/^-- @include (\w+)\s*$/gm, (_, inc: string) => splice(readFileSync(`${LUA_DIR}includes/${inc}.lua`, 'utf8')));

type Raw = (string | number)[];
interface EngineCommands {
  acceptRequest(...args: (string | number)[]): Promise<Raw>;
  decideUpTo(...args: (string | number)[]): Promise<Raw>;
  dropEnrollment(...args: (string | number)[]): Promise<Raw>;
  enrollNow(...args: (string | number)[]): Promise<Raw>;
  setCapacity(...args: (string | number)[]): Promise<Raw>;
  holdDraw(...args: (string | number)[]): Promise<Raw>;
  reshapeSection(...args: (string | number)[]): Promise<Raw>;
  retireSection(...args: (string | number)[]): Promise<Raw>;
  setCredits(...args: (string | number)[]): Promise<Raw>;
  setMaxCredits(...args: (string | number)[]): Promise<Raw>;
  retireStudent(...args: (string | number)[]): Promise<Raw>;
  restoreRetired(...args: (string | number)[]): Promise<Raw>;
  releaseHolds(...args: (string | number)[]): Promise<Raw>;
  confirmHolds(...args: (string | number)[]): Promise<number>;
}

export type AcceptResult =
  /** position 0 with drawAt: the request waits for its window's draw (RANDOM_AT_OPEN) for a place. */
  | { kind: 'accepted' | 'existing'; requestId: string; position: number; status: RequestStatus; decidedUpTo: number; drawAt: number | null; reason: RejectReason | null; conflictSectionId: number | null }
  /** The Idempotency-Key names a request for another section. */
  | { kind: 'key-reused'; requestId: string; sectionId: number }
  | { kind: 'line-full' }
  | { kind: 'not-ready' }
  /** The grade or major the window was judged with is not the student's any more: judge again. */
  | { kind: 'stale-profile' }
  | { kind: 'rate-limited'; retryMs: number };
/** A per-caller limit the accept script counts and checks first (same counter as the API's guard). */
export interface AcceptRateLimit { key: string; limit: number; windowMs: number }
/** held: the call stopped at a request whose section a staff change holds (includes/sectionHold.lua). */
export type DecideResult =
  | { kind: 'done' | 'more' | 'held'; decided: number; decidedUpTo: number; firstSeq: number; own: { status: string; seq: number }[] }
  | { kind: 'not-ready' };
/** withdrawn: no seat held, a waiting request (line, draw, waitlist) was withdrawn instead. held: a staff change holds the section; nothing changed. */
export type DropResult =
  | { kind: 'dropped'; seq: number; promotedRequestId: string | null }
  | { kind: 'withdrawn'; seq: number; requestId: string }
  | { kind: 'not-ready' } | { kind: 'not-enrolled' } | { kind: 'held' }
  /** Withdraw-only, and the student holds a seat there (the request was granted). */
  | { kind: 'enrolled' };
export type EnrollNowResult =
  | { kind: 'decided'; status: RequestStatus; reason: RejectReason | null; seq: number }
  | { kind: 'not-ready' }
  | { kind: 'held' };
/** A request a draw placed, with what its intake journal row holds. */
export interface DrawnPlace { requestId: string; position: number; studentId: number; sectionId: number; waitlist: boolean; acceptedAt: number }
/** A RANDOM_AT_OPEN window's draw (see holdDraw-0.lua); `position`: the asked request's place, if it has one. */
export type DrawResult =
  | { kind: 'held' | 'more'; position: number | null; places: DrawnPlace[] }
  | { kind: 'not-due'; drawAt: number }
  | { kind: 'not-ready' };
/** What a staff delete takes out of the engine: a section or a student. */
export type Retiree = 'section' | 'student';
/**
 * A staff delete's mark (retire*-0.lua). marked: seq, the decision seq to wait for; mark, what
 * restoreRetired needs to clear it ('' when Redis did not have it). in-use: seats held, awaited or
 * (a student's) requests in line. busy: another delete of it is under way. not-ready: a rebuild is.
 */
export type RetireResult = { kind: 'marked'; seq: number; mark: string } | { kind: 'in-use'; held: number; waiting: number } | { kind: 'busy' } | { kind: 'not-ready' };
/** Section hash fields that enrolled students' state was built from (reshapeSection-0.lua). */
export type SectionShape = Readonly<Partial<Record<'slots' | 'lec' | 'cr' | 'maj' | 'ge', string>>>;
/** not-ready: a rebuild is running, and the change asked to hold the section (nothing changed). */
export type CapacityResult = { kind: 'set'; enrolled: number } | { kind: 'below-enrollment'; enrolled: number } | { kind: 'unknown-section' } | { kind: 'not-ready' };

/** How long a staff change's hold on a section lasts if its API process never releases it. */
export const HOLD_MS = 5000;

/** A staff change's hold on sections, as the scripts store it: '<until, ms>:<token>' (includes/sectionHold.lua). */
const holdValue = (token: string, now = Date.now()) => (token ? `${now + HOLD_MS}:${token}` : '');

/**
 * The engine's Lua scripts, one typed method each, mapping return codes to named results.
 * Each script's header (lib/engine/src/lua/*.lua) documents its ARGV and codes.
 */
export class EngineScripts {
  private readonly r: Redis & EngineCommands;

  constructor(redis: Redis, private readonly prefix: string) {
    this.r = redis as Redis & EngineCommands;
    for (const name of ['acceptRequest', 'decideUpTo', 'dropEnrollment', 'enrollNow', 'setCapacity', 'holdDraw', 'reshapeSection', 'retireSection', 'retireStudent', 'restoreRetired', 'setCredits', 'setMaxCredits', 'releaseHolds', 'confirmHolds'] as const) {
      if (!(name in this.r)) redis.defineCommand(name, { numberOfKeys: 0, lua: loadLua(`${name}-0`) });
    }
  }

  private get p(): string { return `${this.prefix}:`; }

  /** `draw`: the RANDOM_AT_OPEN draw the request joins instead of taking a place now (its id and time). */
  /** `profile`: the grade and major the caller judged the window with (refused as 'stale-profile' when the student's hash says otherwise). */
  async accept(a: { studentId: number; sectionId: number; requestId: string; idempotencyKey: string | null; now: number; waitlist: boolean; maxWaiting: number; idempotencyTtlSeconds: number; rateLimit?: AcceptRateLimit; draw?: { id: string; at: number } | null; profile?: { grade: number; majorId: number } }): Promise<AcceptResult> {
    const rl = a.rateLimit;
    const [code, requestId, position, status, decidedUpTo, retryMs, drawAt, reason, conflictSection] = await this.r.acceptRequest(
      this.p, a.studentId, a.sectionId, a.requestId, a.idempotencyKey ?? '', a.now, a.waitlist ? '1' : '0', a.maxWaiting, a.idempotencyTtlSeconds,
      rl?.key ?? '', rl?.limit ?? 0, rl?.windowMs ?? 0, a.draw?.id ?? '', a.draw?.at ?? 0, a.profile?.grade ?? '', a.profile?.majorId ?? '', a.draw ? randomUUID() : '',
    );
    if (Number(code) === -5) return { kind: 'stale-profile' };
    if (Number(code) === -3) return { kind: 'rate-limited', retryMs: Number(retryMs) };
    if (Number(code) === -4) return { kind: 'key-reused', requestId: String(requestId), sectionId: Number(conflictSection) };
    if (Number(code) === -2) return { kind: 'line-full' };
    if (Number(code) === -1) return { kind: 'not-ready' };
    return {
      kind: Number(code) === 0 ? 'accepted' : 'existing', requestId: String(requestId), position: Number(position), status: status as RequestStatus,
      decidedUpTo: Number(decidedUpTo ?? 0), drawAt: drawAt ? Number(drawAt) : null,
      reason: reason ? (String(reason) as RejectReason) : null, conflictSectionId: conflictSection ? Number(conflictSection) : null,
    };
  }

  /**
   * Holds a due draw, `limit` places per call: by its id, or the draw `requestId` waits for
   * (drawId ''); returns that request's place once it has one, and every place the call handed out.
   */
  async holdDraw(drawId: string, requestId: string, now: number, limit: number): Promise<DrawResult> {
    const [code, placed, position, ...rows] = await this.r.holdDraw(this.p, drawId, requestId, now, limit);
    if (Number(code) === -1) return { kind: 'not-ready' };
    if (Number(code) === -2) return { kind: 'not-due', drawAt: Number(placed) };
    const places: DrawnPlace[] = [];
    for (let i = 0; i + 5 < rows.length; i += 6) {
      places.push({ requestId: String(rows[i]), position: Number(rows[i + 1]), studentId: Number(rows[i + 2]), sectionId: Number(rows[i + 3]), waitlist: String(rows[i + 4]) === '1', acceptedAt: Number(rows[i + 5]) });
    }
    return { kind: Number(code) === 1 ? 'more' : 'held', position: position ? Number(position) : null, places };
  }

  /**
   * `requestIds`: also return each one's status and decision seq ('' / 0 when unknown; the status
   * is still QUEUED when the call stopped at `limit` before reaching it).
   */
  async decideUpTo(position: number, limit: number, now: number, requestIds: readonly string[] = []): Promise<DecideResult> {
    const [code, decided, upTo, firstSeq, ...pairs] = await this.r.decideUpTo(this.p, position, limit, now, ...requestIds);
    if (Number(code) === -1) return { kind: 'not-ready' };
    const own = requestIds.map((_, i) => ({ status: String(pairs[2 * i] ?? ''), seq: Number(pairs[2 * i + 1] || 0) }));
    const kind = Number(code) === 1 ? 'more' : Number(code) === 2 ? 'held' : 'done';
    return { kind, decided: Number(decided), decidedUpTo: Number(upTo), firstSeq: Number(firstSeq ?? 0), own };
  }

  /** `withdrawOnly`: withdraw that waiting request and nothing else (never a drop). */
  async drop(studentId: number, sectionId: number, requestId: string, now: number, staffId: number | null, withdrawOnly = ''): Promise<DropResult> {
    const [code, seq, promoted] = await this.r.dropEnrollment(this.p, studentId, sectionId, requestId, now, staffId ?? '', withdrawOnly);
    if (Number(code) === -7) return { kind: 'enrolled' };
    if (Number(code) === -1) return { kind: 'not-ready' };
    if (Number(code) === -3) return { kind: 'not-enrolled' };
    if (Number(code) === -6) return { kind: 'held' };
    if (Number(code) === 1) return { kind: 'withdrawn', seq: Number(seq), requestId: String(promoted) };
    return { kind: 'dropped', seq: Number(seq), promotedRequestId: promoted ? String(promoted) : null };
  }

  async enrollNow(studentId: number, sectionId: number, requestId: string, now: number, staffId: number): Promise<EnrollNowResult> {
    const [code, outcome, reason, seq] = await this.r.enrollNow(this.p, studentId, sectionId, requestId, now, staffId);
    if (Number(code) === -1) return { kind: 'not-ready' };
    if (Number(code) === -6) return { kind: 'held' };
    return { kind: 'decided', status: outcome as RequestStatus, reason: (reason || null) as RejectReason | null, seq: Number(seq) };
  }

  /**
   * Changes a section's slots or lecture fields (slots, lec, cr, maj, ge), only while no seat in it
   * is held (see reshapeSection-0.lua). `holdToken`: hold the section for that staff change
   * (includes/sectionHold.lua) in the same step; '' for none (an undo).
   */
  async reshapeSection(sectionId: number, fields: SectionShape, holdToken = ''): Promise<CapacityResult> {
    const pairs = Object.entries(fields).flat();
    if (!pairs.length) throw new Error('reshapeSection: no field to change');
    return capacityResult(await this.r.reshapeSection(this.p, sectionId, holdValue(holdToken), ...pairs));
  }

  /** `holdToken`: as reshapeSection. */
  async setCapacity(sectionId: number, capacity: number, holdToken = ''): Promise<CapacityResult> {
    return capacityResult(await this.r.setCapacity(this.p, sectionId, capacity, holdValue(holdToken)));
  }

  /**
   * Right before its COMMIT: whether the change still holds these sections, extending the hold for
   * the commit (confirmHolds-0.lua). False: it lapsed (and may have been repaired from MySQL's old
   * values); the change must roll back.
   */
  async confirmHolds(sectionIds: readonly number[], holdToken: string, now = Date.now()): Promise<boolean> {
    if (!sectionIds.length || !holdToken) return true;
    return Number(await this.r.confirmHolds(this.p, holdToken, now, HOLD_MS, ...sectionIds)) === 1;
  }

  /**
   * Releases a staff change's hold on these sections, and offers the free seats of those no change
   * holds any more to their waitlists (releaseHolds-0.lua): how many sections this change held, and
   * waiting requests enrolled.
   */
  async releaseHolds(sectionIds: readonly number[], holdToken: string, now = Date.now()): Promise<{ released: number; promoted: number }> {
    if (!sectionIds.length || !holdToken) return { released: 0, promoted: 0 };
    const [released, promoted] = await this.r.releaseHolds(this.p, holdToken, now, ...sectionIds);
    return { released: Number(released), promoted: Number(promoted) };
  }


  /** Clears a delete's mark (restoreRetired-0.lua); false when it is not there any more. */
  async restoreRetired(who: Retiree, id: number, mark: string): Promise<boolean> {
    return Number(await this.r.restoreRetired(this.p, who === 'section' ? 'sec' : 'stu', id, mark)) === 1;
  }

  /** Sets the credits of a lecture's sections, only while no seat in them is held (see setCredits-0.lua). `holdToken`: as reshapeSection. */
  async setCredits(sectionIds: readonly number[], credits: number, holdToken = ''): Promise<CapacityResult> {
    return capacityResult(await this.r.setCredits(this.p, credits, holdValue(holdToken), ...sectionIds));
  }

  /** Sets a student's credit limit, never below the credits they hold (see setMaxCredits-0.lua). */
  async setMaxCredits(studentId: number, maxCredits: number): Promise<CapacityResult> {
    const [code, held] = await this.r.setMaxCredits(this.p, studentId, maxCredits);
    return Number(code) === -3 ? { kind: 'below-enrollment', enrolled: Number(held) } : { kind: 'set', enrolled: Number(held) };
  }

  /** Marks a section or student being deleted (retireSection-0.lua, retireStudent-0.lua). */
  async retire(who: Retiree, id: number): Promise<RetireResult> {
    const args = [this.p, id, Date.now(), RETIRE_MARK_MS] as const;
    return retired(await (who === 'section' ? this.r.retireSection(...args) : this.r.retireStudent(...args)));
  }
}

/** How long a delete's mark holds: longer than the delete takes; a crashed delete's mark just lapses. */
const RETIRE_MARK_MS = 60_000;

const capacityResult = ([code, enrolled]: Raw): CapacityResult => {
  if (Number(code) === -3) return { kind: 'below-enrollment', enrolled: Number(enrolled) };
  if (Number(code) === -4) return { kind: 'unknown-section' };
  if (Number(code) === -1) return { kind: 'not-ready' };
  return { kind: 'set', enrolled: Number(enrolled) };
};

const retired = ([code, held, waiting, seq, mark]: Raw): RetireResult => {
  if (Number(code) === -5) return { kind: 'busy' };
  if (Number(code) === -1) return { kind: 'not-ready' };
  if (Number(code) === -3) return { kind: 'in-use', held: Number(held), waiting: Number(waiting) };
  return { kind: 'marked', seq: Number(seq ?? 0), mark: String(mark ?? '') };
};
