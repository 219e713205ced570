import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let a: TestEnv;
let b: TestEnv;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestEnv(inject('services')), createTestEnv(inject('services'))]);
});
afterAll(async () => { await Promise.all([a?.cleanup(), b?.cleanup()]); });

/** A digest of every seeded row, leaving out timestamps and password hashes (salted). */
async function digest(env: TestEnv): Promise<string> {
  const queries = [
    'SELECT id, name, general_education FROM major ORDER BY id',
    'SELECT id, name, major_id FROM professor ORDER BY id',
    'SELECT id, code, name, credits, major_id FROM lecture ORDER BY id',
    'SELECT id, lecture_id, professor_id, section_no, capacity, minimum, description FROM section ORDER BY id',
    'SELECT id, section_id, day, start_period, end_period FROM section_meeting ORDER BY id',
    'SELECT id, student_no, name, email, major_id, grade, max_credits FROM student ORDER BY id',
    'SELECT login_id, name FROM staff ORDER BY id',
    'SELECT name, grades, major_ids, queue_mode FROM open_time ORDER BY id',
  ];
  const h = createHash('sha256');
  for (const q of queries) h.update(JSON.stringify((await env.sql.query(q))[0]));
  return h.digest('hex');
}

describe('demo seed', () => {
  it('writes 20,000 students and 2,000 sections, the same data for the same seed', async () => {
    const opts = { students: 20_000, sections: 2_000, majors: 20, seed: 42 };
    const ra = await runSeed(a.config.database, opts);
    const rb = await runSeed(b.config.database, opts);
    console.log(`seed of 20,000 students / 2,000 sections: ${ra.seconds.toFixed(2)} s and ${rb.seconds.toFixed(2)} s`);
    expect(ra.counts).toMatchObject({ students: 20_000, sections: 2_000, majors: 20 });
    expect(ra.seconds).toBeLessThan(60);
    expect(await digest(a)).toBe(await digest(b));
    const [[{ n }]] = (await a.sql.query('SELECT COUNT(*) AS n FROM open_time WHERE starts_at <= NOW(3) AND ends_at > NOW(3)')) as unknown as [[{ n: number }]];
    expect(Number(n)).toBe(1);
  });

  it('refuses a database that already has students, or skips with ifEmpty', async () => {
    await expect(runSeed(a.config.database, { students: 10, sections: 5, majors: 3, seed: 1 })).rejects.toThrow(/already has 20000 students/);
    expect((await runSeed(a.config.database, { students: 10, sections: 5, majors: 3, seed: 1, ifEmpty: true })).skipped).toBe(true);
  });

  it('gives a different university for a different seed', async () => {
    const before = await digest(b);
    await b.sql.query('SET FOREIGN_KEY_CHECKS = 0');
    await b.cleanup();
    const c = await createTestEnv(inject('services'));
    try {
      await runSeed(c.config.database, { students: 20_000, sections: 2_000, majors: 20, seed: 43 });
      expect(await digest(c)).not.toBe(before);
    } finally {
      await c.cleanup();
    }
  });
});
