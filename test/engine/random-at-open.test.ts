import { EngineNotReadyError } from '@app/engine';
import { createTestEnv, type TestEnv } from '@app/testing';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedUniversity } from '../faults/support/cluster.js';
import { count, engineHarness, type EngineHarness } from './harness.js';

// RANDOM_AT_OPEN: the requests of a window's first DRAW_MS join a draw and get their places when
// it is held, in ticket order (sha1 of the draw's secret salt, the student and the section); later
// ones are first come, first served. A rebuild after Redis lost the draw places it in request-id order.
let env: TestEnv;
let h: EngineHarness;
const STUDENTS = 400;
const DRAW_MS = 1500;
let windowId = 0;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Moves the window's start to now: a new start is a new draw. */
async function restartWindow(): Promise<number> {
  const start = Date.now() - 100;
  await env.sql.query('UPDATE open_time SET starts_at = ? WHERE id = ?', [new Date(start), windowId]);
  return start;
}

async function acceptAll(students: number[], section: number) {
  const views = [];
  for (const s of students) {
    const a = await h.gate.accept(s, section, null, false);
    if ('error' in a) throw new Error(a.error);
    views.push(a.view);
  }
  return views;
}

/** A request's ticket in its draw, as acceptRequest-0.lua computes it. */
const ticket = (salt: string, student: number, section: number) => parseInt(createHash('sha1').update(`${salt}:${student}:${section}`).digest('hex').slice(0, 13), 16);

const placeOf = async (requestId: string) => Number(await h.redis.hget(h.keys.request(requestId), 'pos'));

beforeAll(async () => {
  env = await createTestEnv(inject('services'));
  // Section 1: 50 seats, section 2: 1,000; the window starts in an hour until a test restarts it.
  await seedUniversity(env, { students: STUDENTS, capacities: [50, 1000], window: 'future' });
  await env.sql.query("UPDATE open_time SET queue_mode = 'RANDOM_AT_OPEN'");
  windowId = Number(((await env.sql.query('SELECT id FROM open_time')) as unknown as [{ id: number }[]])[0][0]!.id);
  h = await engineHarness(env, { batchRows: 200, batchMs: 5, drawPeriodMs: DRAW_MS });
  await h.writer.rebuild({ compare: false });
  h.committer.start();
});
afterAll(async () => { await h?.close(); await env?.cleanup(); });

