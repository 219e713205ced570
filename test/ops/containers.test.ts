import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { at } from './support/ops-paths.js';

/** A Dockerfile's instructions, continuation lines joined. */
function instructions(file: string): { op: string; args: string }[] {
  return readFileSync(at(file), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const IMAGES = {
  api: { file: 'docker/api.Dockerfile', port: '3000', cmd: 'dist/apps/api/src/main.js' },
  worker: { file: 'docker/worker.Dockerfile', port: '3001', cmd: 'dist/apps/worker/src/main.js' },
  web: { file: 'docker/web.Dockerfile', port: '8080', cmd: undefined },
};

describe.each(Object.entries(IMAGES))('%s image', (_name, image) => {
  const ins = instructions(image.file);
  const stages = ins.filter((i) => i.op === 'FROM');
  const final = ins.slice(ins.lastIndexOf(stages.at(-1)!));

  it('is multi-stage: build tools stay out of the final stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
  });

  it('runs as a non-root user (or an unprivileged base image)', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1)?.args;
    const base = stages.at(-1)!.args;
    expect(user === 'node' || /nginx-unprivileged/.test(base), `USER ${user} on ${base}`).toBe(true);
  });

  it('declares a HEALTHCHECK and exposes its port', () => {
    expect(final.some((i) => i.op === 'HEALTHCHECK' && /CMD/.test(i.args))).toBe(true);
    expect(final.find((i) => i.op === 'EXPOSE')?.args).toBe(image.port);
  });

  it('starts the built entry point and copies only files that exist', () => {
    if (image.cmd) expect(final.find((i) => i.op === 'CMD')?.args).toContain(image.cmd);
    for (const copy of ins.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const src of sources) expect(existsSync(at(src)), `${image.file}: COPY ${src}`).toBe(true);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps local state and dependencies out of the build context', () => {
    const lines = readFileSync(at('.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', 'dist', '.data', '.env']) expect(lines).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(at('docker-compose.yml'), 'utf8')) as {
    services: Record<string, { image?: string; build?: { dockerfile: string }; command?: string[]; volumes?: string[]; depends_on?: unknown; stop_grace_period?: string; environment?: Record<string, string> }>;
  };
  const s = compose.services;

  it('runs the full stack, monitoring included', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'grafana', 'mariadb', 'migrate', 'prometheus', 'redis', 'web', 'worker']);
  });

  it('runs Redis with AOF and noeviction', () => {
    const cmd = s.redis!.command!.join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--maxmemory-policy noeviction');
    expect(cmd).toMatch(/--maxmemory \d+mb/);
  });

  it('builds from Dockerfiles that exist and mounts files that exist', () => {
    for (const [name, svc] of Object.entries(s)) {
      if (svc.build) expect(existsSync(at(svc.build.dockerfile)), name).toBe(true);
      for (const v of svc.volumes ?? []) {
        const src = v.split(':')[0]!;
        if (src.startsWith('./')) expect(existsSync(at(src)), `${name}: ${src}`).toBe(true);
      }
    }
  });

  it('gives the worker the same drain time as Kubernetes', () => {
    expect(s.worker!.stop_grace_period).toBe('90s');
  });

  it('scrapes the api and worker under the job names the dashboards use', () => {
    const prom = parse(readFileSync(at('prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const jobs = Object.fromEntries(prom.scrape_configs.map((c) => [c.job_name, c.static_configs[0]!.targets[0]]));
    expect(jobs['goorm-api']).toBe(`api:${s.api!.environment!.PORT}`);
    expect(jobs['goorm-worker']).toBe(`worker:${s.worker!.environment!.WORKER_PORT}`);
  });
});
