/**
 * `npm run bench:api` — the API's hot read paths against a trivial JSON route of the same Nest
 * process, same run, same load generator:
 *   GET /api/sections?…&size=20   (a filtered page: cache, live seats, auth guard, validation)
 *   GET /api/open-times/current   (the countdown every waiting student polls)
 *   GET /health/live              (a trivial Nest JSON route: the ceiling)
 * The API runs in this process on a loopback port against a database and Redis prefix of its
 * own (dropped at the end); autocannon runs in a child process so it does not share our event loop.
 * Last line: JSON { sectionsPerSec, currentWindowPerSec, trivialPerSec, … }.
 */
import 'reflect-metadata';
import { createTestEnv } from '@app/testing';
import argon2 from 'argon2';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApiApp } from '../../../apps/api/src/bootstrap.js';
import { benchServices } from '../../../scripts/lib/services.mjs';
import { buildCatalogue } from '../support/catalogue-data.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

interface Result { route: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function autocannon(route: string, url: string, headers: Record<string, string>, warmup: boolean): Promise<Result> {
  const args = [path.join(root, 'node_modules/autocannon/autocannon.js'), '-j', '-n', '-c', String(CONNECTIONS), '-d', String(DURATION)];
  if (warmup) args.push('--warmup', '[', '-c', String(CONNECTIONS), '-d', '2', ']');
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  const { stdout } = await run(process.execPath, [...args, url], { maxBuffer: 32 * 1024 * 1024 });
  // With --warmup autocannon prints the warm-up's JSON first: the measured run is the last line.
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
  return { route, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

export async function main(): Promise<void> {
  const services = await benchServices();
  const env = await createTestEnv({ db: services.db, redisUrl: services.redisUrl }, { LOG_LEVEL: 'warn', DB_POOL_SIZE: '10' });
  try {
    const size = { majors: 20, professorsPerMajor: 10, lecturesPerMajor: 40, sectionsPerLecture: 3 };
    const data = await buildCatalogue(env.sql, size);
    const hash = await argon2.hash('bench-password-1', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await env.sql.query('INSERT INTO student (student_no, name, email, password_hash, major_id, grade, max_credits) VALUES (?, ?, ?, ?, ?, ?, ?)', ['B0001', 'Bench', 'bench@goorm.test', hash, 3, 2, 18]);
    const h = 3600_000;
    await env.sql.query('INSERT INTO open_time (name, starts_at, ends_at, grades, major_ids, queue_mode) VALUES ?', [[
      ['Round 1 (grade 2)', new Date(Date.now() - h), new Date(Date.now() + h), '[2]', null, 'FIFO'],
      ['Round 2 (everyone)', new Date(Date.now() + 2 * h), new Date(Date.now() + 3 * h), null, null, 'FIFO'],
      ['Seniors', new Date(Date.now() - h), new Date(Date.now() + h), '[4]', null, 'FIFO'],
    ]]);

    const app = await createApiApp(env.config);
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    try {
      const login = await fetch(`${base}/api/auth/student/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ studentNo: 'B0001', password: 'bench-password-1' }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      const sectionsUrl = `${base}/api/sections?majorId=3&hasSeats=true&sort=name&size=20`;
      const check = await fetch(sectionsUrl, { headers: auth });
      const page = (await check.json()) as { items: unknown[]; total: number };
      if (check.status !== 200 || page.items.length !== 20) throw new Error(`sections check failed: ${check.status} ${JSON.stringify(page).slice(0, 200)}`);
      console.log(`catalogue: ${data.sectionIds.length} sections; benchmark page: ${page.items.length} of ${page.total}; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per route (+2 s warm-up in the first)`);

      // The routes take turns, round after round, so a change in the machine's background load
      // hits all three alike; each figure is the median of its rounds.
      const routes: [string, string, Record<string, string>][] = [
        ['GET /health/live (trivial)', `${base}/health/live`, {}],
        ['GET /api/sections (filtered page of 20)', sectionsUrl, auth],
        ['GET /api/open-times/current', `${base}/api/open-times/current`, auth],
      ];
      const rounds: Result[][] = routes.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, [name, url, headers]] of routes.entries()) {
          const r = await autocannon(name, url, headers, round === 0);
          rounds[i]!.push(r);
          console.log(`  round ${round + 1}: ${name.padEnd(42)} ${String(r.rps).padStart(7)} req/s`);
        }
      }
      const median = (rs: Result[]): Result => {
        const sorted = [...rs].sort((a, b) => a.rps - b.rps);
        const mid = sorted[Math.floor(sorted.length / 2)]!;
        return { ...mid, non2xx: rs.reduce((a, r) => a + r.non2xx, 0), errors: rs.reduce((a, r) => a + r.errors, 0) };
      };
      const results = rounds.map(median);
      console.log('median of the rounds:');
      for (const r of results) {
        console.log(`${r.route.padEnd(42)} ${String(r.rps).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   non-2xx ${r.non2xx}   errors ${r.errors}`);
      }
      const [trivial, sections, current] = results as [Result, Result, Result];
      const pct = (r: Result) => Math.round((100 * r.rps) / trivial.rps);
      console.log(`sections at ${pct(sections)}% of trivial, current window at ${pct(current)}% (target ≥ 30%)`);
      if (results.some((r) => r.non2xx || r.errors)) console.log('WARNING: some requests failed');
      console.log(JSON.stringify({ sectionsPerSec: sections.rps, currentWindowPerSec: current.rps, trivialPerSec: trivial.rps, sectionsPctOfTrivial: pct(sections), currentWindowPctOfTrivial: pct(current) }));
    } finally {
      await app.close();
    }
  } finally {
    await env.cleanup();
    await services.stop();
  }
}
