// `npm start`: the whole system on this machine with demo data.
// Installs and builds what is missing, finds or starts Redis and MariaDB, migrates, seeds the
// demo university on first run, starts the API and the worker, and prints where to go.
// Ctrl-C stops what this script started, and only that.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInstalled, ensureServerBuilt, ensureWebBuilt, root } from './lib/build.mjs';

ensureInstalled();
ensureServerBuilt();
ensureWebBuilt();
const { ensureServices } = await import('./lib/services.mjs');

const env = process.env;
const services = await ensureServices({
  dataDir: path.join(root, '.data/local'),
  db: { host: env.DB_HOST ?? '127.0.0.1', port: Number(env.DB_PORT ?? 3306), user: env.DB_USER ?? 'root', password: env.DB_PASSWORD ?? '' },
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
});
const childEnv = {
  ...env,
  DB_HOST: services.db.host, DB_PORT: String(services.db.port), DB_USER: services.db.user, DB_PASSWORD: services.db.password,
  REDIS_URL: services.redisUrl,
};
delete childEnv.DATABASE_URL;

const cli = (...args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), ...args], { stdio: 'inherit', env: childEnv });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed with exit code ${r.status}`);
};

const children = [];
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\n[start] stopping …\n');
  await Promise.all(children.map((c) => new Promise((res) => {
    if (c.exitCode !== null || c.signalCode) return res();
    c.once('exit', res);
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 20_000).unref();
  })));
  await services.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  cli('migrate');
  cli('seed', '--if-empty');
} catch (err) {
  process.stderr.write(`[start] ${err.message}\n`);
  await shutdown(1);
}

for (const [name, entry] of [['api', 'dist/apps/api/src/main.js'], ['worker', 'dist/apps/worker/src/main.js']]) {
  const child = spawn(process.execPath, [path.join(root, entry)], { stdio: 'inherit', env: childEnv });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping the rest\n`);
      shutdown(1);
    }
  });
  children.push(child);
}

const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const base = `http://${host}:${port}`;
for (let i = 0; i < 600 && !stopping; i++) {
  try {
    const res = await fetch(`${base}/health/ready`);
    if (res.ok) break;
  } catch {}
  await sleep(200);
}
let sampleStudent = '(see the staff console)';
try {
  const mysql = (await import('mysql2/promise')).default;
  const c = await mysql.createConnection({ ...services.db, database: env.DB_NAME ?? 'goorm' });
  const [rows] = await c.query('SELECT student_no FROM student ORDER BY id LIMIT 1');
  await c.end();
  if (rows[0]) sampleStudent = rows[0].student_no;
} catch {}
if (!stopping) {
  process.stdout.write(`
  Goorm University course registration is running.

    Web app     ${base}/
    API         ${base}/api   (OpenAPI: ${base}/api/docs)
    Health      ${base}/health/ready
    Staff       admin / admin1234!
    Students    any demo student number (e.g. ${sampleStudent}) / student1234!
    ${services.started.length ? `Started     ${services.started.join(', ')}` : 'Services    reused the Redis and MySQL/MariaDB already running'}

  Ctrl-C stops it.
`);
}
