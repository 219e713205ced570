import { QueueName } from '@app/contracts';
import { RedisKeys } from '@app/redis';
import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHttpStack } from './http-stack.js';

// POST /api/me/enrollments/from-cart when a refusal comes after some of the cart was accepted: the
// answer names what is in line (it was a 503 that named nothing, while those seats were granted).
let env: TestEnv;
let stack: Awaited<ReturnType<typeof startHttpStack>>;
const call = (method: string, path: string, token?: string, body?: unknown) => stack.call(method, path, token, body);

beforeAll(async () => {
  env = await createTestEnv(inject('services'), { QUEUE_MAX_WAITING: '3' });
  await runSeed(env.config.database, { students: 20, sections: 30, majors: 3, seed: 11 });
  stack = await startHttpStack(env.config);
});
afterAll(async () => {
  await stack?.close();
  await env?.cleanup();
});

describe('from-cart with a refusal part way', () => {
  it('answers 202 with the requests in line and lists the sections it did not send, with why', async () => {
    const [[me]] = (await env.sql.query('SELECT id, student_no AS no FROM student ORDER BY id LIMIT 1')) as unknown as [[{ id: number; no: string }]];
    const token = (await call('POST', '/api/auth/student/login', undefined, { studentNo: me.no, password: 'student1234!' })).body.accessToken as string;
    const [sections] = (await env.sql.query(
      'SELECT s.id FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id WHERE m.general_education = 1 ORDER BY s.id LIMIT 5',
    )) as unknown as [{ id: number }[]];
    expect(sections).toHaveLength(5);
    await env.sql.query('INSERT INTO cart_item (student_id, section_id) VALUES ?', [sections.map((s) => [me.id, s.id])]);
    // Nothing is decided meanwhile: the line (capped at 3) keeps what it takes.
    const queue = new Queue(QueueName.ENROLLMENT, { connection: env.redis.duplicate(), prefix: new RedisKeys(env.config.redis.prefix).bullPrefix });
    await queue.pause();
    try {
      const res = await call('POST', '/api/me/enrollments/from-cart', token, {});
      // Before: 503 UNAVAILABLE "The waiting line is full", and three of the five in line regardless.
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body.requests.map((r: { sectionId: number }) => r.sectionId)).toEqual(sections.slice(0, 3).map((s) => s.id));
      expect(res.body.skipped).toEqual(sections.slice(3).map((s) => ({ sectionId: s.id, code: 'UNAVAILABLE', message: expect.any(String) })));
      // Nothing accepted at all: the refusal is the answer.
      const [[other]] = (await env.sql.query('SELECT id, student_no AS no FROM student ORDER BY id LIMIT 1 OFFSET 1')) as unknown as [[{ id: number; no: string }]];
      const otherToken = (await call('POST', '/api/auth/student/login', undefined, { studentNo: other.no, password: 'student1234!' })).body.accessToken as string;
      await env.sql.query('INSERT INTO cart_item (student_id, section_id) VALUES (?, ?)', [other.id, sections[0]!.id]);
      expect((await call('POST', '/api/me/enrollments/from-cart', otherToken, {})).status).toBe(503);
    } finally {
      await queue.resume();
      await queue.close();
    }
  });
});
