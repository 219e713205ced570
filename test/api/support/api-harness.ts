/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
import 'reflect-metadata';
import { createTestEnv, type TestEnv } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import argon2 from 'argon2';
import { inject } from 'vitest';
import { createApiApp } from '../../../apps/api/src/bootstrap.js';
import { Fixtures } from './fixtures.js';

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The TCP peer's address (default 127.0.0.1): what req.ip is unless TRUST_PROXY trusts that peer. */
  remoteAddress?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface Api {
  env: TestEnv;
  app: NestFastifyApplication;
  fx: Fixtures;
  call<T = any>(method: string, url: string, opts?: CallOptions): Promise<CallResult<T>>;
  loginStudent(studentNo: string, password?: string): Promise<string>;
  loginStaff(loginId?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const STUDENT_PASSWORD = 'student1234!';
export const STAFF_PASSWORD = 'admin1234!';

/** Boots the real API (createApiApp) on a database and Redis prefix of this file's own. */
export async function bootApi(overrides: Record<string, string> = {}): Promise<Api> {
  const env = await createTestEnv(inject('services'), overrides);
  const app = await createApiApp(env.config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const hashes = {
    student: await argon2.hash(STUDENT_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
    staff: await argon2.hash(STAFF_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  };
  const fx = new Fixtures(env.sql, hashes);
  const api: Api = {
    env,
    app,
    fx,
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let payload: string | undefined;
      if (opts.body !== undefined) {
        payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: opts.remoteAddress });
      let body: unknown;
      try { body = res.body ? JSON.parse(res.body) : undefined; } catch { /* not JSON (CSV, empty) */ }
      return { status: res.statusCode, body: body as any, text: res.body, headers: res.headers };
    },
    async loginStudent(studentNo, password = STUDENT_PASSWORD) {
      const res = await api.call('POST', '/api/auth/student/login', { body: { studentNo, password } });
      if (res.status !== 200) throw new Error(`student login failed: ${res.status} ${res.text}`);
      return res.body.accessToken;
    },
    async loginStaff(loginId = 'admin', password = STAFF_PASSWORD) {
      const res = await api.call('POST', '/api/auth/staff/login', { body: { loginId, password } });
      if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${res.text}`);
      return res.body.accessToken;
    },
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
  return api;
}
