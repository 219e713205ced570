/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is walked as plain JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

/** Every path of the HTTP contract, in OpenAPI form. */
const CONTRACT: [string, string][] = [
  ['post', '/api/auth/student/login'], ['post', '/api/auth/staff/login'],
  ['get', '/api/majors'], ['get', '/api/sections'], ['get', '/api/sections/{id}'], ['get', '/api/open-times/current'],
  ['get', '/api/me'], ['get', '/api/me/cart'], ['post', '/api/me/cart'], ['delete', '/api/me/cart/{sectionId}'],
  ['post', '/api/me/enrollments'], ['post', '/api/me/enrollments/from-cart'], ['get', '/api/me/requests/{requestId}'],
  ['get', '/api/me/requests/stream'], ['get', '/api/me/enrollments'], ['delete', '/api/me/enrollments/{sectionId}'], ['get', '/api/me/timetable'],
  ...['majors', 'professors', 'lectures', 'sections', 'students', 'staff', 'open-times'].flatMap((r): [string, string][] => [
    ['get', `/api/admin/${r}`], ['post', `/api/admin/${r}`], ['get', `/api/admin/${r}/{id}`], ['patch', `/api/admin/${r}/{id}`], ['delete', `/api/admin/${r}/{id}`],
  ]),
  ['get', '/api/admin/sections/{id}/roster'], ['post', '/api/admin/students/{id}/enrollments'],
  ['delete', '/api/admin/students/{id}/enrollments/{sectionId}'], ['get', '/api/admin/queue'],
];

/** Routes of apps/api/src/enrollment (the engine's), documented by their owner. */
const ENGINE_OWNED = [/^(post|delete) \/api\/me\/enrollments/, /^get \/api\/me\/requests/, /^\w+ \/api\/admin\/students\/\{id\}\/enrollments/, /^get \/api\/admin\/queue$/];

describe('OpenAPI document', () => {
  let api: Api;
  let doc: any;
  beforeAll(async () => {
    api = await bootApi();
    const res = await api.call('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => api?.close());

  it('is OpenAPI 3 with bearer auth and serves a UI at /api/docs', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await api.call('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('documents every path of the contract', () => {
    const missing = CONTRACT.filter(([m, p]) => !doc.paths[p]?.[m]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });

  it('is complete enough to generate a client: unique operation ids, resolvable refs, typed bodies and answers', () => {
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas[ref.slice(22, -1)], ref).toBeDefined();
    const ids = new Set<string>();
    const untyped: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(op.operationId), `duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        if (['post', 'patch'].includes(method) && op.requestBody) expect(op.requestBody.content['application/json'].schema, `${method} ${path} body`).toBeDefined();
        const ok = Object.entries<any>(op.responses).find(([s]) => s.startsWith('2'));
        const typed = ok && (ok[0] === '204' || path.endsWith('/stream') || ok[1].content);
        if (!typed && !ENGINE_OWNED.some((re) => re.test(`${method} ${path}`))) untyped.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(untyped).toEqual([]);
  });

  it('describes the error body and the write-only password', () => {
    expect(doc.components.schemas.Error.required).toEqual(['statusCode', 'code', 'message']);
    expect(doc.components.schemas.CreateStudentDto.properties.password.writeOnly).toBe(true);
    expect(doc.components.schemas.AdminStudentDto.properties.password).toBeUndefined();
    expect(doc.paths['/api/sections'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['q', 'majorId', 'day', 'credits', 'professor', 'generalEducation', 'hasSeats', 'page', 'size', 'sort', 'order']),
    );
  });
});
