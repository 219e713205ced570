/**
 * Entry point of the committer thread (see ThreadedCommitter). Builds a Committer with
 * connections of its own from workerData and reports each batch to the parent.
 * Messages in: 'stop'. Messages out: { batch }, { error }, 'stopped'.
 */
import { createSqlPool } from '@app/database';
import { createRedis, RedisKeys } from '@app/redis';
import { parentPort, workerData } from 'node:worker_threads';
import { CommitRepository } from './commit.repository.js';
import { compactBatch } from './commit-runner.js';
import { Committer } from './committer.js';
import type { CommitterThreadData } from './committer-thread.js';

const data = workerData as CommitterThreadData;
const redis = createRedis(data.redisUrl, 'worker');
const repo = new CommitRepository(createSqlPool(data.database, { connectionLimit: 2, multipleStatements: true }));
const committer = new Committer(redis, new RedisKeys(data.prefix), repo, { batchRows: data.batchRows, batchMs: data.batchMs });
// The parent reads four fields of each decision (metrics): cloning whole entries across threads,
// hundreds per batch, cost more CPU than the metrics they feed.
committer.onBatch((batch) => parentPort!.postMessage({ batch: compactBatch(batch) }));
committer.onError((err) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }));
committer.start();

parentPort!.on('message', (msg: unknown) => {
  if (msg !== 'stop') return;
  void (async () => {
    await committer.stop();
    await repo.close().catch(() => {});
    redis.disconnect();
    parentPort!.postMessage('stopped');
  })();
});
