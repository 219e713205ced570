import { ErrorCode, type ErrorBody } from '@app/contracts';
import type { Metrics } from '@app/observability';
import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadSheddingOptions {
  /** Shed while the event-loop delay p99 of the last window is above this (ms); 0 = never. */
  maxEventLoopDelayMs: number;
  /** Shed while this many enroll calls are in flight in this process; 0 = no limit. */
  maxInFlight: number;
}

const WINDOW_MS = 250;
const INTAKE = /^\/api\/me\/enrollments(\/from-cart)?(\?|$)/;

/**
 * Admission control for the enroll routes. Past its capacity a process that accepts everything
 * answers everyone late (a 10× burst measured p99 4–9 s, every call a 202 long after the click);
 * refusing the excess at once, before any auth, Redis or queue work, keeps the accepted ones fast
 * and tells the rest to come back (503 + Retry-After, as for a full line). The signal is this
 * process's own event-loop delay, sampled every 250 ms, and its enroll calls in flight.
 */
export function installLoadShedding(fastify: FastifyInstance, opts: LoadSheddingOptions, metrics: Metrics): { stop(): void; readonly shedding: boolean } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let overloaded = false;
  let inFlight = 0;
  const timer = setInterval(() => {
    overloaded = opts.maxEventLoopDelayMs > 0 && delay.percentile(99) / 1e6 > opts.maxEventLoopDelayMs;
    delay.reset();
  }, WINDOW_MS);
  timer.unref();

  const body: ErrorBody = { statusCode: 503, code: ErrorCode.UNAVAILABLE, message: 'Enrollment is at capacity this second; try again in a moment.' };
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'POST' || !INTAKE.test(req.url)) return done();
    if (overloaded || (opts.maxInFlight > 0 && inFlight >= opts.maxInFlight)) {
      metrics.countEnrollRequest('overloaded');
      void reply.code(503).header('retry-after', '1').header('cache-control', 'no-store').send(body);
      return;
    }
    inFlight++;
    let counted = true;
    const release = () => { if (counted) { counted = false; inFlight--; } };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    done();
  });
  return {
    stop() { clearInterval(timer); delay.disable(); },
    get shedding() { return overloaded; },
  };
}
