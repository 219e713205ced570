import type { AppConfig } from '@app/config';
import type { EnrollmentGate } from '@app/engine';
import type { Metrics } from '@app/observability';
import type { EnrollmentQueueProducer } from '@app/queue';
import type { Repository } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository.js';
import { EnrollmentService } from './enrollment.service.js';
import type { QueuedRequests } from './queued-requests.js';

// The accept is the engine's (Redis): once it has handed out a place, the request is in line and
// journaled whatever happens to its BullMQ job, so the answer is the 202 with that place.
describe('EnrollmentService.enroll when the job cannot be enqueued', () => {
  const view = { requestId: 'r-1', sectionId: 7, status: 'QUEUED' as const, position: 12, etaSeconds: 1 };
  const service = (enqueue: () => Promise<void>) => new EnrollmentService(
    { accept: vi.fn(async () => ({ kind: 'accepted', view })) } as unknown as EnrollmentGate,
    { enqueueDecide: vi.fn(enqueue) } as unknown as EnrollmentQueueProducer,
    {} as Repository<never>,
    {} as AppConfig,
    { countEnrollRequest: vi.fn(), countRateLimited: vi.fn() } as unknown as Metrics,
    {} as RateLimitRepository,
    { accepted: vi.fn() } as unknown as QueuedRequests,
  );

  it('answers the accepted request (it was a 503 for a request that was in line)', async () => {
    await expect(service(async () => { throw new Error('Connection is closed.'); }).enroll(3, 7, null)).resolves.toEqual(view);
  });

  it('and the same when the job is enqueued', async () => {
    await expect(service(async () => {}).enroll(3, 7, null)).resolves.toEqual(view);
  });
});
