import { Channel } from '@app/contracts';
import { RedisBehindError, StaleEpochError, type DecisionEntry } from '@app/engine';
import { deleteByPrefix, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// What survives when Redis does not: accepted requests are journaled to MySQL by the API (off the
// request path), so a wiped Redis re-drives them; a committer holding decisions of a replaced
// Redis state is fenced; a Redis that came back older than MySQL is caught.
let env: TestEnv;
let h: EngineHarness;
const rows = async (sql: string, p: unknown[] = []) => ((await env.sql.query(sql, p)) as unknown as [Record<string, unknown>[]])[0];

beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 42)); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

const entry = (seq: number, requestId: string): DecisionEntry => ({
  seq, requestId, studentId: 1, sectionId: 3, action: 'ENROLL', outcome: 'ENROLLED', reason: null, position: seq, lectureId: 2,
  credits: 2, decidedAt: Date.now(), acceptedAt: null, promoted: false, staffId: null,
});

/**
 * A request decided in Redis whose decision never becomes durable (the committer stopped), and its
 * job's wait for durability, still pending: what a prime then discards.
 */
async function decidedNotDurable(student: number) {
  await h.committer.stop();
  const a = await h.gate.accept(student, 3, null, false);
  if ('error' in a) throw new Error(a.error);
  await h.journal.flush();
  const waiting = h.decisions.decide(a.view.requestId, a.view.position!);
  waiting.catch(() => {});
  await new Promise((r) => setTimeout(r, 100));
  return { view: a.view, waiting };
}

