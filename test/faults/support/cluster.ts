import { RedisKeys } from '@app/redis';
import { createTestEnv, type ServiceAddresses, type TestEnv } from '@app/testing';
import { createHmac, randomBytes } from 'node:crypto';
import { freePort } from '../../../scripts/lib/services.mjs';
import { ensureDist, runApp, waitUntil, type NodeProc } from './processes.js';

export interface University {
  /** section id → capacity */
  sections: { id: number; capacity: number }[];
  students: number;
}

/**
 * A tiny university in the test's own database: one major, one lecture per section (so a student
 * may hold every section), meetings that never clash, students with room for every section.
 */
export async function seedUniversity(env: TestEnv, opts: { students: number; capacities: number[]; window?: 'open' | 'future'; meeting?: (sectionId: number) => [day: number, start: number, end: number] }): Promise<University> {
  const q = (sql: string, p: unknown[] = []) => env.sql.query(sql, p);
  await q(`INSERT INTO major (id, name, general_education) VALUES (1, 'CS', 0)`);
  await q(`INSERT INTO professor (id, name, major_id) VALUES (1, 'P', 1)`);
  const secs = opts.capacities.map((capacity, i) => ({ id: i + 1, capacity }));
  for (const s of secs) {
    await q(`INSERT INTO lecture (id, code, name, credits, major_id) VALUES (?, ?, ?, 1, 1)`, [s.id, `F${s.id}`, `Fault ${s.id}`]);
    await q(`INSERT INTO section (id, lecture_id, professor_id, section_no, capacity) VALUES (?, ?, 1, 1, ?)`, [s.id, s.id, s.capacity]);
    await q(`INSERT INTO section_meeting (section_id, day, start_period, end_period) VALUES (?, ?, ?, ?)`, [s.id, ...(opts.meeting?.(s.id) ?? [1 + (s.id % 7), 1 + Math.floor(s.id / 7), 1 + Math.floor(s.id / 7)])]);
  }
  for (let from = 1; from <= opts.students; from += 2000) {
    const rows = [];
    for (let id = from; id < Math.min(from + 2000, opts.students + 1); id++) rows.push([id, `F${id}`, 'n', 'e', 'x', 1, 1, 40]);
    await q(`INSERT INTO student (id, student_no, name, email, password_hash, major_id, grade, max_credits) VALUES ${rows.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`, rows.flat());
  }
  await q(`INSERT INTO staff (id, login_id, name, password_hash) VALUES (1, 'faultstaff', 'S', 'x')`);
  const start = opts.window === 'future' ? new Date(Date.now() + 3600_000) : new Date(Date.now() - 3600_000);
  await q(`INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ('w', ?, ?, NULL, NULL, 'FIFO')`, [start, new Date(start.getTime() + 7 * 86400_000)]);
  return { sections: secs, students: opts.students };
}

const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

