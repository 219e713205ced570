import { Metrics } from '@app/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARM_UP_STUDENT_ID, warmUpEnrollPath } from '../../apps/api/src/enrollment/warm-up.js';
import { bootApi, type Api } from './support/api-harness.js';

// The API runs its enroll route before it listens (apps/api/src/enrollment/warm-up.ts): every call
// must be refused as an unknown student, write nothing, and leave the metrics at zero.
describe('enroll path warm-up', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi(); });
  afterAll(() => api?.close());

  const counts = async () => {
    const q = async (sql: string) => Number(((await api.env.sql.query(sql)) as unknown as [[{ n: number }]])[0][0].n);
    const redisKeys = (await api.env.redis.keys(`${api.env.config.redis.prefix}:*`)).filter((k) => !k.includes(':catalogue') && !k.includes(':win'));
    return {
      journal: await q('SELECT COUNT(*) AS n FROM intake_journal'), decisions: await q('SELECT COUNT(*) AS n FROM decision_log'),
      enrollments: await q('SELECT COUNT(*) AS n FROM enrollment'), redisKeys: redisKeys.sort(),
    };
  };

  it('runs the route as an unknown student: all 404, nothing written, metrics back at zero', async () => {
    const [[found]] = (await api.env.sql.query('SELECT COUNT(*) AS n FROM student WHERE id = ?', [WARM_UP_STUDENT_ID])) as unknown as [[{ n: number }]];
    expect(Number(found.n)).toBe(0);
    const before = await counts();
    const r = await warmUpEnrollPath(api.app, 150);
    expect(r.calls).toBe(150);
    expect(r.statuses).toEqual({ 404: 150 });
    await new Promise((res) => setTimeout(res, 100)); // the intake journal flushes within 10 ms
    expect(await counts()).toEqual(before);
    const text = await api.app.get(Metrics).registry.metrics();
    expect(text).not.toMatch(/goorm_enroll_requests_total\{[^}]*\} [1-9]/);
  });

  it('stops at the first answer that is not "unknown student" (the path did not run as meant)', async () => {
    // A student with this id now exists: the first batch is accepted or refused otherwise, and the warm-up stops there.
    const major = await api.fx.major();
    await api.env.sql.query('INSERT INTO student (id, student_no, name, email, password_hash, major_id, grade, max_credits) VALUES (?, ?, ?, ?, ?, ?, 1, 18)', [WARM_UP_STUDENT_ID, 'W1', 'w', 'w@x', 'h', major]);
    try {
      const r = await warmUpEnrollPath(api.app, 500);
      expect(r.calls).toBeLessThanOrEqual(32);
      expect(Object.keys(r.statuses)).not.toEqual(['404']);
    } finally {
      await api.env.sql.query('DELETE FROM student WHERE id = ?', [WARM_UP_STUDENT_ID]);
    }
  });
});
