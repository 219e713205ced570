import { createSqlPool } from '@app/database';
import { CommitRepository, EngineStateWriter, RedisCatalogueSync, type DecisionEntry } from '@app/engine';
import type { TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { count, smallEngine, type EngineHarness } from './harness.js';

// Staff edits that land while students are being decided: what the engine owns in Redis (seats
// held, waiting counts) must survive them.
let env: TestEnv;
let h: EngineHarness;

beforeAll(async () => {
  ({ env, h } = await smallEngine(inject('services'), 40));
});
afterAll(async () => { await h?.close(); await env?.cleanup(); });

/** `target` whose method `name` runs `between` after its reply and before returning it. */
function withGapAfter<T extends object>(target: T, name: string, between: () => Promise<unknown>): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof v !== 'function') return v;
      const fn = (v as (...a: unknown[]) => Promise<unknown>).bind(t);
      if (prop !== name) return fn;
      return async (...args: unknown[]) => {
        const reply = await fn(...args);
        await between();
        return reply;
      };
    },
  });
}

describe('a section refreshed from MySQL (every staff edit of a section) while seats are granted', () => {
  it('keeps the seats granted in between: no lost update of the seat count', async () => {
    for (const s of [1, 2, 3]) expect((await h.acceptAndDecide(s, 2)).status).toBe('ENROLLED');
    let granted = false;
    const grant = async () => {
      if (granted) return;
      granted = true;
      expect((await h.acceptAndDecide(4, 2)).status).toBe('ENROLLED');
    };
    // A refresh that reads the seat count and writes it back later loses a grant made in between
    // (it read 3, wrote 3 over 4); one that never reads it has no such gap (the grant then comes after).
    const writer = new EngineStateWriter(withGapAfter(h.redis, 'hmget', grant), h.keys, h.repo);
    await writer.refresh({ sectionIds: [2] });
    await grant();
    expect(Number(await h.redis.hget(h.keys.section(2), 'n'))).toBe(4);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 2')).toBe(4);
    // And a refresh with nothing in between changes nothing the engine owns.
    await h.writer.refresh({ sectionIds: [2] });
    expect(Number(await h.redis.hget(h.keys.section(2), 'n'))).toBe(4);
  });

  it('a capacity raised by staff survives a refresh that read the old one from MySQL', async () => {
    // Two staff edits: the first one's refresh reads capacity 30, the second raises it to 45 (Redis
    // first, as the staff API does), then the first one's refresh writes.
    const writer = new EngineStateWriter(h.redis, h.keys, withGapAfter(h.repo, 'sections', async () => {
      expect((await h.scripts.setCapacity(2, 45)).kind).toBe('set');
      await env.sql.query('UPDATE section SET capacity = 45 WHERE id = 2');
    }));
    await writer.refresh({ sectionIds: [2] });
    expect(Number(await h.redis.hget(h.keys.section(2), 'cap'))).toBe(45);
  });

  it('a new section is loaded whole: capacity, nobody holding a seat, its meetings', async () => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (7, 1, 1, 3, 12)');
    await env.sql.query('INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (7, 4, 3, 3)');
    await h.writer.refresh({ sectionIds: [7], create: true });
    const [cap, n, wl, lec, slots] = await h.redis.hmget(h.keys.section(7), 'cap', 'n', 'wl', 'lec', 'slots');
    expect({ cap, n, wl, lec, slots }).toEqual({ cap: '12', n: '0', wl: '0', lec: '1', slots: String(4 * 32 + 3) });
  });
});

