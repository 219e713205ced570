import { Committer } from '@app/engine';
import type { TestEnv } from '@app/testing';
import type { Command } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { smallEngine, type EngineHarness } from './harness.js';

// An idle committer waits on the decision stream (XREAD BLOCK) instead of polling it every
// COMMIT_BATCH_MS: the poll cost an idle worker a quarter of a core on the dev box.
let env: TestEnv;
let h: EngineHarness;
beforeAll(async () => { ({ env, h } = await smallEngine(inject('services'), 5)); await h.committer.stop(); });
afterAll(async () => { await h?.close(); await env?.cleanup(); });

describe('an idle committer', () => {
  it('sends a handful of commands a second, and still commits the next decision', async () => {
    const conn = h.redis.duplicate();
    let commands = 0;
    const send = conn.sendCommand.bind(conn);
    conn.sendCommand = (cmd: Command, stream?: unknown) => { commands++; return send(cmd, stream as never); };
    // A 20 s idle wait: the next decision must wake it (the wait ends at the append), not the timeout.
    const committer = new Committer(conn, h.keys, h.commits, { batchRows: 500, batchMs: 5, idleBlockMs: 20_000 });
    try {
      committer.start();
      await sleep(200);
      const before = commands;
      expect(before).toBeGreaterThan(0); // it did read (and found nothing) before it waited
      await sleep(1500);
      const idle = commands - before;
      // Polling every 5 ms would be ~300 round trips here; waiting: one XREAD, then nothing.
      expect(idle).toBeLessThan(30);
      const t0 = Date.now();
      const out = await h.acceptAndDecide(1, 3);
      expect(out.status).toBe('ENROLLED');
      // Durable long before the 20 s wait would have ended by itself (a generous bound, not a speed figure).
      expect(Date.now() - t0).toBeLessThan(10_000);
      const [[row]] = (await env.sql.query('SELECT COUNT(*) AS n FROM decision_log')) as unknown as [[{ n: number }]];
      expect(Number(row.n)).toBe(1);
    } finally {
      // Disconnecting ends the committer's (20 s) wait at once, so stop() does not sit it out.
      const stopped = committer.stop();
      conn.disconnect();
      await stopped;
    }
  });
});
