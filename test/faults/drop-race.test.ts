import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decisions, drift, History, report, Sampler, startCluster, waitAllFinal, waitUntil, type Cluster } from './support/index.js';

// Plan test 4, drop/enroll race: a full section (50 seats), 50 drops while 5,000 requests wait in
// line (a third of the later ones opted in to the waitlist). Every decision is recorded from the
// engine's own decision channel (in decision order), then replayed against a model of the seats.
let c: Cluster;
const CAP = 50;
const LINE = 5000;
const STUDENTS = CAP + LINE;
const TAIL = 200;

beforeAll(async () => {
  c = await startCluster({ services: inject('services'), name: 'drop-race', workers: 1, students: STUDENTS, capacities: [CAP] });
});
afterAll(async () => { await c?.stop(); });

interface Event { rid: string; student: number; outcome: string; reason: string; position: number }

describe('drop/enroll race', () => {
  it('a full section, 50 drops while 5,000 requests wait: never over capacity, each freed seat to the next in line, no seat freed twice', async () => {
    const h = new History(c.base, (s) => c.token(s));
    // Fill the section: students 1..50.
    await History.pool(Array.from({ length: CAP }, (_, i) => () => h.enroll(i + 1, 1)), 10);
    expect(await waitAllFinal(c.env.sql, h, 20_000)).toBeGreaterThanOrEqual(0);
    const holders = new Set(Array.from({ length: CAP }, (_, i) => i + 1));

    // Every decision from here on, in decision order (one Lua script publishes each, atomically).
    const sub = c.env.redis.duplicate();
    const events: Event[] = [];
    sub.on('message', (_ch: string, msg: string) => {
      for (const line of msg.split('\n')) {
        const [rid, s, , outcome, reason, , pos] = line.split('|');
        events.push({ rid: rid!, student: Number(s), outcome: outcome!, reason: reason ?? '', position: Number(pos || 0) });
      }
    });
    await sub.subscribe(c.keys.channel('ch:decisions'));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1]).start();

    // The line: students 51..5050; from the 2,000th on, every third opts in to the waitlist.
    // The last TAIL requests wait for the drops to end, so the line always outlasts them (on a fast
    // run the rest of the line can be accepted before the 50th drop) and every freed seat has takers.
    let dropsDone!: () => void;
    const dropsOver = new Promise<void>((resolve) => { dropsDone = resolve; });
    const load = History.pool(Array.from({ length: LINE }, (_, i) => async () => {
      if (i >= LINE - TAIL) await dropsOver;
      return h.enroll(CAP + 1 + i, 1, null, 10_000, { waitlist: i >= 2000 && i % 3 === 0 });
    }), 48);
    await waitUntil('line forming', async () => Number(await c.env.redis.get(c.keys.lineSeq)) > CAP + 200, 20_000, 5);
    // 50 drops spread over the load, each sent twice at once (a seat must not be freed twice).
    const dropOps = [];
    for (let s = 1; s <= CAP; s++) {
      dropOps.push(...(await Promise.all([h.drop(s, 1), h.drop(s, 1)])));
      await sleep(60);
    }
    const dropsDoneAt = Date.now();
    dropsDone();
    await load;
    const loadDoneAt = Date.now();
    const finalMs = await waitAllFinal(c.env.sql, h, 30_000);
    await waitUntil('decisions durable', async () => {
      const [made, durable] = (await c.env.redis.mget(c.keys.decisionSeq, c.keys.committedSeq)).map((v) => Number(v ?? 0));
      return durable! >= made!;
    }, 30_000, 50);
    await sleep(200);
    await sampler.stop();
    await sub.quit();

    // Replay the decisions against the seats.
    const violations: string[] = [];
    const enrolled = new Set(holders);
    const waitlist: string[] = [];
    const waitlistedBy = new Map<string, Event>();
    let n = CAP, maxN = CAP, lastLinePos = 0, freedToLine = 0, promoted = 0, freed = 0;
    for (const [i, e] of events.entries()) {
      if (e.outcome === 'DROPPED') {
        if (!enrolled.delete(e.student)) violations.push(`#${i} drop by ${e.student} who holds no seat (seat freed twice)`);
        n--; freed++;
        continue;
      }
      const isPromotion = waitlistedBy.has(e.rid) && e.outcome !== 'WAITLISTED';
      if (isPromotion) {
        // A drop promotes inside its own script: the promotion comes right after the drop.
        if (events[i - 1]?.outcome !== 'DROPPED' && events[i - 1]?.outcome !== 'REJECTED') violations.push(`#${i} promotion not right after a drop`);
        if (waitlist[0] !== e.rid) violations.push(`#${i} promoted ${e.rid} (place ${e.position}) but ${waitlist[0]} was first on the waitlist`);
        waitlist.splice(waitlist.indexOf(e.rid), 1);
      } else {
        if (e.position <= lastLinePos) violations.push(`#${i} place ${e.position} decided after place ${lastLinePos}`);
        lastLinePos = e.position;
      }
      if (e.outcome === 'ENROLLED') {
        if (n >= CAP) violations.push(`#${i} granted at ${n}/${CAP}`);
        n++; enrolled.add(e.student);
        if (isPromotion) promoted++; else freedToLine++;
      } else {
        if (n < CAP) violations.push(`#${i} ${e.outcome} ${e.reason} at place ${e.position} while a seat was free (${n}/${CAP})`);
        if (e.outcome === 'WAITLISTED') { waitlist.push(e.rid); waitlistedBy.set(e.rid, e); }
      }
      maxN = Math.max(maxN, n);
    }
    // The line outlasted the drops, so every freed seat must have been taken again.
    if (n !== CAP) violations.push(`ended with ${n}/${CAP} seats taken`);

    const dropStatuses: Record<number, number> = {};
    for (const d of dropOps) dropStatuses[d.status] = (dropStatuses[d.status] ?? 0) + 1;
    const dropped = dropOps.filter((d) => d.status === 200);
    const promotedAnswers = dropped.filter((d) => d.promoted).length;
    const [rows] = (await c.env.sql.query('SELECT student_id FROM enrollment WHERE section_id = 1')) as unknown as [{ student_id: number }[]];
    const [[sec]] = (await c.env.sql.query('SELECT enrolled_count FROM section WHERE id = 1')) as unknown as [[{ enrolled_count: number }]];
    const [wl] = (await c.env.sql.query('SELECT request_id FROM waitlist_entry WHERE section_id = 1 ORDER BY position')) as unknown as [{ request_id: string }[]];
    const accepted = h.accepted();
    const rowsByRequest = new Set((await decisions(c.env.sql)).map((r) => r.request_id));
    const lost = accepted.filter((o) => !rowsByRequest.has(o.requestId!)).length;
    const d = await drift(c.env.sql, c.env.redis, c.keys, [1], STUDENTS);
    const redisN = Number(await c.env.redis.hget(c.keys.section(1), 'n'));
    const mysqlSet = new Set(rows.map((r) => Number(r.student_id)));
    report('4 drop/enroll race', {
      capacity: CAP, lineRequests: LINE, statuses: h.statusCounts(), drops: dropOps.length, dropStatuses, seatsFreed: freed, promotedFromWaitlist: promoted,
      promotedInDropAnswers: promotedAnswers, seatsToLine: freedToLine, waitlistedAtEnd: waitlist.length, waitlistRows: wl.length, decisionsSeen: events.length,
      maxEnrolledSeen: maxN, violations: violations.length, violationExamples: violations.slice(0, 5), oversellSamples: sampler.violations.length, samples: sampler.samples,
      lineOutlastedDropsMs: loadDoneAt - dropsDoneAt, enrolledRows: rows.length, enrolledCount: Number(sec.enrolled_count), redisN, lost, drift: d.count, finalMs,
    });
    expect(h.statusCounts()['202']).toBe(CAP + LINE);
    expect(dropStatuses).toEqual({ 200: CAP, 404: CAP });
    expect(new Set(dropped.map((o) => o.student)).size).toBe(CAP);
    expect(freed).toBe(CAP);
    expect(violations).toEqual([]);
    expect(maxN).toBeLessThanOrEqual(CAP);
    expect(sampler.violations).toEqual([]);
    expect(promoted + freedToLine).toBe(CAP);
    expect(promotedAnswers).toBe(promoted);
    expect(rows.length).toBe(CAP);
    expect(Number(sec.enrolled_count)).toBe(CAP);
    expect(redisN).toBe(CAP);
    expect(mysqlSet).toEqual(enrolled);
    expect(wl.map((r) => r.request_id)).toEqual(waitlist);
    expect(lost).toBe(0);
    expect(d.examples).toEqual([]);
  });
});
