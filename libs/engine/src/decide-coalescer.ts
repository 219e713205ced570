import type { DecideResult } from './engine-scripts.js';

/** What one job learns from a decide step: how the call ended and its own request's state. */
export interface DecideStep { kind: 'done' | 'more' | 'held'; status: string; seq: number }

/** The script call; it throws for a not-ready engine (every asker gets the error). */
type Call = (upTo: number, requestIds: string[]) => Promise<Exclude<DecideResult, { kind: 'not-ready' }>>;

interface Asker { requestId: string; position: number; resolve(s: DecideStep): void; reject(err: unknown): void }

/**
 * One decide call for every job of this process that reaches its step while the previous call is
 * still out. Each call costs Redis a script run and the process a round trip whatever it decides,
 * and the jobs a worker runs concurrently arrive in line order a few at a time: asked one by one,
 * the calls (~25 Redis commands of which ~7 are per call) were most of the engine's cost over the
 * bare queue. No timer: a call goes out at once when none is pending, so a lone job waits for
 * nothing; under load the jobs that came in during one call share the next.
 *
 * Order is untouched: every call still decides the line from its head up to the highest place it
 * carries (decideUpTo-0.lua), so a shared call only decides earlier what was next anyway.
 */
export class DecideCoalescer {
  private waiting: Asker[] = [];
  private inFlight = 0;
  private scheduled = false;

  /** maxInFlight: calls out at once (more overlaps round trips, fewer share a call). */
  constructor(private readonly call: Call, private readonly maxInFlight = 1, private readonly maxAskers = 512) {}

  step(requestId: string, position: number): Promise<DecideStep> {
    return new Promise<DecideStep>((resolve, reject) => {
      this.waiting.push({ requestId, position, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.waiting.length) return;
    this.scheduled = true;
    // Jobs that start in the same turn of the event loop go out together.
    queueMicrotask(() => { this.scheduled = false; this.flush(); });
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || !this.waiting.length) return;
    const group = this.waiting.splice(0, this.maxAskers);
    let upTo = 0;
    for (const a of group) if (a.position > upTo) upTo = a.position;
    this.inFlight++;
    this.call(upTo, group.map((a) => a.requestId)).then(
      (r) => group.forEach((a, i) => a.resolve({ kind: r.kind, status: r.own[i]?.status ?? '', seq: r.own[i]?.seq ?? 0 })),
    ).catch((err: unknown) => { for (const a of group) a.reject(err); })
      .finally(() => { this.inFlight--; this.schedule(); });
  }
}