/** Signs an access token the way the API does (HS256, issuer, audience); tests forge variants. */
export function signToken(secret: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const now = Math.floor(Date.now() / 1000);
  const body = { iat: now, exp: now + 900, iss: 'goorm-registration', aud: 'api', ...claims };
  const head = `${b64(header)}.${b64(body)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export interface ClusterOptions {
  services: ServiceAddresses;
  workers: number;
  students: number;
  capacities: number[];
  window?: 'open' | 'future';
  env?: Record<string, string>;
  /** Start workers now (default) or later with startWorker(). */
  startWorkers?: boolean;
  name: string;
  /** Each section's one weekly meeting (default: no two sections clash, up to ~200 sections). */
  meeting?: (sectionId: number) => [day: number, start: number, end: number];
  /** Runs after the seed, before any process starts (extra fixtures). */
  beforeStart?: (env: TestEnv) => Promise<void>;
}

/**
 * The real system as processes: the built API and N workers on a database and Redis prefix of
 * the test's own (on the services given — the machine's or the test's own servers).
 */
export async function startCluster(o: ClusterOptions) {
  ensureDist();
  const env = await createTestEnv(o.services, o.env ?? {});
  env.redis.on('error', () => {}); // a fault test stops Redis on purpose
  const uni = await seedUniversity(env, { students: o.students, capacities: o.capacities, window: o.window, meeting: o.meeting });
  await o.beforeStart?.(env);
  const secret = randomBytes(24).toString('hex');
  const port = await freePort();
  const procEnv: Record<string, string> = {
    NODE_ENV: 'test', LOG_LEVEL: 'log', SERVE_WEB: 'false', HOST: '127.0.0.1',
    DB_HOST: env.config.database.host, DB_PORT: String(env.config.database.port), DB_USER: env.config.database.user,
    DB_PASSWORD: env.config.database.password, DB_NAME: env.config.database.database,
    REDIS_URL: env.config.redis.url, REDIS_PREFIX: env.config.redis.prefix, JWT_SECRET: secret,
    WORKER_PORT: '0', WORKER_CONCURRENCY: '50', ...(o.env ?? {}),
  };
  const keys = new RedisKeys(env.config.redis.prefix);
  const workers: NodeProc[] = [];
  let n = 0;
  const tag = `${o.name}-${env.config.redis.prefix}`;
  const cluster = {
    env, uni, secret, keys, workers, procEnv,
    base: `http://127.0.0.1:${port}`,
    api: null as NodeProc | null,
    token(studentId: number) { return signToken(secret, { sub: String(studentId), role: 'student' }); },
    staffToken() { return signToken(secret, { sub: '1', role: 'staff' }); },
    async startApi() {
      cluster.api = runApp('api', `${tag}-api`, { ...procEnv, PORT: String(port), LOG_LEVEL: 'warn' });
      await waitUntil('API answers /health/live', async () => (await fetch(`${cluster.base}/health/live`)).ok, 30_000, 100);
    },
    /** Starts one more worker; resolves when it listens (and the engine is primed). */
    async startWorker(): Promise<NodeProc> {
      const w = runApp('worker', `${tag}-worker${++n}`, procEnv);
      workers.push(w);
      await waitUntil(`${w.name} up`, () => {
        if (w.child.exitCode !== null) throw new Error(`${w.name} exited: ${w.output().slice(-2000)}`);
        return /health and metrics on/.test(w.output());
      }, 30_000, 50);
      return w;
    },
    live(): NodeProc[] { return workers.filter((w) => w.child.exitCode === null && !w.child.signalCode); },
    async stop() {
      await Promise.all([cluster.api?.kill('SIGTERM'), ...workers.map((w) => w.kill('SIGTERM'))]);
      await env.cleanup();
    },
  };
  await cluster.startApi();
  if (o.startWorkers !== false) for (let i = 0; i < o.workers; i++) await cluster.startWorker();
  // No worker to prime Redis from MySQL: the API refuses enrollments (503) until the engine state
  // exists, so load it the way an operator would without workers (reconcile sets the epoch).
  if (o.startWorkers !== false && o.workers === 0) await runReconcile(cluster);
  return cluster;
}
export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** `reconcile` from the built CLI against the cluster's database and prefix; returns its drift figures. */
export async function runReconcile(c: Cluster): Promise<{ sectionsDrifted: number; studentsDrifted: number; output: string }> {
  const p = runApp('cli', `reconcile-${c.env.config.redis.prefix}-${Date.now()}`, { ...c.procEnv, LOG_LEVEL: 'warn' }, ['reconcile', '--drain-timeout', '60'], 120);
  const code = await p.exited;
  const line = p.output().split('\n').reverse().find((l) => l.startsWith('{"sectionsDrifted"'));
  if (code !== 0 || !line) throw new Error(`reconcile failed (${code}): ${p.output().slice(-2000)}`);
  return { ...JSON.parse(line), output: p.output() };
}
