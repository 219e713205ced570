import { DEMO_STAFF_PASSWORD, DEMO_STUDENT_PASSWORD, type DatabaseConfig } from '@app/config';
import argon2 from 'argon2';
import mysql from 'mysql2/promise';
import { bulkInsert } from './bulk-insert.js';
import { buildDemoUniversity, type SeedOptions } from './demo-university.js';

export interface SeedProgress {
  start(total: number): void;
  advance(n: number, label: string): void;
  stop(): void;
}

export interface SeedResult {
  skipped: boolean;
  counts: Record<string, number>;
  seconds: number;
}

export const DEFAULT_SEED: SeedOptions = { students: 20_000, sections: 2_000, majors: 20, seed: 42 };

/** argon2id parameters of the demo hashes (the same family the API verifies). */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Writes the demo university into an empty, migrated database. With `ifEmpty`, does nothing
 * when students already exist. The demo password is hashed once and the hash reused: hashing
 * 20,000 passwords would take minutes, and every demo student has the same password anyway.
 */
export async function runSeed(
  db: DatabaseConfig,
  opts: SeedOptions & { ifEmpty?: boolean; windowOpen?: boolean },
  progress?: SeedProgress,
): Promise<SeedResult> {
  const started = performance.now();
  const pool = mysql.createPool({
    host: db.host, port: db.port, user: db.user, password: db.password, database: db.database,
    connectionLimit: 2, timezone: 'Z', supportBigNumbers: true,
  });
  try {
    const [[{ n }]] = (await pool.query('SELECT COUNT(*) AS n FROM student')) as unknown as [[{ n: number }]];
    if (Number(n) > 0) {
      if (opts.ifEmpty) return { skipped: true, counts: {}, seconds: 0 };
      throw new Error(`the database ${db.database} already has ${n} students; seed an empty database (or pass --if-empty)`);
    }
    const uni = buildDemoUniversity(opts);
    const [studentHash, staffHash] = await Promise.all([
      argon2.hash(DEMO_STUDENT_PASSWORD, HASH_OPTIONS),
      argon2.hash(DEMO_STAFF_PASSWORD, HASH_OPTIONS),
    ]);
    const total = uni.majors.length + uni.professors.length + uni.lectures.length + uni.sections.length + uni.meetings.length + uni.students.length + 2;
    progress?.start(total);
    const step = (label: string) => (k: number) => progress?.advance(k, label);

    await bulkInsert(pool, 'staff', ['login_id', 'name', 'password_hash'], [['admin', '관리자', staffHash]], step('staff'));
    await bulkInsert(pool, 'major', ['id', 'name', 'general_education'], uni.majors.map((m) => [m.id, m.name, m.generalEducation ? 1 : 0]), step('majors'));
    await bulkInsert(pool, 'professor', ['id', 'name', 'major_id'], uni.professors.map((p) => [p.id, p.name, p.majorId]), step('professors'));
    await bulkInsert(pool, 'lecture', ['id', 'code', 'name', 'credits', 'major_id'], uni.lectures.map((l) => [l.id, l.code, l.name, l.credits, l.majorId]), step('lectures'));
    await bulkInsert(pool, 'section', ['id', 'lecture_id', 'professor_id', 'section_no', 'capacity', 'minimum', 'description'],
      uni.sections.map((s) => [s.id, s.lectureId, s.professorId, s.sectionNo, s.capacity, s.minimum, s.description]), step('sections'));
    await bulkInsert(pool, 'section_meeting', ['id', 'section_id', 'day', 'start_period', 'end_period'],
      uni.meetings.map((m) => [m.id, m.sectionId, m.day, m.startPeriod, m.endPeriod]), step('meetings'));
    await bulkInsert(pool, 'student', ['id', 'student_no', 'name', 'email', 'password_hash', 'major_id', 'grade', 'max_credits'],
      uni.students.map((s) => [s.id, s.studentNo, s.name, s.email, studentHash, s.majorId, s.grade, s.maxCredits]), step('students'), 2000);
    if (opts.windowOpen !== false) {
      const now = Date.now();
      await bulkInsert(pool, 'open_time', ['name', 'starts_at', 'ends_at', 'grades', 'major_ids', 'queue_mode'],
        [['데모 수강신청 (전 학년)', new Date(now - 3600_000), new Date(now + 30 * 86400_000), null, null, 'FIFO']], step('window'));
    }
    progress?.stop();
    return {
      skipped: false,
      counts: {
        majors: uni.majors.length, professors: uni.professors.length, lectures: uni.lectures.length,
        sections: uni.sections.length, meetings: uni.meetings.length, students: uni.students.length,
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await pool.end();
  }
}
