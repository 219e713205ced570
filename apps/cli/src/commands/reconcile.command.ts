import type { AppConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { EngineStateRepository, EngineStateWriter } from '@app/engine';
import { RedisKeys } from '@app/redis';
import { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Recomputes the engine's Redis state from MySQL, reports drift and repairs it. Decisions pause
 * while it runs; it first waits for every decision made so far to be durable (a worker's
 * committer must be running), so MySQL is the whole truth. Running it twice changes nothing.
 */
export async function reconcileCommand(config: AppConfig, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'drain-timeout': { type: 'string', default: '30' } }, strict: true });
  const drainMs = Number(values['drain-timeout']) * 1000;
  const ds = createDataSource(config.database, { poolSize: 2 });
  await ds.initialize();
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(config.redis.prefix);
  try {
    const writer = new EngineStateWriter(redis, keys, new EngineStateRepository(ds));
    const t = Date.now();
    // A Redis without engine state is primed instead (the rebuild checks under its lock; report.primed says so).
    const report = await writer.rebuild({
      compare: true,
      waitForCommitted: async () => {
        const deadline = Date.now() + drainMs;
        for (;;) {
          const [made, durable] = (await redis.mget(keys.decisionSeq, keys.committedSeq)).map((v) => Number(v ?? 0));
          if (durable >= made!) return;
          if (Date.now() > deadline) throw new Error(`decisions up to ${made} are not durable yet (committed ${durable}) after ${drainMs / 1000} s: is a worker running?`);
          await sleep(100);
        }
      },
    });
    const took = ((Date.now() - t) / 1000).toFixed(1);
    if (report.primed) {
      process.stdout.write(`reconcile: Redis had no engine state; primed ${report.sections} sections and ${report.students} students from MySQL in ${took} s\n`);
    } else {
      process.stdout.write(`reconcile: checked ${report.sections} sections and ${report.students} students in ${took} s; drift repaired: ${report.sectionsDrifted} sections, ${report.studentsDrifted} students, ${report.waitlistsRepaired} waitlists, ${report.reservationsRepaired} pending reservations\n`);
      for (const e of report.examples) process.stdout.write(`  ${e}\n`);
    }
    if (report.changedByStaff) process.stdout.write(`reconcile: ${report.changedByStaff} sections or students changed by staff while it ran were reloaded from MySQL at its end (not drift)\n`);
    process.stdout.write(`${JSON.stringify({ sectionsDrifted: report.sectionsDrifted, studentsDrifted: report.studentsDrifted, waitlistsRepaired: report.waitlistsRepaired, reservationsRepaired: report.reservationsRepaired, changedByStaff: report.changedByStaff })}\n`);
  } finally {
    redis.disconnect();
    await ds.destroy();
  }
}
