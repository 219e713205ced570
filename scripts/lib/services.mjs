// Finds or starts the Redis and MariaDB servers the system needs.
// Reuses a server that answers at the configured address; otherwise starts a private one on a
// free loopback port with its data under .data/ (installing the Debian package when run as root).
// Only servers started here are ever stopped here.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';

const log = (msg) => process.stderr.write(`[services] ${msg}\n`);

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function redisAnswers(url, timeoutMs = 1000) {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function mysqlAnswers(db, timeoutMs = 1500) {
  try {
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, connectTimeout: timeoutMs });
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export function which(bin, extra = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/sbin', ...extra]) {
    const p = path.join(dir, bin);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

let aptUpdated = false;
/** `bin`'s path, installing Debian's `pkg` first when it is missing (as root; otherwise an error that says how). */
export function ensurePackage(bin, pkg, why = 'nothing answers at the configured address') {
  const found = which(bin);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`${bin} is not installed and ${why}. Install it with: sudo apt-get install -y ${pkg}`);
  }
  log(`installing ${pkg} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  const after = which(bin);
  if (!after) throw new Error(`apt-get installed ${pkg} but ${bin} is still not on PATH`);
  return after;
}

async function waitFor(check, what, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it answered (see its log)`);
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms`);
}

function stopper(child, name) {
  return async () => {
    if (child.exitCode !== null || child.signalCode) return;
    const done = new Promise((res) => child.once('exit', res));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { try { child.kill('SIGTERM'); } catch {} }
    const timeout = sleep(15_000).then(() => 'timeout');
    if ((await Promise.race([done, timeout])) === 'timeout') {
      log(`${name} did not stop in 15 s; killing it`);
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    }
  };
}

/**
 * Starts a private redis-server. Options: port (free one by default), dir, appendfsync.
 * Returns { url, port, pid, child, stop }.
 */
export async function startRedisServer({ dir, port, appendfsync = 'everysec', appendonly = true } = {}) {
  const bin = ensurePackage('redis-server', 'redis-server');
  port ??= await freePort();
  mkdirSync(dir, { recursive: true });
  const logFd = openSync(path.join(dir, 'redis.log'), 'a');
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', appendonly ? 'yes' : 'no', '--appendfsync', appendfsync,
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--protected-mode', 'yes',
  ];
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', logFd, logFd] });
  const url = `redis://127.0.0.1:${port}/0`;
  await waitFor(() => redisAnswers(url, 300), `redis-server on port ${port}`, child);
  return { url, port, pid: child.pid, child, stop: stopper(child, 'redis-server') };
}

/**
 * Starts a private mariadbd with its data directory under `dir` (created on first use).
 * Returns { db: { host, port, user, password }, pid, child, stop }.
 */
export async function startMariaDb({ dir, port } = {}) {
  const bin = ensurePackage('mariadbd', 'mariadb-server');
  port ??= await freePort();
  const datadir = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (!existsSync(path.join(datadir, 'mysql'))) {
    const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
    if (!installDb) throw new Error('mariadb-install-db not found (package mariadb-server)');
    execFileSync(installDb, [
      '--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db',
      ...(asRoot ? ['--user=root'] : []),
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const logFd = openSync(path.join(dir, 'mariadb.log'), 'a');
  const args = [
    '--no-defaults', `--datadir=${datadir}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${path.join(dir, 'mariadb.sock')}`, `--pid-file=${path.join(dir, 'mariadb.pid')}`,
    '--innodb-flush-log-at-trx-commit=1', '--max-connections=500', '--skip-name-resolve',
    '--innodb-buffer-pool-size=256M',
    ...(asRoot ? ['--user=root'] : []),
  ];
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', logFd, logFd] });
  const db = { host: '127.0.0.1', port, user: 'root', password: '' };
  await waitFor(() => mysqlAnswers(db, 500), `mariadbd on port ${port}`, child, 60_000);
  return { db, port, pid: child.pid, child, stop: stopper(child, 'mariadbd') };
}

/**
 * Reuses Redis and MariaDB at the configured addresses when they answer; otherwise starts
 * private ones under `dataDir`. Returns { db, redisUrl, started: string[], stop }.
 */
export async function ensureServices({ dataDir, db, redisUrl }) {
  const stops = [];
  const started = [];
  let outDb = db;
  let outRedis = redisUrl;
  try {
    if (await redisAnswers(redisUrl)) {
      log(`reusing Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`);
    } else {
      log(`nothing answers at ${redisUrl}; starting a private redis-server`);
      const r = await startRedisServer({ dir: path.join(dataDir, 'redis') });
      stops.push(r.stop);
      started.push(`redis-server (pid ${r.pid}, port ${r.port})`);
      outRedis = r.url;
    }
    if (await mysqlAnswers(db)) {
      log(`reusing MySQL/MariaDB at ${db.host}:${db.port}`);
    } else {
      log(`nothing answers at ${db.host}:${db.port}; starting a private mariadbd`);
      const m = await startMariaDb({ dir: path.join(dataDir, 'mariadb') });
      stops.push(m.stop);
      started.push(`mariadbd (pid ${m.pid}, port ${m.port})`);
      outDb = { ...db, ...m.db };
    }
  } catch (err) {
    for (const s of stops.reverse()) await s();
    throw err;
  }
  return {
    db: outDb,
    redisUrl: outRedis,
    started,
    stop: async () => { for (const s of stops.reverse()) await s(); },
  };
}

/**
 * The services a benchmark or probe runs on: MariaDB and Redis at the environment's addresses
 * (DB_*, REDIS_URL), started privately under .data/bench when nothing answers there.
 */
export function benchServices() {
  return ensureServices({
    dataDir: path.join(path.resolve(import.meta.dirname, '../..'), '.data/bench'),
    db: { host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '' },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  });
}
