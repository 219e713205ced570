/**
 * Builds every Redis key the system uses, so no call site writes a key by hand
 * (the pattern of bullmq's queue-keys). All keys share one prefix, so a test can use
 * its own prefix on a shared Redis and the demo data is never touched.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  private k(...parts: (string | number)[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** BullMQ's own prefix for its queues. */
  get bullPrefix(): string { return this.k('bull'); }

  channel(name: string): string { return this.k(name); }

  // --- enrollment engine state (see libs/engine/README.md for the layout) ---
  /** string: the epoch id written by the last prime; missing = Redis lost its state. */
  get epoch(): string { return this.k('epoch'); }
  /** string (the rebuild's token, with a TTL): decisions and intake wait while a rebuild writes the state */
  get paused(): string { return this.k('paused'); }
  /** string: the one rebuild (prime or reconcile) running, its token; the pause is the holder's */
  get rebuildLock(): string { return this.k('rebuild', 'lock'); }
  /**
   * set: members ('sec:<id>', 'stu:<id>') a staff change wrote while a rebuild had the engine paused
   * (includes/staffWrite.lua); the rebuild reloads them from MySQL before it lifts the pause.
   */
  get rebuildTouched(): string { return this.k('rebuild', 'touched'); }
  /**
   * hash: cap, n (enrolled), lec, cr (credits), maj, ge, slots, wl (waits every request that finds it full);
   * del (a staff delete's mark, until when) and hold ('<until>:<token>,…': staff changes in flight) while they last
   */
  section(id: number | string): string { return this.k('sec', id); }
  /** list: waitlisted request ids of a section, in the order they were waitlisted */
  sectionWaitlist(id: number | string): string { return this.k('sec', id, 'wait'); }
  /** hash: max, cr (credits used), maj, gr; del (a staff delete's mark, until when) while it lasts */
  student(id: number | string): string { return this.k('stu', id); }
  /** hash: sectionId → request id that enrolled it */
  studentSections(id: number | string): string { return this.k('stu', id, 'sec'); }
  /** hash: lectureId → sectionId */
  studentLectures(id: number | string): string { return this.k('stu', id, 'lec'); }
  /** hash: weekly slot (day*32+period) → sectionId */
  studentSlots(id: number | string): string { return this.k('stu', id, 'occ'); }
  /** hash: sectionId → request id still waiting, queued or waitlisted (one place per student per section) */
  studentPending(id: number | string): string { return this.k('stu', id, 'pend'); }
  /** string: request id for (student, Idempotency-Key), with a TTL */
  idempotency(studentId: number | string, key: string): string { return this.k('idem', studentId, key); }
  /** hash: one request's state */
  request(id: string): string { return this.k('req', id); }
  /** string counter: the last place in line handed out */
  get lineSeq(): string { return this.k('line', 'seq'); }
  /** zset: undecided request ids scored by place in line */
  get line(): string { return this.k('line'); }
  /** string: every place in line up to this one is decided */
  get decidedUpTo(): string { return this.k('line', 'decided'); }
  /**
   * zset: requests waiting for a RANDOM_AT_OPEN window's draw, scored by ticket (below 2^52: sha1 of
   * the draw's salt, the student and the section) or, joined after the draw time, 2^52 + arrival
   */
  draw(id: string): string { return this.k('draw', id); }
  /** string: the draw's secret salt for its tickets, set by its first request (acceptRequest-0.lua) */
  drawSalt(id: string): string { return this.k('draw', id, 'salt'); }
  /**
   * zset: sections and students a staff delete has marked (members "sec:<id>" / "stu:<id>"), scored
   * by when the mark lapses (ms): a rebuild reads these instead of every hash's del field
   */
  get deleting(): string { return this.k('deleting'); }
  /**
   * zset: sections a staff change holds (members section ids) scored by when the hold lapses (ms):
   * the worker repairs lapsed ones, a rebuild waits for live ones (libs/engine/src/lua/includes/sectionHold.lua)
   */
  get holds(): string { return this.k('holds'); }
  /** zset: draws not held yet, scored by when they are due (ms) */
  get draws(): string { return this.k('draws'); }
  /** string counter: requests waiting in draws (they count against the line cap) */
  get drawsWaiting(): string { return this.k('draws', 'waiting'); }
  /** string counter: the global decision sequence (commit order) */
  get decisionSeq(): string { return this.k('dseq'); }
  /** stream: decisions to commit, entry id = `<seq>-1` */
  get decisionStream(): string { return this.k('decisions'); }
  /** string: highest decision seq durable in MySQL */
  get committedSeq(): string { return this.k('committed'); }
  /** string: the committer's leadership lock */
  get committerLock(): string { return this.k('committer', 'lock'); }
  /** hash: cached open windows (JSON) */
  get windows(): string { return this.k('windows'); }
  /** string counter with a TTL: one fixed window of a rate limit (scope = what is limited). */
  rateLimit(scope: string, id: string | number): string { return this.k('rl', scope, id); }
  /** string: a live refresh token id → "role:userId", TTL = the refresh lifetime (single use). */
  refreshToken(jti: string): string { return this.k('rt', jti); }
  /** set: an account's live refresh-token ids, so a password change can end every session of it */
  refreshTokensOf(role: string, id: number): string { return this.k('rt', 'of', role, String(id)); }
  cache(name: string): string { return this.k('cache', name); }
}