describe('RANDOM_AT_OPEN', () => {
  it('places the draw period\'s requests by a draw, not by arrival, and later ones after them; seats go in that order', async () => {
    const start = await restartWindow();
    const drawAt = start + DRAW_MS;
    const early = await acceptAll(Array.from({ length: 200 }, (_, i) => i + 1), 1);
    expect(Date.now()).toBeLessThan(drawAt); // all of them inside the draw period
    for (const v of early) {
      expect(v.status).toBe('QUEUED');
      expect(v.position).toBeUndefined();
      expect(v.drawAt).toBe(new Date(drawAt).toISOString());
    }
    // Before the draw: no place, the same request again for a second click, and a reconcile keeps the reservation.
    expect(await h.gate.status(1, early[0]!.requestId)).toMatchObject({ status: 'QUEUED', drawAt: new Date(drawAt).toISOString() });
    const again = await h.gate.accept(1, 1, null, false);
    expect('view' in again && again.view.requestId).toBe(early[0]!.requestId);
    expect('view' in again && again.view.drawAt).toBe(new Date(drawAt).toISOString());
    const report = await h.writer.rebuild({ compare: true });
    expect(report.reservationsRepaired).toBe(0);
    await expect(h.decisions.decide(early[1]!.requestId, 0)).rejects.toBeInstanceOf(EngineNotReadyError);
    expect(await h.redis.zcard(h.keys.line)).toBe(0);

    const salt = await h.redis.get(h.keys.drawSalt(`${windowId}:${start}`));
    expect(salt).toMatch(/^[0-9a-f-]{36}$/);
    const byTicket = early.map((v, i) => ({ id: v.requestId, t: ticket(salt!, i + 1, 1) })).sort((a, b) => a.t - b.t).map((x) => x.id);
    await sleep(drawAt - Date.now() + 20);
    // Just after the draw time, before anyone has held the draw: a request still joins it.
    const [straggler] = await acceptAll([201], 1);
    expect(straggler).toMatchObject({ status: 'QUEUED', drawAt: new Date(drawAt).toISOString() });
    expect(await h.decisions.holdDueDraws()).toBe(201); // the worker's tick holds it
    // Held: later requests are first come, first served, behind every drawn one.
    const late = await acceptAll(Array.from({ length: 100 }, (_, i) => 202 + i), 1);
    expect(await placeOf(straggler!.requestId)).toBeGreaterThan(0);
    const earlyPlaces = await Promise.all(early.map((v) => placeOf(v.requestId)));
    const latePlaces = late.map((v) => v.position!);
    expect(earlyPlaces.every((p) => p > 0)).toBe(true);
    expect(new Set(earlyPlaces).size).toBe(200);
    expect(Math.max(...earlyPlaces)).toBeLessThan(Math.min(...latePlaces));
    // The one that joined after the draw time comes after the draw period's requests (first come, first served).
    expect(await placeOf(straggler!.requestId)).toBe(Math.max(...earlyPlaces) + 1);
    expect(latePlaces).toEqual([...latePlaces].sort((a, b) => a - b)); // after the draw: arrival order
    // The draw's order is the tickets' order, not the order they came in.
    const drawn = early.map((v, i) => ({ id: v.requestId, place: earlyPlaces[i]!, arrived: i })).sort((a, b) => a.place - b.place);
    expect(drawn.map((d) => d.id)).toEqual(byTicket);
    expect(await h.redis.exists(h.keys.drawSalt(`${windowId}:${start}`))).toBe(0); // gone with the draw
    const inArrivalOrder = drawn.filter((d, i) => i > 0 && d.arrived > drawn[i - 1]!.arrived).length;
    expect(inArrivalOrder).toBeLessThan(150); // arrival order would be 199 (a shuffle of 200: ~100)
    console.log(`draw of 200: ${inArrivalOrder} of 199 neighbours in arrival order; places ${Math.min(...earlyPlaces)}–${Math.max(...earlyPlaces)}, later arrivals from ${Math.min(...latePlaces)}`);

    // Decide everything as jobs would (a draw request's job carries place 0), 20 at a time in a shuffled order.
    const jobs = [...early, straggler!].map((v) => ({ id: v.requestId, p: 0 })).concat(late.map((v) => ({ id: v.requestId, p: v.position! }))).sort(() => Math.random() - 0.5);
    let next = 0;
    await Promise.all(Array.from({ length: 20 }, async () => { while (next < jobs.length) { const j = jobs[next++]!; await h.decisions.decide(j.id, j.p); } }));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 1')).toBe(50);
    // The 50 seats went to the 50 first places: all drawn requests, whatever their arrival.
    const [rows] = (await env.sql.query("SELECT request_id, outcome, position FROM decision_log WHERE section_id = 1 ORDER BY position")) as unknown as [{ request_id: string; outcome: string; position: number }[]];
    expect(rows).toHaveLength(301);
    expect(rows.slice(0, 50).every((r) => r.outcome === 'ENROLLED')).toBe(true);
    expect(rows.slice(50).every((r) => r.outcome === 'REJECTED')).toBe(true);
    expect(rows.slice(0, 200).map((r) => r.request_id)).toEqual(byTicket);
    expect(rows[200]!.request_id).toBe(straggler!.requestId);
    expect(rows.slice(201).map((r) => r.request_id)).toEqual(late.map((v) => v.requestId));
  });

  it('a draw no job reaches is held by the worker tick (holdDueDraws)', async () => {
    const start = await restartWindow();
    const views = await acceptAll(Array.from({ length: 20 }, (_, i) => i + 1), 2);
    expect(views.every((v) => v.position === undefined)).toBe(true);
    expect(await h.decisions.holdDueDraws()).toBe(0); // not due yet
    await sleep(start + DRAW_MS - Date.now() + 20);
    expect(await h.decisions.holdDueDraws()).toBe(20);
    const places = await Promise.all(views.map((v) => placeOf(v.requestId)));
    expect(places.every((p) => p > 0)).toBe(true);
    expect(await h.decisions.holdDueDraws()).toBe(0); // held once
    await Promise.all(views.map((v) => h.decisions.decide(v.requestId, 0)));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 2')).toBe(20);
  });

  it('with no worker holding it, later requests keep joining the draw, first come, first served after its own, until one does', async () => {
    const start = await restartWindow();
    const views = await acceptAll(Array.from({ length: 10 }, (_, i) => 51 + i), 2);
    await sleep(start + DRAW_MS + 2500 - Date.now());
    const late = await acceptAll([61, 62, 63], 2); // long after the draw time, the draw still not held
    expect(late.every((v) => v.position === undefined && v.drawAt)).toBe(true);
    expect(await h.redis.get(h.keys.drawsWaiting)).toBe('13');
    expect(await h.decisions.holdDueDraws()).toBe(13); // a worker comes back: its tick holds the draw
    const places = await Promise.all(views.map((v) => placeOf(v.requestId)));
    const latePlaces = await Promise.all(late.map((v) => placeOf(v.requestId)));
    expect(Math.max(...places)).toBeLessThan(Math.min(...latePlaces));
    expect(latePlaces).toEqual([...latePlaces].sort((a, b) => a - b));
    expect(await h.redis.get(h.keys.drawsWaiting)).toBe('0');
    // Each drawn place is in the journal, whatever order the API's own rows landed in.
    await h.journal.flush();
    const [rows] = (await env.sql.query('SELECT request_id, position FROM intake_journal WHERE student_id BETWEEN 51 AND 63')) as unknown as [{ request_id: string; position: number }[]];
    const journaled = new Map(rows.map((r) => [r.request_id, Number(r.position)]));
    for (const [i, v] of [...views, ...late].entries()) expect(journaled.get(v.requestId)).toBe([...places, ...latePlaces][i]);
    await Promise.all([...views, ...late].map((v) => h.decisions.decide(v.requestId, 0)));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 2 AND student_id BETWEEN 51 AND 63')).toBe(13);
  });

  it('Redis state lost after the draw is held: undecided drawn requests keep their drawn places, ahead of later arrivals', async () => {
    const start = await restartWindow();
    const drawn = await acceptAll(Array.from({ length: 20 }, (_, i) => 201 + i), 2);
    await h.journal.flush();
    await sleep(start + DRAW_MS - Date.now() + 20);
    expect(await h.decisions.holdDueDraws()).toBe(20); // the holder journals the places it handed out
    const later = await acceptAll(Array.from({ length: 10 }, (_, i) => 221 + i), 2);
    await h.journal.flush();
    const drawnPlaces = new Map(await Promise.all(drawn.map(async (v) => [v.requestId, await placeOf(v.requestId)] as const)));
    // A stale draw key left behind must not survive the rebuild (nothing in it may be placed twice).
    await h.redis.zadd(h.keys.draw('stale:0'), 0, drawn[0]!.requestId);
    await h.redis.zadd(h.keys.draws, Date.now() - 1, 'stale:0');
    const report = await h.writer.rebuild({ compare: false });
    const redriven = new Map(report.redriven.map((r) => [r.requestId, r.position]));
    for (const v of drawn) expect(redriven.get(v.requestId)).toBe(drawnPlaces.get(v.requestId));
    for (const v of later) expect(redriven.get(v.requestId)).toBe(v.position);
    expect(await h.redis.exists(h.keys.draws, h.keys.draw('stale:0'))).toBe(0);
    expect(await h.decisions.holdDueDraws()).toBe(0);
    await Promise.all([...drawn, ...later].map((v) => h.decisions.decide(v.requestId, redriven.get(v.requestId)!)));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 2 AND student_id BETWEEN 201 AND 230')).toBe(30);
  });

  it('Redis state lost during the draw period: the rebuild places the journaled draw requests in request-id order', async () => {
    await restartWindow();
    const views = await acceptAll(Array.from({ length: 30 }, (_, i) => 101 + i), 2);
    await h.journal.flush();
    const maxBefore = Number(await h.redis.get(h.keys.lineSeq));
    const report = await h.writer.rebuild({ compare: false }); // a full prime: the line comes from MySQL alone
    const redriven = new Map(report.redriven.map((r) => [r.requestId, r.position]));
    const places = views.map((v) => redriven.get(v.requestId)!);
    expect(places.every((p) => p > maxBefore)).toBe(true);
    const ordered = views.map((v, i) => ({ id: v.requestId, place: places[i]! })).sort((a, b) => a.place - b.place);
    expect(ordered.map((o) => o.id)).toEqual(views.map((v) => v.requestId).sort(byId));
    await Promise.all(views.map((v) => h.decisions.decide(v.requestId, redriven.get(v.requestId)!)));
    expect(await count(env, 'SELECT COUNT(*) AS n FROM enrollment WHERE section_id = 2 AND student_id BETWEEN 101 AND 130')).toBe(30);
  });

  it('late joiners of the same millisecond keep their arrival order', async () => {
    // Called as the API calls it, with a clock that does not move: ties on the clock must not
    // fall back to the order of the (random) request ids.
    const at = Date.now() + 60_000;
    const draw = { id: 'same-ms:1', at };
    const join = (student: number, now: number) => h.scripts.accept({
      studentId: student, sectionId: 2, requestId: randomUUID(), idempotencyKey: null, now, waitlist: false, maxWaiting: 1_000_000, idempotencyTtlSeconds: 3600, draw,
    });
    const early = await join(360, at - 1000);
    const late = [];
    for (let s = 361; s <= 370; s++) late.push(await join(s, at + 5));
    expect([early, ...late].every((r) => r.kind === 'accepted' && r.position === 0)).toBe(true);
    const held = await h.scripts.holdDraw(draw.id, '', at + 10, 100);
    expect(held.kind).toBe('held');
    const placeOfId = new Map(held.kind === 'held' ? held.places.map((p) => [p.requestId, p.position]) : []);
    const latePlaces = late.map((r) => placeOfId.get(r.kind === 'accepted' ? r.requestId : '')!);
    expect(latePlaces).toEqual([...latePlaces].sort((a, b) => a - b));
    expect(Math.min(...latePlaces)).toBeGreaterThan(placeOfId.get(early.kind === 'accepted' ? early.requestId : '')!);
    await Promise.all([early, ...late].map((r) => r.kind === 'accepted' && h.decisions.decide(r.requestId, placeOfId.get(r.requestId)!)));
  });

  it('a request withdrawn while it waits for its draw leaves the draw: no place when it is held, its job ends CANCELLED', async () => {
    const start = await restartWindow();
    const [a, b] = await acceptAll([380, 381], 2);
    const waiting = Number(await h.redis.get(h.keys.drawsWaiting));
    expect(await h.gate.drop(380, 2)).toEqual({ requestId: a!.requestId, promotedRequestId: null, withdrawn: true });
    expect(Number(await h.redis.get(h.keys.drawsWaiting))).toBe(waiting - 1);
    await sleep(Math.max(0, start + DRAW_MS - Date.now() + 20));
    await h.decisions.holdDueDraws();
    expect(await h.redis.hget(h.keys.request(a!.requestId), 'pos')).toBeNull();
    expect((await h.decisions.decide(a!.requestId, 0)).status).toBe('CANCELLED');
    expect((await h.decisions.decide(b!.requestId, 0)).status).toBe('ENROLLED');
    expect(await count(env, "SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ? AND outcome = 'CANCELLED'", [a!.requestId])).toBe(1);
  });

  it('withdrawing and enrolling again draws the same ticket: nobody re-rolls a place in the draw', async () => {
    const start = await restartWindow();
    const draw = `${windowId}:${start}`;
    await acceptAll(Array.from({ length: 12 }, (_, i) => 360 + i), 2);
    const salt = (await h.redis.get(h.keys.drawSalt(draw)))!;
    // Before: each new request had a new random id, and the draw ran in id order; a student withdrew
    // and enrolled again until theirs sorted first (1 to 36 tries in the review's runs).
    const ids = new Set<string>();
    const scores = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const a = await h.gate.accept(390, 2, null, false);
      if ('error' in a) throw new Error(a.error);
      ids.add(a.view.requestId);
      scores.add(Number(await h.redis.zscore(h.keys.draw(draw), a.view.requestId)));
      expect(await h.gate.drop(390, 2)).toMatchObject({ withdrawn: true });
    }
    expect(ids.size).toBe(8);
    expect([...scores]).toEqual([ticket(salt, 390, 2)]);
    const last = await h.gate.accept(390, 2, null, false);
    if ('error' in last) throw new Error(last.error);
    await sleep(Math.max(0, start + DRAW_MS - Date.now() + 20));
    await h.decisions.holdDueDraws();
    // Its place among the thirteen is its ticket's rank, as it was at its first click.
    const tickets = [...Array.from({ length: 12 }, (_, i) => ticket(salt, 360 + i, 2)), ticket(salt, 390, 2)].sort((a, b) => a - b);
    const places = await Promise.all([...Array.from({ length: 12 }, (_, i) => 360 + i), 390].map(async (s) => placeOf((await h.redis.hget(h.keys.studentPending(s), '2'))!)));
    const rank = [...places].sort((a, b) => a - b).indexOf(await placeOf(last.view.requestId));
    expect(rank).toBe(tickets.indexOf(ticket(salt, 390, 2)));
  });

  it('a request that fell out of its draw gets a place at the end of the line from reconcile, journaled, so a Redis loss keeps it', async () => {
    await restartWindow();
    const [v] = await acceptAll([350], 2);
    await h.journal.flush();
    const draw = (await h.redis.hget(h.keys.request(v!.requestId), 'dr'))!;
    await h.redis.zrem(h.keys.draw(draw), v!.requestId); // drift: in no draw, no place
    const report = await h.writer.rebuild({ compare: true });
    expect(report.reservationsRepaired).toBe(1);
    const place = await placeOf(v!.requestId);
    expect(place).toBeGreaterThan(0);
    expect(await count(env, 'SELECT position AS n FROM intake_journal WHERE request_id = ?', [v!.requestId])).toBe(place);
    // Redis loses its state: the rebuild re-drives the request at that place (not with the unheld draws).
    const full = await h.writer.rebuild({ compare: false });
    expect(full.redriven.find((r) => r.requestId === v!.requestId)?.position).toBe(place);
    expect((await h.decisions.decide(v!.requestId, place)).status).toBe('ENROLLED');
  });
});
