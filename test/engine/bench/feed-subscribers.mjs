// BENCH_SUBSCRIBERS=N for bench:engine: N subscriptions to the decision channel in one process,
// each handling messages as the API's DecisionFeed does (a line per decision: split, parse, look
// up the student's streams), as N API processes with open SSE streams would. Prints "ready" once
// subscribed; on SIGTERM prints "messages <n> lines <n>" and exits.
import { Redis } from 'ioredis';

const { REDIS_URL, FEED_CHANNEL, FEED_SUBSCRIBERS } = process.env;
const listeners = new Map([[1, new Set([() => {}])]]); // a stream for one student, as a process with a few streams has
let messages = 0;
let lines = 0;
const subs = await Promise.all(Array.from({ length: Number(FEED_SUBSCRIBERS) }, async () => {
  const sub = new Redis(REDIS_URL);
  sub.on('message', (_channel, message) => {
    messages++;
    for (const line of message.split('\n')) {
      lines++;
      const [rid, s, x, outcome, reason, csec] = line.split('|');
      const set = listeners.get(Number(s));
      if (!set) continue;
      const view = { requestId: rid, sectionId: Number(x), status: outcome };
      if (reason) view.reason = reason;
      if (csec) view.conflictSectionId = Number(csec);
      for (const l of set) l(view);
    }
  });
  await sub.subscribe(FEED_CHANNEL);
  return sub;
}));
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  process.stdout.write(`messages ${messages} lines ${lines}\n`);
  for (const s of subs) s.disconnect();
  process.exit(0);
});
