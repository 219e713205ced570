// Runs the open-model load generator (scripts/bench/loadgen.mjs) for one job as a child process, so
// that its sending has an event loop of its own; used by `npm run bench`, `npm run bench:steady` and
// the 10× burst fault test. Resolves the generator's output file (job.out) once it exits.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const LOADGEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'loadgen.mjs');

/**
 * @param job the loadgen job (see loadgen.mjs); written next to job.out while it runs
 * @param opts onStart(child) once spawned, onLine(message) for each JSON line it prints,
 *             killAfterMs: SIGKILL it after this long (a bound for callers that must stop)
 */
export async function runLoadgen(job, { onStart, onLine, killAfterMs } = {}) {
  const jobPath = `${job.out}.job.json`;
  writeFileSync(jobPath, JSON.stringify(job));
  try {
    const child = spawn(process.execPath, [LOADGEN, jobPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((res) => child.once('exit', res));
    const limit = killAfterMs ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : null;
    onStart?.(child);
    for await (const line of createInterface({ input: child.stdout })) {
      let message;
      try { message = JSON.parse(line); } catch { continue; }
      onLine?.(message);
    }
    const code = await exited;
    if (limit) clearTimeout(limit);
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(readFileSync(job.out, 'utf8'));
  } finally {
    rmSync(jobPath, { force: true });
  }
}