/** Rejects when `p` is not settled within `ms` (a commit that never lands would hold it for 20 s). */
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  p.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`not durable within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a student or a section gone from MySQL while Redis still decides for them', () => {
  // Staff deleted them between a request's acceptance and its commit: the rows the decision
  // implies can no longer reference them. One such decision must not stop every commit after it.
  it("a student's decisions are logged, the seat row is skipped, and everyone else's commits go on", async () => {
    await env.sql.query('DELETE FROM student WHERE id = 40');
    const ghost = h.acceptAndDecide(40, 3);
    const other = h.acceptAndDecide(39, 3);
    expect((await within(other, 8000)).status).toBe('ENROLLED');
    const g = await within(ghost, 8000);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ? AND student_id = 40', [g.requestId])).toBe(1);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 40')).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 39 AND section_id = 3')).toBe(1);
    expect(await count(env, 'SELECT enrolled_count AS n FROM section WHERE id = 3')).toBe(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 3'));
    // The next decisions commit as usual.
    expect((await within(h.acceptAndDecide(38, 3), 8000)).status).toBe('ENROLLED');
    // Redis still counts the ghost's seat until a reconcile, which frees it (and a second changes nothing).
    const held = async () => Number(await h.redis.hget(h.keys.section(3), 'n'));
    const rows = await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 3');
    expect(await held()).toBe(rows + 1);
    const repaired = await h.writer.rebuild({ compare: true });
    expect(repaired.sectionsDrifted).toBeGreaterThanOrEqual(1);
    expect(await held()).toBe(rows);
    // …and the student's keys, which MySQL no longer backs, are gone.
    expect(repaired.examples).toContain('student 40: in Redis, not in MySQL (removed)');
    expect(await h.redis.exists(h.keys.student(40), h.keys.studentSections(40), h.keys.studentSlots(40))).toBe(0);
    expect((await h.writer.rebuild({ compare: true })).sectionsDrifted).toBe(0);
  });

  it("seats Redis granted past MySQL's capacity are committed with MySQL's capacity raised to them, and the commits go on", async () => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (13, 2, 2, 13, 1)');
    await h.writer.refresh({ sectionIds: [13], create: true });
    // A capacity Redis has and MySQL does not (a change whose hold lapsed during its COMMIT, say).
    expect((await h.scripts.setCapacity(13, 3)).kind).toBe('set');
    const granted = await Promise.all([14, 15].map((s) => within(h.acceptAndDecide(s, 13), 8000)));
    expect(granted.map((g) => g.status)).toEqual(['ENROLLED', 'ENROLLED']);
    // Before: the batch broke ck_section_enrolled on every retry and no decision after it became durable.
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 13')).toBe(2);
    expect(await count(env, 'SELECT capacity AS n FROM section WHERE id = 13')).toBe(2);
    expect((await within(h.acceptAndDecide(16, 3), 8000)).status).toBe('ENROLLED');
  });

  it("a section's enrollment rows are skipped, its decisions logged, and the commits go on", async () => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (8, 2, 2, 2, 10)');
    await h.writer.refresh({ sectionIds: [8], create: true });
    await env.sql.query('DELETE FROM section WHERE id = 8');
    const ghost = h.acceptAndDecide(37, 8);
    const other = h.acceptAndDecide(36, 3);
    expect((await within(other, 8000)).status).toBe('ENROLLED');
    const g = await within(ghost, 8000);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ? AND section_id = 8', [g.requestId])).toBe(1);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 8')).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 36 AND section_id = 3')).toBe(1);
    // A reconcile removes the section Redis still had: the next request for it is SECTION_NOT_FOUND.
    const report = await h.writer.rebuild({ compare: true });
    expect(report.examples).toContain('section 8: in Redis, not in MySQL (removed)');
    expect(await h.redis.exists(h.keys.section(8))).toBe(0);
    expect(await within(h.acceptAndDecide(34, 8), 8000)).toMatchObject({ status: 'REJECTED' });
    expect(await count(env, "SELECT COUNT(*) AS n FROM decision_log WHERE student_id = 34 AND section_id = 8 AND reason = 'SECTION_NOT_FOUND'")).toBe(1);
    expect((await h.writer.rebuild({ compare: true })).sectionsDrifted).toBe(0);
  });
});

describe('a staff change rolled back after a grant used it', () => {
  it('a section reloaded with other slots while seats are held there is reported (stale timetables until a reconcile); the same slots in another order are not', async () => {
    const logged: string[] = [];
    const writer = new EngineStateWriter(h.redis, h.keys, h.repo);
    (writer as unknown as { log: { error: (m: string) => void } }).log = { error: (m: string) => logged.push(m) };
    // Section 1 (Mon 1-2) holds seats; Redis has its slots in another order than MySQL's rows.
    expect((await h.acceptAndDecide(35, 1)).status).toBe('ENROLLED');
    const slots = (await h.redis.hget(h.keys.section(1), 'slots'))!;
    await h.redis.hset(h.keys.section(1), 'slots', slots.split(',').reverse().join(','));
    await writer.refresh({ sectionIds: [1] });
    expect(logged).toEqual([]);
    // As if a meeting move had reached Redis, a grant had used it, and the MySQL commit had failed.
    await h.redis.hset(h.keys.section(1), 'slots', String(6 * 32 + 1));
    await writer.refresh({ sectionIds: [1] });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('section(s) 1:');
    expect(await h.redis.hget(h.keys.section(1), 'slots')).toBe(slots);
  });
});

describe('a delete racing a refresh or a rebuild that read MySQL before it', () => {
  /** Marks the section in Redis, deletes it from MySQL and then its keys, as the staff API does. */
  const deleteSection = async (id: number) => {
    expect((await h.scripts.retire('section', id)).kind).toBe('marked');
    await env.sql.query('DELETE FROM section_meeting WHERE section_id = ?', [id]);
    await env.sql.query('DELETE FROM section WHERE id = ?', [id]);
    await h.writer.forgetDeleted('section', id);
  };
  const addSection = async (id: number) => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (?, 2, 2, ?, 10)', [id, id]);
    await h.writer.refresh({ sectionIds: [id], create: true });
    expect(await h.redis.exists(h.keys.section(id))).toBe(1);
  };

  it('a refresh does not bring a deleted section back', async () => {
    await addSection(20);
    const writer = new EngineStateWriter(h.redis, h.keys, withGapAfter(h.repo, 'sections', () => deleteSection(20)));
    await writer.refresh({ sectionIds: [20] });
    expect(await h.redis.exists(h.keys.section(20))).toBe(0);
  });

  it('nor does a reconcile, nor a refresh of a deleted student', async () => {
    await addSection(21);
    // Marked before the reconcile started (a delete refuses while one runs), committed during it.
    expect((await h.scripts.retire('section', 21)).kind).toBe('marked');
    let once = false;
    const writer = new EngineStateWriter(h.redis, h.keys, withGapAfter(h.repo, 'sections', async () => {
      if (once) return;
      once = true;
      await env.sql.query('DELETE FROM section WHERE id = 21');
      await h.writer.forgetDeleted('section', 21);
    }));
    await writer.rebuild({ compare: true });
    expect(await h.redis.exists(h.keys.section(21))).toBe(0);
    // A student: their limits reloaded after staff deleted them stay gone.
    expect((await h.scripts.retire('student', 33)).kind).toBe('marked');
    await env.sql.query('DELETE FROM student WHERE id = 33');
    await h.writer.forgetDeleted('student', 33);
    await h.writer.refresh({ studentIds: [33] });
    expect(await h.redis.exists(h.keys.student(33))).toBe(0);
  });

  it('a refresh keeps a grant decided between its MySQL read and its write', async () => {
    const writer = new EngineStateWriter(h.redis, h.keys, withGapAfter(h.repo, 'sections', async () => {
      expect((await h.acceptAndDecide(32, 2)).status).toBe('ENROLLED');
    }));
    const before = Number(await h.redis.hget(h.keys.section(2), 'n'));
    await writer.refresh({ sectionIds: [2] });
    expect(Number(await h.redis.hget(h.keys.section(2), 'n'))).toBe(before + 1);
  });
});

describe('a section marked for deletion', () => {
  it('takes no requests while marked, keeps taking staff edits and rebuilds, and a refused delete only clears the mark', async () => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (23, 2, 2, 23, 10)');
    await h.writer.refresh({ sectionIds: [23], create: true });
    const sync = new RedisCatalogueSync(h.scripts, h.writer, null, h.watermark);
    const gone = await sync.retire('section', 23);
    if (gone.kind !== 'marked') throw new Error('not marked');
    expect(gone.mark).not.toBe('');
    expect(await h.acceptAndDecide(31, 23)).toMatchObject({ status: 'REJECTED' });
    expect(await count(env, "SELECT COUNT(*) AS n FROM decision_log WHERE student_id = 31 AND section_id = 23 AND reason = 'SECTION_NOT_FOUND'")).toBe(1);
    // A second delete meanwhile is refused, and any delete while a rebuild runs (it could write the
    // hash back without its mark); a staff edit and a reconcile keep the mark.
    await h.redis.set(h.keys.paused, 'test');
    expect(await h.scripts.retire('section', 22)).toEqual({ kind: 'not-ready' });
    expect(await h.scripts.retire('student', 28)).toEqual({ kind: 'not-ready' });
    await h.redis.del(h.keys.paused);
    expect(await sync.retire('section', 23)).toEqual({ kind: 'busy' });
    expect(await sync.setCapacity(23, 50)).toEqual({ ok: true });
    await env.sql.query('UPDATE section SET capacity = 50 WHERE id = 23');
    await h.writer.rebuild({ compare: true });
    expect(await h.redis.hget(h.keys.section(23), 'del')).toBe(gone.mark);
    // MySQL refused the delete: only the mark goes (a wrong mark changes nothing), the edit stays.
    await sync.restore('section', 23, 'not-the-mark');
    expect(await h.redis.hget(h.keys.section(23), 'del')).toBe(gone.mark);
    await sync.restore('section', 23, gone.mark);
    expect(await h.redis.hmget(h.keys.section(23), 'cap', 'n', 'del')).toEqual(['50', '0', null]);
    expect((await h.acceptAndDecide(30, 23)).status).toBe('ENROLLED');
  });
});

describe('a drop for a section Redis no longer has (drift)', () => {
  it('changes nothing and answers not-ready, instead of leaving a partial section hash', async () => {
    expect((await h.acceptAndDecide(29, 3)).status).toBe('ENROLLED');
    const hash = await h.redis.hgetall(h.keys.section(3));
    await h.redis.del(h.keys.section(3));
    expect(await h.scripts.drop(29, 3, 'drop-drift', Date.now(), null)).toEqual({ kind: 'not-ready' });
    expect(await h.redis.exists(h.keys.section(3))).toBe(0);
    expect(await h.redis.hget(h.keys.studentSections(29), '3')).not.toBeNull();
    await h.redis.hset(h.keys.section(3), hash);
  });
});

describe('a full prime while a marked delete commits', () => {
  it('takes out the section MySQL deleted after the prime read it', async () => {
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (24, 2, 2, 24, 10)');
    await h.writer.refresh({ sectionIds: [24], create: true });
    expect((await h.scripts.retire('section', 24)).kind).toBe('marked');
    let once = false;
    const writer = new EngineStateWriter(h.redis, h.keys, withGapAfter(h.repo, 'sections', async () => {
      if (once) return;
      once = true;
      await env.sql.query('DELETE FROM section WHERE id = 24');
    }));
    await writer.rebuild({ compare: false });
    expect(await h.redis.exists(h.keys.section(24))).toBe(0);
    // And the prime left the rest working.
    expect((await h.acceptAndDecide(27, 2)).status).toBe('ENROLLED');
  });
});

describe('a section held by a staff change whose MySQL commit is in flight (includes/sectionHold.lua)', () => {
  it('the line waits at the first request for it: nothing behind it is decided first, and all go on at the release', async () => {
    const accept = async (student: number, section: number) => {
      const a = await h.gate.accept(student, section, null, false);
      if ('error' in a) throw new Error(a.error);
      return a.view;
    };
    const a = await accept(20, 3);
    const b = await accept(21, 5);
    const c = await accept(22, 3);
    expect((await h.scripts.setCapacity(5, 31, 'change-1')).kind).toBe('set');
    const r = await h.scripts.decideUpTo(c.position!, 64, Date.now(), [a.requestId, b.requestId, c.requestId]);
    expect(r.kind).toBe('held');
    if (r.kind !== 'held') return;
    expect(r.own.map((o) => o.status)).toEqual(['ENROLLED', 'QUEUED', 'QUEUED']);
    expect(r.decidedUpTo).toBe(a.position);
    expect(await h.redis.zrangebyscore(h.keys.line, '-inf', '+inf')).toEqual([b.requestId, c.requestId]);
    // A staff enrolment and a drop there wait as well.
    expect(await h.scripts.enrollNow(23, 5, 'held-enroll', Date.now(), 1)).toEqual({ kind: 'held' });
    // Released: the rest are decided in line order.
    expect(await h.scripts.releaseHolds([5], 'change-1')).toEqual({ released: 1, promoted: 0 });
    const last = await h.decisions.decide(c.requestId, c.position!);
    expect(last.status).toBe('ENROLLED');
    const [bStatus, bSeq] = await h.redis.hmget(h.keys.request(b.requestId), 'st', 'seq');
    expect(bStatus).toBe('ENROLLED');
    expect(Number(bSeq)).toBeLessThan(last.seq);
    expect(await h.redis.zcard(h.keys.holds)).toBe(0);
  });

  it('another change\'s token does not release it; a job waiting behind it is decided once it is released', async () => {
    expect((await h.scripts.setCapacity(5, 32, 'change-2')).kind).toBe('set');
    const a = await h.gate.accept(24, 5, null, false);
    if ('error' in a) throw new Error(a.error);
    const job = h.decisions.decide(a.view.requestId, a.view.position!);
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.scripts.releaseHolds([5], 'someone-else')).toEqual({ released: 0, promoted: 0 });
    expect(await h.redis.hget(h.keys.request(a.view.requestId), 'st')).toBe('QUEUED');
    expect(await h.scripts.releaseHolds([5], 'change-2')).toEqual({ released: 1, promoted: 0 });
    expect((await job).status).toBe('ENROLLED');
  });

  it('a rebuild waits for a live hold and refuses new ones meanwhile; afterwards none is left', async () => {
    expect((await h.scripts.setCapacity(4, 30, 'change-3')).kind).toBe('set');
    const t0 = Date.now();
    const rebuild = h.writer.rebuild({ compare: true });
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.scripts.setCapacity(2, 33, 'change-4')).kind).toBe('not-ready');
    expect((await h.scripts.setCapacity(2, 33)).kind).toBe('set'); // an undo holds nothing, and is not refused
    expect(await h.scripts.releaseHolds([4], 'change-3')).toEqual({ released: 1, promoted: 0 });
    await rebuild;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(await h.redis.zcard(h.keys.holds)).toBe(0);
    expect(await h.redis.hexists(h.keys.section(4), 'hold')).toBe(0);
    await h.scripts.setCapacity(2, 30);
  });
});

describe('holds of two staff changes on one section, rebuilds and staff-made waitlist places (review of the holds)', () => {
  beforeAll(async () => {
    // Sections of their own, open to everyone: 10 (one seat) and 11.
    await env.sql.query("INSERT INTO major (id, name, general_education) VALUES (9, 'Open', 1)");
    await env.sql.query("INSERT INTO lecture (id, code, name, credits, major_id) VALUES (10, 'OP100', 'Open', 1, 9), (11, 'OP200', 'Open 2', 1, 9), (12, 'OP300', 'Open 3', 1, 9)");
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (10, 10, 3, 10, 1), (11, 11, 3, 11, 5), (12, 12, 3, 12, 1)');
    await h.writer.refresh({ sectionIds: [10, 11, 12], create: true });
  });

  it('two changes hold a section together: the first release leaves it held by the second', async () => {
    expect((await h.scripts.setCapacity(11, 6, 'change-S')).kind).toBe('set');
    expect((await h.scripts.setCredits([11], 2, 'change-L')).kind).toBe('set');
    const a = await h.gate.accept(25, 11, null, false);
    if ('error' in a) throw new Error(a.error);
    // Before: L's token overwrote S's, and L's release left the section unheld while S's commit was still open.
    expect(await h.scripts.releaseHolds([11], 'change-L')).toEqual({ released: 1, promoted: 0 });
    expect((await h.scripts.decideUpTo(a.view.position!, 64, Date.now(), [a.view.requestId])).kind).toBe('held');
    expect(await h.scripts.confirmHolds([11], 'change-S')).toBe(true);
    expect(await h.scripts.confirmHolds([11], 'change-L')).toBe(false);
    await h.scripts.setCredits([11], 1); // L's undo, holding nothing
    expect(await h.scripts.releaseHolds([11], 'change-S')).toEqual({ released: 1, promoted: 0 });
    expect((await h.decisions.decide(a.view.requestId, a.view.position!)).status).toBe('ENROLLED');
    expect(await h.redis.hexists(h.keys.section(11), 'hold')).toBe(0);
  });

  it('a hold that lapsed is not confirmed: its change must roll back', async () => {
    expect((await h.scripts.setCapacity(11, 7, 'change-late')).kind).toBe('set');
    expect(await h.scripts.confirmHolds([11], 'change-late', Date.now() + 60_000)).toBe(false);
    expect(await h.scripts.confirmHolds([11], 'change-late')).toBe(true);
    expect(await h.scripts.releaseHolds([11], 'change-late')).toEqual({ released: 1, promoted: 0 });
  });

  it('a capacity raise released while a rebuild has the engine paused: the rebuild offers the new seat to the waitlist at its end', async () => {
    expect((await h.acceptAndDecide(26, 10)).status).toBe('ENROLLED');
    const w = await h.acceptAndDecide(27, 10, true);
    expect(w.status).toBe('WAITLISTED');
    expect((await h.scripts.setCapacity(10, 2, 'change-R')).kind).toBe('set');
    const rebuild = h.writer.rebuild({ compare: true });
    await new Promise((r) => setTimeout(r, 100));
    await env.sql.query('UPDATE section SET capacity = 2 WHERE id = 10'); // the staff change commits
    expect(await h.scripts.releaseHolds([10], 'change-R')).toEqual({ released: 1, promoted: 0 }); // paused: nobody yet
    await rebuild;
    // Before: nobody was promoted, and the next request took the seat.
    expect(await h.redis.hget(h.keys.request(w.requestId), 'st')).toBe('ENROLLED');
    expect(await h.redis.hmget(h.keys.section(10), 'cap', 'n')).toEqual(['2', '2']);
  });

  it('a rebuild lifts its pause and offers the seats in one step: a request later in line, asked for all along, does not take the waiting one\'s seat', async () => {
    expect((await h.acceptAndDecide(11, 12)).status).toBe('ENROLLED');
    const w = await h.acceptAndDecide(12, 12, true);
    expect(w.status).toBe('WAITLISTED');
    expect((await h.scripts.setCapacity(12, 2, 'change-Q')).kind).toBe('set');
    const q = await h.gate.accept(13, 12, null, false);
    if ('error' in q) throw new Error(q.error);
    // A worker asking for the line without pause, as jobs do.
    let asking = true;
    const asker = (async () => { while (asking) { await h.scripts.decideUpTo(q.view.position!, 64, Date.now()); await new Promise((r) => setTimeout(r, 1)); } })();
    const rebuild = h.writer.rebuild({ compare: true });
    await new Promise((r) => setTimeout(r, 100));
    await env.sql.query('UPDATE section SET capacity = 2 WHERE id = 12'); // the staff change commits
    expect(await h.scripts.releaseHolds([12], 'change-Q')).toEqual({ released: 1, promoted: 0 }); // paused: nobody yet
    await rebuild;
    await new Promise((r) => setTimeout(r, 50));
    asking = false;
    await asker;
    // Before: the pause was lifted first, and the asker's next call gave the seat to the later request.
    expect(await h.redis.hget(h.keys.request(w.requestId), 'st')).toBe('ENROLLED');
    expect(await h.redis.hmget(h.keys.request(q.view.requestId), 'st', 'rsn')).toEqual(['REJECTED', 'SECTION_FULL']);
  });

  it('a section that waits every request: a student waits, staff acting for a student are answered at once (SECTION_FULL), and reconcile keeps the list as decided', async () => {
    await env.sql.query('UPDATE section SET waitlist_enabled = 1 WHERE id = 10');
    await h.writer.refresh({ sectionIds: [10] });
    const first = await h.acceptAndDecide(28, 10); // full: waits (the section's setting)
    expect(first.status).toBe('WAITLISTED');
    // Before: staff were waitlisted too (answered 409 REJECTED, with no reservation the student could withdraw).
    expect(await h.gate.enrollNow(29, 10, 1)).toMatchObject({ status: 'REJECTED', reason: 'SECTION_FULL' });
    const second = await h.acceptAndDecide(30, 10);
    expect(second.status).toBe('WAITLISTED');
    await new Promise((r) => setTimeout(r, 300)); // committed
    expect(await h.redis.lrange(h.keys.sectionWaitlist(10), 0, -1)).toEqual([first.requestId, second.requestId]);
    const report = await h.writer.rebuild({ compare: true });
    expect(report.waitlistsRepaired).toBe(0);
    expect(await h.redis.lrange(h.keys.sectionWaitlist(10), 0, -1)).toEqual([first.requestId, second.requestId]);
  });
});

describe('the committer past MySQL capacity, on a replayed batch (review of the capacity retry)', () => {
  it('judges the sections by the decisions it writes: a replayed drop ahead of them does not hide the one to raise', async () => {
    await env.sql.query("INSERT INTO lecture (id, code, name, credits, major_id) VALUES (14, 'RP100', 'Replay', 1, 9)");
    await env.sql.query('INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (14, 14, 3, 14, 2)');
    // A stream of its own (its own cursor row), beside the harness's committer.
    const repo = new CommitRepository(createSqlPool(env.config.database, { multipleStatements: true }), 'replay-test');
    const e = (seq: number, studentId: number, outcome: 'ENROLLED' | 'DROPPED'): DecisionEntry => ({
      seq, requestId: `replay-${seq}`, studentId, sectionId: 14, action: outcome === 'DROPPED' ? 'DROP' : 'ENROLL', outcome, reason: null,
      position: seq, lectureId: 14, credits: 1, decidedAt: Date.now(), acceptedAt: null, promoted: false, staffId: null,
    });
    try {
      await repo.commit([e(1, 17, 'ENROLLED'), e(2, 18, 'ENROLLED')]);
      await repo.commit([e(3, 17, 'DROPPED')]); // 1 of 2 seats held
      // The drop is replayed (a committer died before saying it was durable) ahead of two grants past capacity.
      const res = await repo.commit([e(3, 17, 'DROPPED'), e(4, 19, 'ENROLLED'), e(5, 20, 'ENROLLED')]);
      // Before: the drop in the batch made the section look within capacity, and every retry failed.
      expect(res).toMatchObject({ committedSeq: 5, capacityRaised: [14] });
      expect(await count(env, 'SELECT capacity AS n FROM section WHERE id = 14')).toBe(3);
      expect(await count(env, 'SELECT enrolled_count AS n FROM section WHERE id = 14')).toBe(3);
    } finally {
      await repo.close();
    }
  });
});
