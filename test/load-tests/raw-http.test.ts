import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawHttpPool } from '../../scripts/bench/raw-http.mjs';

// The load generator's raw HTTP/1.1 client (scripts/bench/raw-http.mjs) against a real Node server:
// whatever way an answer arrives, it must be read as the server sent it, and a slow or closed
// connection must fail that one request, not the run.
let server: http.Server;
let base: string;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      switch (req.url) {
        case '/json': res.writeHead(202, { 'content-type': 'application/json' }); res.end(JSON.stringify({ echo: body, auth: req.headers.authorization })); break;
        case '/shed': res.writeHead(503, { 'Retry-After': '7', 'content-length': '2' }); res.end('{}'); break;
        case '/chunked': res.writeHead(200); res.write('ab'); setTimeout(() => { res.write('cd'); res.end('é'); }, 20); break;
        case '/split': { // headers and body in separate writes, the body in pieces
          res.writeHead(200, { 'content-length': '6' }); res.flushHeaders();
          setTimeout(() => res.write('abc'), 10); setTimeout(() => res.end('def'), 30); break;
        }
        case '/close': res.writeHead(200, { connection: 'close', 'content-length': '2' }); res.end('ok'); break;
        case '/slow': setTimeout(() => { if (!res.destroyed) res.end('late'); }, 1000); break;
        case '/drop': req.socket.destroy(); break;
        default: res.writeHead(404); res.end();
      }
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

const post = (path: string, body = '', headers = '') => Buffer.from(`POST ${path} HTTP/1.1\r\nhost: x\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
const get = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nhost: x\r\n\r\n`);

describe('raw HTTP client of the load generator', () => {
  it('opens its connections up front and reads status, Retry-After and body however they arrive', async () => {
    const before = connections;
    const pool = new RawHttpPool(base, 4, 2000);
    await pool.connect();
    expect(pool.connected).toBe(4);
    const answers = await Promise.all([
      pool.request(post('/json', '{"sectionId":3}', 'authorization: Bearer t1\r\n')),
      pool.request(post('/shed', '{"sectionId":3}')),
      pool.request(get('/chunked')),
      pool.request(get('/split')),
      // More requests than connections: the rest wait for a free one.
      ...Array.from({ length: 20 }, (_, i) => pool.request(post('/json', String(i)))),
    ]);
    expect(answers[0]).toEqual({ status: 202, retryAfter: null, body: JSON.stringify({ echo: '{"sectionId":3}', auth: 'Bearer t1' }) });
    expect(answers[1]).toEqual({ status: 503, retryAfter: '7', body: '{}' });
    expect(answers[2]).toEqual({ status: 200, retryAfter: null, body: 'abcdé' });
    expect(answers[3]).toEqual({ status: 200, retryAfter: null, body: 'abcdef' });
    expect(answers.slice(4).map((a) => JSON.parse(a.body).echo)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(connections - before).toBe(4); // all of it on the four keep-alive connections
    pool.close();
  });

  it('sends what was asked before its connections were up, without connect()', async () => {
    const pool = new RawHttpPool(base, 2, 2000);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => pool.request(post('/json', `early${i}`))));
    expect(answers.map((a) => JSON.parse(a.body).echo)).toEqual(['early0', 'early1', 'early2', 'early3', 'early4']);
    pool.close();
  });

  it('fails only the request whose answer is late or whose connection died, and carries on', async () => {
    const pool = new RawHttpPool(base, 2, 300);
    await pool.connect();
    const t0 = performance.now();
    const late = await pool.request(get('/slow')).then(() => 'answered', (e: Error) => e.name);
    expect(late).toBe('TimeoutError');
    expect(performance.now() - t0).toBeLessThan(900);
    const dropped = await pool.request(get('/drop')).then(() => 'answered', (e: Error & { code?: string }) => e.code);
    expect(dropped).toBe('ECONNRESET');
    const closed = await pool.request(get('/close'));
    expect(closed).toEqual({ status: 200, retryAfter: null, body: 'ok' });
    // The pool replaced every connection it lost and still answers on all of them.
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.request(post('/json', `n${i}`))));
    expect(after.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    pool.close();
  });
});
