import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startMariaDb, startRedisServer } from '../../../scripts/lib/services.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
export const ARTIFACTS = path.join(ROOT, '.artifacts/faults');

/**
 * A watchdog for a process this test started: it is SIGKILLed when the test process goes away
 * or after `maxSeconds`, whichever comes first — so nothing a fault test starts outlives it.
 */
export function watchdog(pid: number, maxSeconds: number): void {
  const script = `end=$(( $(date +%s) + ${maxSeconds} )); while kill -0 ${process.pid} 2>/dev/null && kill -0 ${pid} 2>/dev/null && [ $(date +%s) -lt $end ]; do sleep 1; done; kill -9 ${pid} 2>/dev/null; exit 0`;
  const w = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  w.unref();
}

/** Builds dist/ when it is older than the sources (one build at a time across agents). */
export function ensureDist(): void {
  const build = (fn: string) => execFileSync('flock', ['/tmp/goorm-build.lock', process.execPath, '-e', `import('./scripts/lib/build.mjs').then((b) => b.${fn}())`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    build('ensureServerBuilt');
  } catch (err) {
    // Someone else's half-finished edit does not type-check: tsc still emitted, so run what there is.
    if (!existsSync(path.join(ROOT, 'dist/apps/worker/src/main.js'))) throw err;
    console.warn(`[faults] nest build reported errors; running the emitted dist/ anyway:\n${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 500)}`);
    build('copyAssets');
  }
}

let snapshot: string | null = null;
/**
 * A private copy of dist/ for this test process: other agents rebuild dist/ in the same tree
 * (nest build deletes it first), and a worker restarted mid-rebuild would not find its modules.
 */
function distSnapshot(): string {
  if (snapshot) return snapshot;
  ensureDist();
  const dir = path.join(ARTIFACTS, `dist-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('flock', ['/tmp/goorm-build.lock', 'cp', '-r', path.join(ROOT, 'dist'), dir]);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (snapshot = dir);
}

export interface NodeProc {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs one of the built apps (dist/apps/<app>/src/main.js) with `env`, its output in a log file. */
export function runApp(app: 'api' | 'worker' | 'cli', name: string, env: Record<string, string>, args: string[] = [], maxSeconds = 900): NodeProc {
  mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
  const log = createWriteStream(path.join(ARTIFACTS, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [path.join(distSnapshot(), `apps/${app}/src/main.js`), ...args], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (b: Buffer) => { log.write(b); if (text.length < 200_000) text += b.toString(); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => { log.end(); res(code); }));
  watchdog(child.pid!, maxSeconds);
  return {
    name, child, exited, output: () => text,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode) return;
      child.kill(signal);
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try { if (await check()) return Date.now() - t0; } catch { /* not yet */ }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not true after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** A redis-server of the test's own on a free port (never the machine's), with a watchdog. */
export async function ownRedis(name: string, appendfsync: 'always' | 'everysec' = 'everysec', maxSeconds = 900) {
  const dir = path.join(ROOT, '.data/faults', `${name}-${process.pid}-${Date.now()}`);
  const port = await freePort();
  let server = await startRedisServer({ dir, port, appendfsync });
  watchdog(server.pid, maxSeconds);
  return {
    get url() { return server.url; },
    port,
    dir,
    get pid() { return server.pid; },
    /** kill -9: no chance to write anything more. */
    async crash() {
      const done = new Promise((r) => server.child.once('exit', r));
      process.kill(server.pid, 'SIGKILL');
      await done;
    },
    async restart() {
      server = await startRedisServer({ dir, port, appendfsync });
      watchdog(server.pid, maxSeconds);
    },
    /** Copies the AOF as it is on disk now (what a power loss would leave if nothing more got fsynced). */
    snapshot() {
      rmSync(path.join(dir, 'snap'), { recursive: true, force: true });
      cpSync(path.join(dir, 'appendonlydir'), path.join(dir, 'snap'), { recursive: true });
    },
    /** Puts the snapshot back in place of the AOF (Redis must be down): the writes since are gone. */
    rollBack() {
      rmSync(path.join(dir, 'appendonlydir'), { recursive: true, force: true });
      cpSync(path.join(dir, 'snap'), path.join(dir, 'appendonlydir'), { recursive: true });
    },
    stop: () => server.stop(),
  };
}

/** A mariadbd of the test's own on a free port, with a watchdog; stop() and start() for outages. */
export async function ownMariaDb(name: string, maxSeconds = 900) {
  const dir = path.join(ROOT, '.data/faults', `${name}-${process.pid}-${Date.now()}`);
  const port = await freePort();
  let server: Awaited<ReturnType<typeof startMariaDb>> | null = await startMariaDb({ dir, port });
  watchdog(server.pid, maxSeconds);
  const db = server.db;
  return {
    db,
    async stop() { await server?.stop(); server = null; },
    async crash() {
      if (!server) return;
      const done = new Promise((r) => server!.child.once('exit', r));
      process.kill(server.pid, 'SIGKILL');
      await done;
      server = null;
    },
    async start() {
      server = await startMariaDb({ dir, port });
      watchdog(server.pid, maxSeconds);
    },
  };
}
