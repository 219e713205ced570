// BENCH_SUBSCRIBERS=N for bench:engine: N of the API's decision feeds (DecisionFeed, built code) in
// one process, each on a subscriber connection of its own with a stream open for one student, as N
// API processes with SSE streams would be. Prints "ready" once subscribed; exits on SIGTERM.
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { RedisKeys } from '../../../dist/libs/redis/src/redis-keys.js';
import { DecisionFeed } from '../../../dist/apps/api/src/enrollment/decision-feed.js';

const { REDIS_URL, REDIS_PREFIX, FEED_SUBSCRIBERS } = process.env;
const keys = new RedisKeys(REDIS_PREFIX);
const gate = { decidedUpTo: async () => 0 };
const watermark = { start: async () => {}, stop: () => {} };
const feeds = [];
for (let i = 0; i < Number(FEED_SUBSCRIBERS); i++) {
  const feed = new DecisionFeed(new Redis(REDIS_URL), keys, gate, watermark);
  await feed.onApplicationBootstrap();
  await feed.on(1 + i, () => {}).ready;
  feeds.push(feed);
}
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  for (const f of feeds) f.onApplicationShutdown();
  process.exit(0);
});
