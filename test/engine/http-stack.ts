import type { AppConfig } from '@app/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { startWorker } from '../../apps/worker/src/bootstrap.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
export type Answer = { status: number; body: any };

/** The API on a free loopback port and one worker, in this process, for tests that go through HTTP. */
export async function startHttpStack(config: AppConfig) {
  const worker: NestFastifyApplication = await startWorker(config);
  const api: NestFastifyApplication = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  /** One JSON call; `token` as a Bearer token. */
  async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  return { base, call, close: async () => { await api.close(); await worker.close(); } };
}
