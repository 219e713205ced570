import { migrate } from '@app/database';
import { createTestEnv, type TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(inject('services')); });
afterAll(async () => { await env?.cleanup(); });

const run = (sql: string, params: unknown[] = []) => env.sql.query(sql, params);
const errCode = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; errno?: number };
    // MariaDB (4025) and MySQL (3819) number a CHECK violation differently; mysql2 names only MySQL's.
    return e.errno === 4025 || e.errno === 3819 ? 'CHECK_VIOLATED' : e.code;
  }
  return 'NO_ERROR';
};

async function fixture() {
  await run(`INSERT INTO major (id, name, general_education) VALUES (1, 'CS', 0), (2, '교양', 1)`);
  await run(`INSERT INTO staff (id, login_id, name, password_hash) VALUES (1, 'admin', 'A', 'h')`);
  await run(`INSERT INTO professor (id, name, major_id) VALUES (1, 'P', 1)`);
  await run(`INSERT INTO lecture (id, code, name, credits, major_id) VALUES (1, 'CS101', 'Intro', 3, 1), (2, 'CS102', 'Next', 3, 1)`);
  await run(`INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (1, 1, 1, 1, 2), (2, 1, 1, 2, 2), (3, 2, 1, 1, 2)`);
  await run(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (1, 1, 1, 2)`);
  await run(`INSERT INTO student (id, student_no, name, email, password_hash, major_id, grade, max_credits) VALUES (1, '2026000001', 'S', 's@x', 'h', 1, 1, 18)`);
  await run(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES (1, 1, 1, 3, 'r1', NOW(3))`);
  await run(`INSERT INTO cart_item (student_id, section_id) VALUES (1, 3)`);
  await run(`INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, decided_at, committed_at) VALUES ('r1', 1, 1, 1, 'ENROLL', 'ENROLLED', NOW(3), NOW(3))`);
}

describe('schema', () => {
  it('migrations build every table, and a second run changes nothing', async () => {
    const [tables] = (await run(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1`)) as unknown as [{ t: string }[]];
    expect(tables.map((r) => r.t)).toEqual([
      'audit_log', 'cart_item', 'decision_log', 'engine_cursor', 'enrollment', 'intake_journal', 'lecture', 'major', 'open_time',
      'professor', 'schema_migrations', 'section', 'section_meeting', 'staff', 'student', 'waitlist_entry',
    ]);
    const ddl = async () => {
      const out: string[] = [];
      for (const { t } of tables) {
        const [[row]] = (await run(`SHOW CREATE TABLE \`${t}\``)) as unknown as [[Record<string, string>]];
        out.push(row['Create Table']!.replace(/AUTO_INCREMENT=\d+ /, ''));
      }
      return out;
    };
    const before = await ddl();
    expect(await migrate(env.config.database)).toEqual([]);
    expect(await ddl()).toEqual(before);
  });

  it('decision_log keeps only the indexes a query or key needs (one write per decision)', async () => {
    const [rows] = (await run(`SELECT DISTINCT index_name AS i FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'decision_log' ORDER BY 1`)) as unknown as [{ i: string }[]];
    expect(rows.map((r) => r.i)).toEqual(['ix_decision_student', 'PRIMARY', 'uq_decision_request']);
  });

  it('unique keys reject duplicates', async () => {
    await fixture();
    const dup = 'ER_DUP_ENTRY';
    expect(await errCode(run(`INSERT INTO student (student_no, name, email, password_hash, major_id, grade, max_credits) VALUES ('2026000001', 'T', 't@x', 'h', 1, 1, 18)`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO staff (login_id, name, password_hash) VALUES ('admin', 'B', 'h')`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO lecture (code, name, credits, major_id) VALUES ('CS101', 'Again', 3, 1)`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO section (lecture_id, professor_id, section_no, capacity) VALUES (1, 1, 1, 10)`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO cart_item (student_id, section_id) VALUES (1, 3)`))).toBe(dup);
    // (student, section)
    expect(await errCode(run(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES (1, 1, 1, 3, 'r2', NOW(3))`))).toBe(dup);
    // (student, lecture): another section of the same lecture
    expect(await errCode(run(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES (1, 2, 1, 3, 'r3', NOW(3))`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO decision_log (request_id, seq, student_id, section_id, action, outcome, decided_at, committed_at) VALUES ('r1', 2, 1, 1, 'ENROLL', 'REJECTED', NOW(3), NOW(3))`))).toBe(dup);
    expect(await errCode(run(`INSERT INTO major (name, general_education) VALUES ('CS', 0)`))).toBe(dup);
  });

  it('check constraints reject impossible values, including overselling', async () => {
    const check = 'CHECK_VIOLATED';
    expect(await errCode(run(`UPDATE section SET enrolled_count = capacity + 1 WHERE id = 1`))).toBe(check);
    expect(await errCode(run(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (1, 8, 1, 2)`))).toBe(check);
    expect(await errCode(run(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (1, 1, 3, 2)`))).toBe(check);
    expect(await errCode(run(`INSERT INTO lecture (code, name, credits, major_id) VALUES ('X1', 'Bad', 7, 1)`))).toBe(check);
    expect(await errCode(run(`INSERT INTO open_time (name, starts_at, ends_at) VALUES ('w', '2026-01-02', '2026-01-01')`))).toBe(check);
  });

  it('foreign keys RESTRICT: nothing referenced can be deleted, nothing cascades', async () => {
    const restricted = 'ER_ROW_IS_REFERENCED_2';
    expect(await errCode(run(`DELETE FROM major WHERE id = 1`))).toBe(restricted);
    expect(await errCode(run(`DELETE FROM professor WHERE id = 1`))).toBe(restricted);
    expect(await errCode(run(`DELETE FROM lecture WHERE id = 1`))).toBe(restricted);
    expect(await errCode(run(`DELETE FROM section WHERE id = 1`))).toBe(restricted);
    expect(await errCode(run(`DELETE FROM section WHERE id = 3`))).toBe(restricted); // in a cart
    expect(await errCode(run(`DELETE FROM student WHERE id = 1`))).toBe(restricted);
    expect(await errCode(run(`INSERT INTO enrollment (student_id, section_id, lecture_id, credits, request_id, enrolled_at) VALUES (99, 1, 1, 3, 'rx', NOW(3))`))).toBe('ER_NO_REFERENCED_ROW_2');
    const [[{ n }]] = (await run(`SELECT COUNT(*) AS n FROM enrollment`)) as unknown as [[{ n: number }]];
    expect(Number(n)).toBe(1);
  });
});
