import { JobName, QueueName, type DecideJobData } from '@app/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** The one place that enqueues enrollment work; owns job ids and options. */
@Injectable()
export class EnrollmentQueueProducer {
  constructor(@InjectQueue(QueueName.ENROLLMENT) private readonly queue: Queue<DecideJobData>) {}

  /**
   * One job per request, with the request id as job id: enqueueing the same request twice
   * (a client retry racing itself) leaves one job. Priority follows place in line.
   */
  /** position 0 with drawAt: the request waits for a draw; its job is delayed until the draw is due. */
  async enqueueDecide(requestId: string, position: number, drawAt: number | null = null): Promise<void> {
    const delay = drawAt !== null ? Math.max(0, drawAt - Date.now()) : 0;
    await this.queue.add(JobName.DECIDE, { r: requestId, p: position }, delay ? { jobId: requestId, delay } : { jobId: requestId });
  }

  /**
   * For readiness: the queue's own Redis connection answers (BullMQ's, not the engine's: they can
   * fail apart), within `timeoutMs`, and how many jobs wait.
   */
  async health(timeoutMs = 1000): Promise<{ queue: { status: 'up' | 'down'; waiting?: number; message?: string } }> {
    try {
      const waiting = await Promise.race([
        this.queue.getWaitingCount(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
      ]);
      return { queue: { status: 'up', waiting } };
    } catch (err) {
      return { queue: { status: 'down', message: err instanceof Error ? err.message : 'unreachable' } };
    }
  }

  async counts(): Promise<{ waiting: number; active: number; delayed: number; failed: number }> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  /** A cheap round trip through the queue's own connection, for readiness. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts('waiting');
  }
}