describe('recovery from Redis losing its data', () => {
  it('re-drives every accepted request that had no decision yet, at its place, exactly once', async () => {
    // Ten decided and durable, then 25 accepted but not decided when Redis is wiped.
    const decided: string[] = [];
    for (let s = 1; s <= 10; s++) {
      const a = await h.gate.accept(s, 3, null, false);
      if ('error' in a) throw new Error(a.error);
      await h.decisions.decide(a.view.requestId, a.view.position!);
      decided.push(a.view.requestId);
    }
    const waiting: { requestId: string; position: number; student: number }[] = [];
    for (let s = 11; s <= 35; s++) {
      const a = await h.gate.accept(s, s % 2 ? 3 : 6, null, false);
      if ('error' in a) throw new Error(a.error);
      waiting.push({ requestId: a.view.requestId, position: a.view.position!, student: s });
    }
    await h.journal.flush();
    // Pending = journaled without a decision (a decided request's row may land after its commit).
    const pending = async () => Number((await rows('SELECT COUNT(*) AS n FROM intake_journal j LEFT JOIN decision_log d ON d.request_id = j.request_id WHERE d.request_id IS NULL'))[0]!.n);
    expect(await pending()).toBe(25);

    await deleteByPrefix(env.redis, `${env.config.redis.prefix}:`); // FLUSHALL, for this test's keys only
    expect((await h.scripts.decideUpTo(1e9, 10, Date.now())).kind).toBe('not-ready'); // no seat from nothing

    const report = await h.writer.rebuild({ compare: false });
    expect(report.redriven.map((r) => r.requestId)).toEqual(waiting.map((w) => w.requestId));
    expect(report.redriven.map((r) => r.position)).toEqual(waiting.map((w) => w.position));
    // New places continue above every place MySQL knows.
    const fresh = await h.gate.accept(36, 3, null, false);
    if ('error' in fresh) throw new Error(fresh.error);
    expect(fresh.view.position).toBeGreaterThan(waiting.at(-1)!.position);
    // Its journal row lands before its decision here; one that lands after its commit stays until the next
    // rebuild purges it (purgeDecidedJournal), which made this count flaky when left to the 10 ms timer.
    await h.journal.flush();

    await h.decisions.decide(fresh.view.requestId, fresh.view.position!);
    const log = await rows('SELECT request_id, outcome, position FROM decision_log ORDER BY seq');
    const ids = log.map((r) => r.request_id);
    expect(new Set(ids).size).toBe(ids.length); // nothing decided twice
    for (const w of waiting) expect(ids).toContain(w.requestId);
    // Decided in line order: the re-driven ones first, at their old places, then the new one.
    const positions = log.slice(10).map((r) => Number(r.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(Number((await rows('SELECT COUNT(*) AS n FROM intake_journal'))[0]!.n)).toBe(0);
    // Redis and MySQL agree afterwards.
    const drift = await h.writer.rebuild({ compare: true });
    expect(drift.sectionsDrifted + drift.studentsDrifted).toBe(0);
  });

  it('a reconcile that finds Redis wiped under it primes instead: the epoch is MySQL\'s, the waiting request is back in line, and commits go on', async () => {
    const a = await h.gate.accept(37, 3, null, false);
    if ('error' in a) throw new Error(a.error);
    await h.journal.flush();
    // Redis loses its data after the reconcile has started (here: while it waits for durability).
    const report = await h.writer.rebuild({ compare: true, waitForCommitted: async () => { await deleteByPrefix(env.redis, `${env.config.redis.prefix}:`); } });
    expect(report.primed).toBe(true);
    // Before: it rewrote the hashes only and invented an epoch MySQL did not have; the committer then
    // refused every batch (StaleEpochError) and the waiting request was gone from the line.
    const [cursor] = await rows("SELECT epoch FROM engine_cursor WHERE name = 'main'");
    expect(await env.redis.get(h.keys.epoch)).toBe(cursor!.epoch);
    expect(await env.redis.zscore(h.keys.line, a.view.requestId)).not.toBeNull();
    const decided = await h.decisions.decide(a.view.requestId, a.view.position!);
    expect(decided.status).toBe('ENROLLED');
    expect(Number((await rows('SELECT COUNT(*) AS n FROM decision_log WHERE request_id = ?', [a.view.requestId]))[0]!.n)).toBe(1);
  });

  it('a job waiting for a decision a prime discarded fails (and is retried) instead of ending when its seq is reused', async () => {
    const { view: a, waiting } = await decidedNotDurable(38); // decided, never durable
    expect(await h.redis.hget(h.keys.request(a.requestId), 'st')).toBe('ENROLLED'); // in Redis only
    // Redis loses its data; the prime re-drives the request, and seqs restart at what MySQL has.
    await deleteByPrefix(env.redis, `${env.config.redis.prefix}:`);
    await h.writer.rebuild({ compare: false });
    h.committer.start();
    // Before: the wait went on, and ended when another decision took the same seq and committed.
    await expect(waiting).rejects.toThrow(/discarded by a rebuild/);
    const other = await h.gate.accept(36, 3, null, false);
    if ('error' in other) throw new Error(other.error);
    // The retry decides the re-driven request again, durably.
    const again = await h.decisions.decide(a.requestId, a.position!);
    expect(again.status).toBe('ENROLLED');
    expect(Number((await rows('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 38 AND section_id = 3'))[0]!.n)).toBe(1);
  });

  it('a process that missed the prime\'s reset message (its subscriber away) fails those waiters at the new state\'s first commit, never ends them with it', async () => {
    const { view: a, waiting } = await decidedNotDurable(40);
    let settled: 'resolved' | 'rejected' | null = null;
    waiting.then(() => { settled = 'resolved'; }, () => { settled = 'rejected'; });
    const channel = h.keys.channel(Channel.COMMITTED);
    // Redis loses its data and is primed while this process's subscriber is away (a reconnect).
    await h.sub.unsubscribe(channel);
    await deleteByPrefix(env.redis, `${env.config.redis.prefix}:`);
    await h.writer.rebuild({ compare: false });
    await h.sub.subscribe(channel);
    expect(settled).toBeNull();
    // The new state decides another request with the very seq the discarded decision had, and commits it.
    const other = await h.gate.accept(41, 3, null, false);
    if ('error' in other) throw new Error(other.error);
    h.committer.start();
    await h.decisions.decide(other.view.requestId, other.view.position!).catch(() => {});
    // Before: the wait ended there, as if the discarded decision were durable.
    await expect(waiting).rejects.toThrow(/discarded by a rebuild/);
    expect((await h.decisions.decide(a.requestId, a.position!)).status).toBe('ENROLLED');
    expect(Number((await rows('SELECT COUNT(*) AS n FROM enrollment WHERE student_id = 40 AND section_id = 3'))[0]!.n)).toBe(1);
  });

  it('the waiters hear of the discarded decisions even when the prime fails after making its state live', async () => {
    const { view: a, waiting } = await decidedNotDurable(39);
    await deleteByPrefix(env.redis, `${env.config.redis.prefix}:`);
    const purge = h.repo.purgeDecidedJournal.bind(h.repo);
    h.repo.purgeDecidedJournal = async () => { throw new Error('MySQL went away'); };
    try {
      await expect(h.writer.rebuild({ compare: false })).rejects.toThrow('MySQL went away');
    } finally {
      h.repo.purgeDecidedJournal = purge;
    }
    h.committer.start();
    // Before: the reset came after that step, so these waiters kept waiting for a seq the new state reuses.
    await expect(waiting).rejects.toThrow(/discarded by a rebuild/);
    expect((await h.decisions.decide(a.requestId, a.position!)).status).toBe('ENROLLED');
  });

  it('fences a committer that holds decisions of a replaced state', async () => {
    const [cursor] = await rows("SELECT committed_seq, epoch FROM engine_cursor WHERE name = 'main'");
    await expect(h.commits.commit([entry(Number(cursor!.committed_seq) + 1, 'stale-1')], 'an-old-epoch')).rejects.toBeInstanceOf(StaleEpochError);
    expect(Number((await rows("SELECT COUNT(*) AS n FROM decision_log WHERE request_id = 'stale-1'"))[0]!.n)).toBe(0);
  });

  it('catches a Redis that reuses decision numbers MySQL already has (restored from an older copy)', async () => {
    const [cursor] = await rows("SELECT committed_seq, epoch FROM engine_cursor WHERE name = 'main'");
    const seq = Number(cursor!.committed_seq);
    await expect(h.commits.commit([entry(seq, 'never-seen')], String(cursor!.epoch))).rejects.toBeInstanceOf(RedisBehindError);
    // A genuine replay (the same decision again) is still skipped quietly.
    const [last] = await rows('SELECT request_id FROM decision_log WHERE seq = ?', [seq]);
    await expect(h.commits.commit([entry(seq, String(last!.request_id))], String(cursor!.epoch))).resolves.toMatchObject({ written: 0 });
  });
});
