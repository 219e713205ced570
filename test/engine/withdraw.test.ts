import type { TestEnv } from '@app/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// Withdraw-only (DELETE /api/me/requests/:id, dropEnrollment-0.lua's ARGV[7]): never gives up a seat
// that request was granted, and withdraws the request whatever seat the student holds by another path.
let env: TestEnv;
let h: EngineHarness;

beforeAll(async () => {
  ({ env, h } = await smallEngine(inject('services'), 5));
  await env.sql.query("INSERT INTO staff (id, login_id, name, password_hash) VALUES (1, 'admin', 'A', 'h')");
});
afterAll(async () => {
  await h?.close();
  await env?.cleanup();
});

describe('withdraw-only', () => {
  it('withdraws a request still in line although the student holds the seat through staff (it answered "granted" and withdrew nothing)', async () => {
    const a = await h.gate.accept(1, 3, null, false);
    if ('error' in a) throw new Error(a.error);
    expect(await h.gate.enrollNow(1, 3, 1)).toMatchObject({ status: 'ENROLLED' });
    expect(await h.gate.status(1, a.view.requestId)).toMatchObject({ status: 'QUEUED' });
    expect(await h.gate.withdraw(1, 3, a.view.requestId)).toMatchObject({ withdrawn: true, requestId: a.view.requestId });
    expect(await h.redis.zscore(h.keys.line, a.view.requestId)).toBeNull();
    expect(await h.gate.status(1, a.view.requestId)).toMatchObject({ status: 'CANCELLED' });
    // The seat staff gave stays.
    expect(await h.redis.hget(h.keys.studentSections(1), '3')).not.toBeNull();
  });

  it('refuses to withdraw the request that holds the seat', async () => {
    const granted = await h.acceptAndDecide(2, 3);
    expect(granted.status).toBe('ENROLLED');
    expect(await h.gate.withdraw(2, 3, granted.requestId)).toEqual({ error: 'ALREADY_ENROLLED' });
    expect(await h.redis.hget(h.keys.studentSections(2), '3')).toBe(granted.requestId);
  });
});
