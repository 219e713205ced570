import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { freePort } from '../../../scripts/lib/services.mjs';

export interface PrometheusServer {
  url: string;
  /** GET /api/v1/<path>, returning `data`; throws on an error answer. */
  api<T>(apiPath: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus on a free loopback port with its own data dir, scraping the given
 * targets every second and loading the rule files. Stops only the process it started.
 */
export async function startPrometheus(opts: { jobs: Record<string, string>; ruleFiles: string[] }): Promise<PrometheusServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'goorm-prom-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: opts.ruleFiles,
    scrape_configs: Object.entries(opts.jobs).map(([job, target]) => ({ job_name: job, static_configs: [{ targets: [target] }] })),
  };
  writeFileSync(path.join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const child: ChildProcess = spawn('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => { log = (log + b.toString()).slice(-4000); });
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`prometheus could not start (apt-get install prometheus): ${e.message}`))));
  const url = `http://127.0.0.1:${port}`;

  const ready = async () => {
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
      const ok = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`prometheus not ready in 10 s:\n${log}`);
  };
  await Promise.race([ready(), spawnError]);

  return {
    url,
    async api<T>(apiPath: string): Promise<T> {
      const body = (await (await fetch(`${url}/api/v1/${apiPath}`)).json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${apiPath}: ${body.error}`);
      return body.data;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value, for at most `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`not satisfied within ${ms} ms${last ? `: ${String(last)}` : ''}`);
}
