// A minimal HTTP/1.1 client for load generation: keep-alive connections opened up front, one request
// in flight per connection (no pipelining), requests written as prebuilt buffers, answers parsed for
// status, Retry-After and body only. It exists because the generator shares this box's two cores with
// the system it measures: undici cost the generator 139–160 µs of CPU per request here, this client 73
// (`SHED_EVENT_LOOP_DELAY_MS=1 npm run bench:steady -- --rate 5000 --seconds 4 --client undici|raw`), and
// undici's was more than the API spent refusing the request, so at a 10× burst the client took most of the machine.
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

export class TimeoutError extends Error {
  constructor() { super('client timeout'); this.name = 'TimeoutError'; }
}

class Connection {
  constructor(pool) {
    this.pool = pool;
    this.current = null; // { buf, resolve, reject, deadline }
    this.chunks = [];
    this.size = 0;
    this.socket = net.connect(pool.port, pool.host);
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', () => {});
    this.socket.on('close', () => this.onClose());
  }

  send(req) {
    this.current = req;
    this.socket.write(req.buf);
  }

  onData(d) {
    this.chunks.push(d);
    this.size += d.length;
    const buf = this.chunks.length === 1 ? d : Buffer.concat(this.chunks, this.size);
    const end = buf.indexOf(HEADER_END);
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const start = end + 4;
    let body;
    let close = /\r\nconnection:\s*close/i.test(head);
    const len = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (len) {
      const total = start + Number(len[1]);
      if (buf.length < total) { this.keep(buf); return; }
      body = buf.toString('utf8', start, total);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts = [];
      let at = start;
      for (;;) {
        const nl = buf.indexOf('\r\n', at);
        if (nl < 0) { this.keep(buf); return; }
        const size = parseInt(buf.toString('latin1', at, nl), 16);
        if (buf.length < nl + 2 + size + 2) { this.keep(buf); return; }
        if (size === 0) break;
        parts.push(buf.toString('utf8', nl + 2, nl + 2 + size));
        at = nl + 2 + size + 2;
      }
      body = parts.join('');
    } else {
      body = '';
      close = true; // no length: the body runs to the end of the connection; not expected here
    }
    this.chunks = [];
    this.size = 0;
    const req = this.current;
    this.current = null;
    const retryAfter = /\r\nretry-after:\s*([^\r]*)/i.exec(head)?.[1] ?? null;
    req?.resolve({ status, retryAfter, body });
    if (close) { this.socket.destroy(); return; }
    this.pool.release(this);
  }

  keep(buf) { this.chunks = [buf]; this.size = buf.length; }

  onClose() {
    const req = this.current;
    this.current = null;
    if (req) req.reject(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
    this.pool.replace(this);
  }
}

/** `connections` keep-alive connections to `base`; `request(buf)` waits for a free one. */
export class RawHttpPool {
  constructor(base, connections, timeoutMs) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.timeoutMs = timeoutMs;
    this.all = new Set();
    this.free = [];
    this.waiting = [];
    this.closed = false;
    for (let i = 0; i < connections; i++) this.add();
    // Timeouts for answers in flight and for requests still waiting for a connection.
    this.timer = setInterval(() => this.expire(), 50);
  }

  get connected() { let n = 0; for (const c of this.all) if (!c.socket.connecting && !c.socket.destroyed) n++; return n; }

  /** Resolves once every connection opened so far is up (or failed and is being replaced). */
  async connect() {
    await Promise.all([...this.all].map((c) => c.ready.catch(() => {})));
  }

  /** A new connection; it takes waiting requests as soon as it is up. */
  add() {
    const c = new Connection(this);
    this.all.add(c);
    c.ready.then(() => this.release(c), () => {});
  }

  /** Resolves { status, retryAfter, body }; rejects TimeoutError after timeoutMs from the call. */
  request(buf) {
    return new Promise((resolve, reject) => {
      const req = { buf, resolve, reject, deadline: performance.now() + this.timeoutMs };
      const c = this.free.pop();
      if (c) c.send(req); else this.waiting.push(req);
    });
  }

  release(c) {
    const next = this.waiting.shift();
    if (next) c.send(next); else this.free.push(c);
  }

  replace(c) {
    this.all.delete(c);
    const i = this.free.indexOf(c);
    if (i >= 0) this.free.splice(i, 1);
    if (!this.closed) this.add();
  }

  expire() {
    const now = performance.now();
    while (this.waiting.length && this.waiting[0].deadline <= now) this.waiting.shift().reject(new TimeoutError());
    for (const c of this.all) {
      if (c.current && c.current.deadline <= now) {
        const req = c.current;
        c.current = null;
        req.reject(new TimeoutError());
        c.socket.destroy();
      }
    }
  }

  close() {
    this.closed = true;
    clearInterval(this.timer);
    for (const c of this.all) c.socket.destroy();
  }
}
