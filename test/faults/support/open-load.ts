import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLoadgen } from '../../../scripts/bench/run-loadgen.mjs';
import type { Op } from './history.js';

export interface OpenLoad {
  base: string;
  jwtSecret: string;
  /** Arrivals per second, open model: request i leaves at T0 + i/rate whatever the answers so far. */
  rate: number;
  seconds: number;
  /** Connections, opened before T0. */
  connections: number;
  /** [student, section] per arrival, in order. */
  arrivals: [number, number][];
  timeoutMs: number;
}

export interface OpenLoadResult {
  ops: Op[];
  /** How late the generator sent each request against its due time (ms). */
  sendLagMs: number[];
}

/**
 * Runs `npm run bench`'s open-model generator (scripts/bench/loadgen.mjs) as a child process with
 * its own event loop, and returns its records as history operations. A burst sent from the test's
 * own process shared that event loop with the test: sends went out up to 0.7 s late and every answer
 * waited for the same loop, so the client's queue showed up as the server's latency. It uses the
 * generator's raw client (scripts/bench/raw-http.mjs): with undici the generator alone took more of
 * the two cores than the API spent refusing the burst.
 * Each operation's invoke time is its due time (latency counts from when the student clicked).
 */
export async function runOpenLoad(o: OpenLoad): Promise<OpenLoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'goorm-openload-'));
  try {
    const { t0, n, records: r } = await runLoadgen({
      design: 'queue', base: o.base, rate: o.rate, seconds: o.seconds, connections: o.connections, preconnect: true, client: 'raw',
      timeoutMs: o.timeoutMs, jwtSecret: o.jwtSecret, arrivals: o.arrivals, followEvery: 0, followTimeoutMs: 0, out: path.join(dir, 'out.json'),
    }, { killAfterMs: (o.seconds * 1000) + o.timeoutMs + 60_000 }); // the round, every request's timeout, a minute to connect and write out
    const ops: Op[] = [];
    for (let i = 0; i < n; i++) {
      const [student, section] = o.arrivals[i]!;
      const invokeMs = t0 + r.due[i]!;
      const status = r.status[i]! > 0 ? r.status[i]! : 0;
      ops.push({
        kind: 'enroll', student, section, key: null, invokeMs, completeMs: invokeMs + r.lat[i]!, status,
        retryAfter: r.retryAfter[i] ?? null,
        ...(status === 202 && r.rid[i] ? { requestId: r.rid[i]!, position: r.pos[i]! } : {}),
        ...(status === 0 ? { error: r.code[i] ?? 'NETWORK' } : {}),
      });
    }
    return { ops, sendLagMs: r.sendLag.slice(0, n) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
