import { ErrorCode, type ErrorBody } from '@app/contracts';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadSheddingOptions {
  /** Shed while the event-loop delay p99 of the last window is above this (ms); 0 = never. */
  maxEventLoopDelayMs: number;
  /** Shed while this many enroll calls are in flight in this process; 0 = no limit. */
  maxInFlight: number;
  /** Origins the API answers CORS for (a browser must be able to read the 503 too). */
  corsOrigins: string[];
  /** Headers every answer of the API carries (helmet's, computed once at boot), added to each refusal. */
  headers: Record<string, string>;
}

const WINDOW_MS = 250;
const INTAKE = /^\/api\/me\/enrollments(\/from-cart)?(\?|$)/;

/**
 * Admission control for the enroll routes. Past its capacity a process that accepts everything
 * answers everyone late (a 10× burst measured p99 4–9 s, every call a 202 long after the click);
 * refusing the excess at once keeps the accepted ones fast and tells the rest to come back
 * (503 + Retry-After, as for a full line). The signal is this process's own event-loop delay,
 * sampled every 250 ms, and its enroll calls in flight.
 *
 * It sits in front of Fastify, in the HTTP server's request listener (Fastify's `serverFactory`):
 * a refusal is one prebuilt answer written to the socket, with no Fastify request or reply, no
 * Nest or Fastify hooks and no serialization. Requests injected in-process (tests, the warm-up)
 * do not pass through here.
 */
export class LoadShedder {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private readonly timer: NodeJS.Timeout;
  private overloaded = false;
  private inFlight = 0;
  private readonly body: Buffer;
  private readonly headers: Record<string, string | number>;
  private readonly corsOrigins: Set<string>;
  /** Counts each refusal (the API's metrics, attached once the application exists). */
  onShed: () => void = () => {};

  constructor(private readonly opts: LoadSheddingOptions) {
    this.delay.enable();
    this.timer = setInterval(() => {
      this.overloaded = opts.maxEventLoopDelayMs > 0 && this.delay.percentile(99) / 1e6 > opts.maxEventLoopDelayMs;
      this.delay.reset();
    }, WINDOW_MS);
    this.timer.unref();
    const body: ErrorBody = { statusCode: 503, code: ErrorCode.UNAVAILABLE, message: 'Enrollment is at capacity this second; try again in a moment.' };
    this.body = Buffer.from(JSON.stringify(body));
    this.corsOrigins = new Set(opts.corsOrigins);
    this.headers = { ...opts.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': this.body.length, 'retry-after': '1', 'cache-control': 'no-store' };
  }

  /** The HTTP server for Fastify's `serverFactory`: this gate in front of Fastify's handler. */
  createServer(handler: (req: IncomingMessage, res: ServerResponse) => void, options: http.ServerOptions = {}): http.Server {
    return http.createServer(options, (req, res) => {
      if (req.method !== 'POST' || !INTAKE.test(req.url ?? '')) return handler(req, res);
      if (this.overloaded || (this.opts.maxInFlight > 0 && this.inFlight >= this.opts.maxInFlight)) return this.refuse(req, res);
      this.inFlight++;
      let counted = true;
      const release = () => { if (counted) { counted = false; this.inFlight--; } };
      res.once('finish', release);
      res.once('close', release);
      handler(req, res);
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.delay.disable();
  }

  private refuse(req: IncomingMessage, res: ServerResponse): void {
    this.onShed();
    const origin = req.headers.origin;
    if (origin && this.corsOrigins.has(origin)) res.writeHead(503, { ...this.headers, 'access-control-allow-origin': origin, vary: 'Origin' });
    else res.writeHead(503, this.headers);
    // The body is not read: Node discards the rest of it and keeps the connection.
    res.end(this.body);
  }
}
