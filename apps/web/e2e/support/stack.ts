import { runSeed } from '@app/seed';
import { createTestEnv, type TestEnv } from '@app/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ensureServices, freePort } from '../../../../scripts/lib/services.mjs';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const repoRoot = path.resolve(webRoot, '../..');
/** The compiled server (`npm test` builds it first); apps never import each other, so we run it. */
const serverDist = process.env.E2E_SERVER_DIST ?? path.join(repoRoot, 'dist');

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Why the browser scenario cannot run here, or null. `npm test` compiles the server before Vitest,
 * so there it always runs; a developer running `--project web` with an old build gets a skip that
 * says so, rather than a failure against yesterday's API (and never a rebuild under others' feet).
 */
export function whyNotRunnable(chromiumPath: string): string | null {
  if (!existsSync(chromiumPath)) return `no browser at ${chromiumPath} (apt-get install chromium)`;
  const marker = path.join(serverDist, 'apps/api/src/main.js');
  if (!existsSync(marker)) return `the server is not compiled (${marker})`;
  if (process.env.E2E_SERVER_DIST) return null;
  const sources = Math.max(...['apps/api/src', 'apps/worker/src', 'apps/cli/src', 'libs'].map((d) => newest(path.join(repoRoot, d))));
  return statSync(marker).mtimeMs < sources ? 'the compiled server is older than its sources (npm test rebuilds it)' : null;
}

/** The API serves apps/web/dist: build it once if `npm test` (or a developer) has not. */
export async function ensureWebDist(): Promise<void> {
  if (existsSync(path.join(webRoot, 'dist/index.html'))) return;
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(webRoot, 'vite.config.ts'), mode: 'production', logLevel: 'error' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export interface Stack {
  env: TestEnv;
  base: string;
  /** Stopping and restarting the worker holds decisions back, so a test can see the line mid-flight. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

function run(entry: string, env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const file = path.join(serverDist, entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the server first (npm run build:server, or npm test does it).`);
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  return child;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

async function waitReady(url: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}

/**
 * The real system on this machine, as `npm start` runs it: MariaDB and Redis (reused when they
 * answer on the usual ports, else started privately), a private database and Redis
 * prefix with a small seeded university and no open window, and the compiled API (serving the built
 * web app) and worker as processes. No mocks.
 */
export async function startStack(): Promise<Stack> {
  await ensureWebDist();
  const services = await ensureServices({
    // Not .data/test: when nothing answers on the default ports, the integration project's global
    // setup starts private servers there in the same run, and two mariadbd cannot share a directory.
    dataDir: path.join(repoRoot, '.data/test-web'),
    db: { host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '' },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  });
  const env = await createTestEnv(services);
  await runSeed(env.config.database, { students: 120, sections: 60, majors: 5, seed: 11, windowOpen: false });

  const [port, workerPort] = [await freePort(), await freePort()];
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DB_HOST: env.config.database.host,
    DB_PORT: String(env.config.database.port),
    DB_USER: env.config.database.user,
    DB_PASSWORD: env.config.database.password,
    DB_NAME: env.config.database.database,
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: env.config.redis.prefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    WORKER_PORT: String(workerPort),
    SERVE_WEB: 'true',
    LOG_LEVEL: 'error',
    // Dozens of students sign in from this one address within a minute.
    LOGIN_MAX_PER_IP_PER_MINUTE: '1000',
    // The opening-draw scenario waits for its draw: keep it short.
    RANDOM_AT_OPEN_SECONDS: '6',
  };
  delete childEnv.DATABASE_URL;
  const base = `http://127.0.0.1:${port}`;

  let worker: ChildProcess | null = null;
  const startWorker = async () => {
    if (worker) return;
    worker = run('apps/worker/src/main.js', childEnv, 'worker');
    await waitReady(`http://127.0.0.1:${workerPort}/health/live`, worker);
  };
  await startWorker();
  const api = run('apps/api/src/main.js', childEnv, 'api');
  await waitReady(`${base}/health/ready`, api);

  return {
    env,
    base,
    async stopWorker() {
      await stop(worker);
      worker = null;
    },
    startWorker,
    async close() {
      await Promise.all([stop(api), stop(worker)]);
      await env.cleanup();
      await services.stop();
    },
  };
}
