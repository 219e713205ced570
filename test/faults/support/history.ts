import { randomUUID } from 'node:crypto';
import http from 'node:http';

/** One client operation, as a linearizability checker would record it. */
export interface Op {
  kind: 'enroll' | 'drop';
  student: number;
  section: number;
  key: string | null;
  invokeMs: number;
  completeMs: number;
  status: number;
  requestId?: string;
  position?: number;
  retryAfter?: string | null;
  error?: string;
  /** Enroll with waitlist opt-in. */
  waitlist?: boolean;
  /** The body as answered (a 202's for "same key → same answer"; an error's code). */
  answer?: unknown;
  /** Drop: the request promoted into the freed seat, if any. */
  promoted?: string | null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Answer { status: number; headers: http.IncomingHttpHeaders; text: string; json: unknown }

/** One HTTP call on a keep-alive agent (no client-side queueing surprises, a hard timeout). */
export function request(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, agent, headers: { ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers }, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** The history of one run: every operation the load client made, with its answer. */
export class History {
  readonly ops: Op[] = [];

  constructor(private readonly base: string, private readonly token: (student: number) => string) {}

  async enroll(student: number, section: number, key: string | null = randomUUID(), timeoutMs = 10_000, opts: { waitlist?: boolean } = {}): Promise<Op> {
    const op: Op = { kind: 'enroll', student, section, key, invokeMs: Date.now(), completeMs: 0, status: 0, ...(opts.waitlist ? { waitlist: true } : {}) };
    this.ops.push(op);
    try {
      const res = await request(this.base, 'POST', '/api/me/enrollments', {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token(student)}`, ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(opts.waitlist ? { sectionId: section, waitlist: true } : { sectionId: section }),
        timeoutMs,
      });
      op.status = res.status;
      op.retryAfter = (res.headers['retry-after'] as string | undefined) ?? null;
      const body = res.json as { requestId?: string; position?: number } | null;
      if (res.status === 202 && body) { op.requestId = body.requestId; op.position = body.position; }
      op.answer = res.json;
    } catch (err) {
      op.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    op.completeMs = Date.now();
    return op;
  }

  async drop(student: number, section: number): Promise<Op> {
    const op: Op = { kind: 'drop', student, section, key: null, invokeMs: Date.now(), completeMs: 0, status: 0 };
    this.ops.push(op);
    try {
      const res = await request(this.base, 'DELETE', `/api/me/enrollments/${section}`, { headers: { authorization: `Bearer ${this.token(student)}` } });
      op.status = res.status;
      const body = res.json as { requestId?: string; promotedRequestId?: string | null } | null;
      if (res.status === 200 && body) { op.requestId = body.requestId; op.promoted = body.promotedRequestId || null; }
    } catch (err) {
      op.error = err instanceof Error ? err.message : String(err);
    }
    op.completeMs = Date.now();
    return op;
  }

  /** GET /api/me/requests/:id as the student: the status code and the request's view. */
  async status(student: number, requestId: string): Promise<{ code: number; status?: string; reason?: string; position?: number }> {
    const res = await request(this.base, 'GET', `/api/me/requests/${requestId}`, { headers: { authorization: `Bearer ${this.token(student)}` } });
    const body = (res.json ?? {}) as { status?: string; reason?: string; position?: number };
    return { code: res.status, ...(res.status === 200 ? { status: body.status, reason: body.reason, position: body.position } : {}) };
  }

  /** Runs `jobs` with at most `concurrency` in flight. */
  static async pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
    const out: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) { const i = next++; out[i] = await jobs[i]!(); }
    }));
    return out;
  }

  accepted(): Op[] { return this.ops.filter((o) => o.kind === 'enroll' && o.status === 202 && o.requestId); }

  statusCounts(): Record<string, number> {
    const c: Record<string, number> = {};
    for (const o of this.ops) { const k = o.error ? 'error' : String(o.status); c[k] = (c[k] ?? 0) + 1; }
    return c;
  }
}
