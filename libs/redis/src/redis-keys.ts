/**
 * Builds every Redis key the system uses, so no call site writes a key by hand
 * (the pattern of bullmq's queue-keys). All keys share one prefix, so a test can use
 * its own prefix on a shared Redis and the demo data is never touched.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  private k(...parts: (string | number)[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** BullMQ's own prefix for its queues. */
  get bullPrefix(): string { return this.k('bull'); }

  channel(name: string): string { return this.k(name); }
  rateLimit(scope: string, id: string | number): string { return this.k('rl', scope, id); }
  cache(name: string): string { return this.k('cache', name); }
}
