import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, type DecideJobData } from '@app/contracts';
import { DecisionService } from '@app/engine';
import { Metrics } from '@app/observability';
import { ENROLLMENT_WORKER_OPTIONS } from '@app/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';

/**
 * Consumes the enrollment queue. Expected outcomes (full, conflict, …) are results, not
 * failures; a job throws only for retryable faults (engine paused, MySQL slow), and BullMQ
 * retries it. Settings (stalls, locks) are ENROLLMENT_WORKER_OPTIONS, shared with the benchmark.
 */
@Processor(QueueName.ENROLLMENT, { ...ENROLLMENT_WORKER_OPTIONS, autorun: true })
export class EnrollmentProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger('Enrollment');
  private running = 0;
  /** Every job name has exactly one handler: TypeScript refuses a missing one. */
  private readonly handlers: Record<JobName, (job: Job) => Promise<unknown>> = {
    [JobName.DECIDE]: (job) => this.decide(job as Job<DecideJobData>),
  };

  constructor(
    private readonly decisions: DecisionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) { super(); }

  /** A job whose worker died (or froze past its lock) was found and put back in line. */
  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.metrics.countStalledJobs();
    this.log.warn(`job ${jobId} stalled (its worker died or froze); it is back in line`);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.engine.concurrency;
  }

  /** Jobs this process is working on now (the drain log says how many a shutdown waited for). */
  get active(): number { return this.running; }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    this.running++;
    try {
      return await handler(job);
    } finally {
      this.running--;
    }
  }

  private async decide(job: Job<DecideJobData>) {
    const { r, p } = job.data;
    if (typeof r !== 'string' || !Number.isInteger(p)) throw new UnrecoverableError('malformed decide job');
    const out = await this.decisions.decide(r, p);
    return { status: out.status };
  }
}
