import { Channel, type EnrollmentRequestView } from '@app/contracts';
import type { CommitWatermark, EnrollmentGate } from '@app/engine';
import { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DecisionFeed } from './decision-feed.js';

// The engine publishes one message per script call, a line per decision (decideEnroll.lua,
// withDecisions): each line reaches the streams of its own student, in order.
describe('DecisionFeed', () => {
  it('fans the lines of one message out to each student\'s streams, in order', async () => {
    const keys = new RedisKeys('t');
    const sub = Object.assign(new EventEmitter(), { subscribe: async () => 2, unsubscribe: async () => 0 });
    const gate = { decidedUpTo: async () => 0 } as unknown as EnrollmentGate;
    const watermark = { start: async () => {}, stop: () => {} } as unknown as CommitWatermark;
    const feed = new DecisionFeed(sub as unknown as Redis, keys, gate, watermark);
    await feed.onApplicationBootstrap();
    const got: Record<number, EnrollmentRequestView[]> = { 7: [], 8: [] };
    for (const s of [7, 8]) await feed.on(s, (v) => got[s]!.push(v)).ready;

    sub.emit('message', keys.channel(Channel.DECISIONS), [
      'r1|7|3|ENROLLED|||41',
      'r2|9|3|REJECTED|SECTION_FULL||42',
      'r3|8|5|REJECTED|TIME_CONFLICT|3|43',
      'r4|7|4|WAITLISTED|||44',
    ].join('\n'));

    expect(got[7]).toEqual([
      { requestId: 'r1', sectionId: 3, status: 'ENROLLED' },
      { requestId: 'r4', sectionId: 4, status: 'WAITLISTED' },
    ]);
    expect(got[8]).toEqual([{ requestId: 'r3', sectionId: 5, status: 'REJECTED', reason: 'TIME_CONFLICT', conflictSectionId: 3 }]);
    feed.onApplicationShutdown();
  });
});
