import { createDataSource, createSqlPool } from '@app/database';
import {
  CommitRepository, Committer, CommitWatermark, DecisionService, EngineScripts, EngineStateRepository,
  EngineStateWriter, EnrollmentGate, IntakeJournal, OpenWindows,
} from '@app/engine';
import { RedisKeys } from '@app/redis';
import { createTestEnv, type ServiceAddresses, type TestEnv } from '@app/testing';
import { Redis } from 'ioredis';

/** The engine's parts wired by hand (no Nest), on a test's own database and Redis prefix. */
export async function engineHarness(env: TestEnv, opts: { batchRows?: number; batchMs?: number; drawPeriodMs?: number } = {}) {
  const ds = createDataSource(env.config.database);
  await ds.initialize();
  const redis = new Redis(env.config.redis.url, { maxRetriesPerRequest: null });
  const sub = new Redis(env.config.redis.url, { maxRetriesPerRequest: null });
  const keys = new RedisKeys(env.config.redis.prefix);
  const scripts = new EngineScripts(redis, keys.prefix);
  // Counts the decide script's calls (the real script on the real Redis): jobs should share them.
  const decideCalls = { n: 0 };
  const decideUpTo = scripts.decideUpTo.bind(scripts);
  scripts.decideUpTo = (...a) => { decideCalls.n++; return decideUpTo(...a); };
  const repo = new EngineStateRepository(ds);
  const writer = new EngineStateWriter(redis, keys, repo);
  const batches: { rows: number; statements: number }[] = [];
  const commits = new CommitRepository(createSqlPool(env.config.database, { multipleStatements: true }));
  const committer = new Committer(redis.duplicate(), keys, commits, {
    batchRows: opts.batchRows ?? 500, batchMs: opts.batchMs ?? 2, onBatch: (b) => batches.push(b),
  });
  const watermark = new CommitWatermark(redis, sub, keys);
  await watermark.start();
  const decisions = new DecisionService(redis, keys, scripts, watermark, { decideBatch: 64, durableTimeoutMs: 20_000 }, (places) => repo.journalPlaces(places));
  const windows = new OpenWindows(ds, 0);
  const journal = new IntakeJournal(createSqlPool(env.config.database), { flushMs: 5, batchRows: 500, maxBuffered: 1_000_000 });
  const gate = new EnrollmentGate(redis, keys, scripts, windows, ds, watermark, { maxWaiting: 1_000_000, idempotencyTtlSeconds: 3600, dropDurableTimeoutMs: 5000, drawPeriodMs: opts.drawPeriodMs }, journal);
  return {
    ds, redis, sub, keys, scripts, repo, writer, commits, journal, committer, watermark, decisions, windows, gate, batches, decideCalls,
    /** Accepts one request into the line and runs its job's step: decided, and durable when it returns. */
    async acceptAndDecide(student: number, section: number, waitlist = false) {
      const a = await gate.accept(student, section, null, waitlist);
      if ('error' in a) throw new Error(a.error);
      return { requestId: a.view.requestId, ...(await decisions.decide(a.view.requestId, a.view.position!)) };
    },
    async close() {
      await committer.stop();
      await commits.close();
      await journal.close();
      watermark.stop();
      redis.disconnect();
      sub.disconnect();
      await ds.destroy();
    },
  };
}
export type EngineHarness = Awaited<ReturnType<typeof engineHarness>>;

/** A database and Redis prefix of the test's own, the small university, the engine primed and committing. */
export async function smallEngine(services: ServiceAddresses, students: number): Promise<{ env: TestEnv; h: EngineHarness }> {
  const env = await createTestEnv(services);
  await smallUniversity(env, students);
  const h = await engineHarness(env);
  await h.writer.rebuild({ compare: false });
  h.committer.start();
  return { env, h };
}

/** A tiny university: majors 1 (CS) and 2 (GE), students in CS, sections with known meetings. */
export async function smallUniversity(env: TestEnv, students = 5) {
  const q = (sql: string, p: unknown[] = []) => env.sql.query(sql, p);
  await q(`INSERT INTO major (id, name, general_education) VALUES (1, 'CS', 0), (2, '교양', 1), (3, 'Math', 0)`);
  await q(`INSERT INTO professor (id, name, major_id) VALUES (1, 'P1', 1), (2, 'P2', 2), (3, 'P3', 3)`);
  await q(`INSERT INTO lecture (id, code, name, credits, major_id) VALUES
    (1, 'CS101', 'Intro', 3, 1), (2, 'GE100', 'Writing', 2, 2), (3, 'MA200', 'Algebra', 3, 3), (4, 'CS201', 'Data', 4, 1), (5, 'CS301', 'Big', 3, 1)`);
  // section 1: CS101-1 Mon 1-2, cap 2 · 2: CS101-2 Tue 1-2 · 3: GE Wed 1 · 4: Math (other major) · 5: CS201 Mon 2-3 (clashes with 1) · 6: CS301 Fri cap 1
  await q(`INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES
    (1, 1, 1, 1, 2), (2, 1, 1, 2, 30), (3, 2, 2, 1, 30), (4, 3, 3, 1, 30), (5, 4, 1, 1, 30), (6, 5, 1, 1, 1)`);
  await q(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES
    (1, 1, 1, 2), (2, 2, 1, 2), (3, 3, 1, 1), (4, 4, 1, 2), (5, 1, 2, 3), (6, 5, 5, 6)`);
  const rows = Array.from({ length: students }, (_, i) => [i + 1, `S${i + 1}`, `s${i + 1}`, `s${i + 1}@x`, 'h', 1, 2, 9]);
  await q(`INSERT INTO student (id, student_no, name, email, password_hash, major_id, grade, max_credits) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
  await openWindow(env);
}

export async function openWindow(env: TestEnv, o: { grades?: number[] | null; majorIds?: number[] | null; startsInMs?: number } = {}) {
  const start = new Date(Date.now() + (o.startsInMs ?? -3600_000));
  await env.sql.query(`INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ('w', ?, ?, ?, ?, 'FIFO')`,
    [start, new Date(start.getTime() + 7 * 86400_000), o.grades ? JSON.stringify(o.grades) : null, o.majorIds ? JSON.stringify(o.majorIds) : null]);
}

export const count = async (env: TestEnv, sql: string, p: unknown[] = []) =>
  Number(((await env.sql.query(sql, p)) as unknown as [{ n: number }[]])[0][0]!.n);
