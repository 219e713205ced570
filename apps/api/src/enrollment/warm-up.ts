import { Metrics } from '@app/observability';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '../auth/token.service.js';

/** A student id no seed or import hands out (ids are sequential from 1): refused as unknown, nothing written. */
export const WARM_UP_STUDENT_ID = 2_147_483_000;
const BATCH = 32;
const MAX_MS = 10_000;

/**
 * Runs the enroll route `n` times in-process (fastify.inject, no socket) before the API listens,
 * for a student who does not exist: routing, helmet, both guards, the body pipe, the interceptor,
 * the service, the gate's profile lookup and the 404 through the exception filter — everything
 * but the accept script and the job. Why: the enroll path is idle until a window opens, and then
 * gets everything at once. Measured (`npm run bench:steady -- --rate 1100`): a process that had
 * served 300–1,000 enroll calls spent its first ~2 s after the step at 96% CPU (rxjs, fastify's
 * serializer, GC at about twice their later cost: V8 optimizing code mid-spike), p99 946 ms in
 * the first second against 11–21 ms later; after 3,000 calls the first second is like the rest.
 * Bounded by MAX_MS; a failure (MySQL down at boot) only ends the warm-up. Metrics are reset
 * after it, so dashboards count only real calls.
 */
export async function warmUpEnrollPath(app: NestFastifyApplication, n: number): Promise<{ calls: number; ms: number; statuses: Record<string, number> }> {
  const t0 = Date.now();
  const statuses: Record<string, number> = {};
  if (n <= 0) return { calls: 0, ms: 0, statuses };
  await app.init();
  const token = app.get(TokenService).accessTokenFor({ id: WARM_UP_STUDENT_ID, role: 'student' });
  const fastify = app.getHttpAdapter().getInstance();
  let calls = 0;
  try {
    while (calls < n && Date.now() - t0 < MAX_MS) {
      const k = Math.min(BATCH, n - calls);
      const answers = await Promise.all(Array.from({ length: k }, (_, i) => fastify.inject({
        method: 'POST', url: '/api/me/enrollments',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: { sectionId: 1 + ((calls + i) % 1000) },
      })));
      for (const a of answers) statuses[a.statusCode] = (statuses[a.statusCode] ?? 0) + 1;
      calls += k;
      // Anything but "unknown student" means the path did not run as intended (e.g. MySQL is down): stop.
      if (answers.some((a) => a.statusCode !== 404)) break;
    }
  } catch (err) {
    new Logger('WarmUp').warn(`enroll path warm-up stopped: ${err instanceof Error ? err.message : String(err)}`);
  }
  app.get(Metrics).registry.resetMetrics();
  return { calls, ms: Date.now() - t0, statuses };
}
