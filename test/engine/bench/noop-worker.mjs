// The engine benchmark's ceiling: a BullMQ worker process that does nothing per job, with the
// enrollment worker's exact settings (ENROLLMENT_WORKER_OPTIONS, concurrency, Redis connection
// options), on the same Redis. Reads its settings from the environment; prints "ready" once
// connected; closes (finishing active jobs) on SIGTERM.
import { Worker } from 'bullmq';
import { ENROLLMENT_WORKER_OPTIONS } from '../../../dist/libs/queue/src/enrollment-queue.options.js';
import { createQueueConnection } from '../../../dist/libs/queue/src/queue-connection.js';

const { NOOP_QUEUE, REDIS_URL, BULL_PREFIX, WORKER_CONCURRENCY } = process.env;
const connection = createQueueConnection(REDIS_URL, 'worker');
const worker = new Worker(NOOP_QUEUE, async () => ({ status: 'noop' }), {
  connection, prefix: BULL_PREFIX, concurrency: Number(WORKER_CONCURRENCY), ...ENROLLMENT_WORKER_OPTIONS,
});
await worker.waitUntilReady();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  worker.close().then(() => process.exit(0), () => process.exit(1));
});
