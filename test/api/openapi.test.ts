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

/** Answers that are a stream or a file, not one JSON value: they declare their media type instead. */
const STREAMED: Record<string, string> = { 'get /api/me/requests/stream': 'text/event-stream', 'get /api/admin/sections/{id}/roster': 'text/csv' };

/** Why a response schema is not a typed one (null when it is): `{}`, an object without properties, a dangling ref. */
function untypedPart(doc: any, schema: any, seen = new Set<string>()): string | null {
  if (!schema || typeof schema !== 'object' || !Object.keys(schema).length) return 'empty schema';
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return null;
    seen.add(name);
    const target = doc.components.schemas[name];
    return target ? untypedPart(doc, target, seen) : `dangling ${schema.$ref}`;
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (schema[key]) return schema[key].map((s: any) => untypedPart(doc, s, seen)).find(Boolean) ?? null;
  }
  if (schema.type === 'array') return untypedPart(doc, schema.items, seen);
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties || !Object.keys(schema.properties).length) {
      // A map (`{ [name]: X }`) is typed by its values; `true` is a deliberately free-form JSON value.
      if (schema.additionalProperties === true) return null;
      if (schema.additionalProperties) return untypedPart(doc, schema.additionalProperties, seen);
      return 'object without properties';
    }
    for (const [name, prop] of Object.entries<any>(schema.properties)) {
      const why = untypedPart(doc, prop, seen);
      if (why) return `${name}: ${why}`;
    }
    return null;
  }
  return schema.type ? null : 'no type';
}

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

  it('is complete enough to generate a client: unique operation ids, resolvable refs, typed bodies', () => {
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas[ref.slice(22, -1)], ref).toBeDefined();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(op.operationId), `duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        if (['post', 'patch'].includes(method) && op.requestBody) expect(op.requestBody.content['application/json'].schema, `${method} ${path} body`).toBeDefined();
      }
    }
  });

  it('types every success answer: a schema with properties, or the media type of a stream or file', () => {
    const untyped: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const key = `${method} ${path}`;
        const success = Object.entries<any>(op.responses).filter(([s]) => s.startsWith('2'));
        if (!success.length) untyped.push(`${key}: no 2xx answer`);
        for (const [status, res] of success) {
          if (status === '204') continue;
          const content = res.content ?? {};
          if (STREAMED[key]) {
            if (!content[STREAMED[key]]) untyped.push(`${key} ${status}: no ${STREAMED[key]}`);
            continue;
          }
          const why = content['application/json'] ? untypedPart(doc, content['application/json'].schema) : 'no application/json content';
          if (why) untyped.push(`${key} ${status}: ${why}`);
        }
      }
    }
    for (const name of Object.keys(doc.components.schemas)) {
      const why = untypedPart(doc, { $ref: `#/components/schemas/${name}` });
      if (why) untyped.push(`schema ${name}: ${why}`);
    }
    expect(untyped).toEqual([]);
  });

  it('declares the error answers with the Error schema: 401 and 503 everywhere in /api, 404 for path ids, 429 where limited', () => {
    const missing: string[] = [];
    const isError = (r: any) => r?.content?.['application/json']?.schema?.$ref === '#/components/schemas/Error';
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        const need = ['400', '503'];
        if (op.security?.length) need.push('401');
        if (path.includes('{')) need.push('404');
        if (op.requestBody) need.push('413');
        for (const s of need) if (!isError(op.responses[s])) missing.push(`${method} ${path} ${s}`);
        for (const [s, r] of Object.entries<any>(op.responses)) if (Number(s) >= 400 && !isError(r)) missing.push(`${method} ${path} ${s} not Error`);
      }
    }
    expect(missing).toEqual([]);
    const enroll = doc.paths['/api/me/enrollments'].post.responses;
    expect(Object.keys(enroll)).toEqual(expect.arrayContaining(['403', '429', '503']));
    expect(enroll['403'].description).toMatch(/REGISTRATION_CLOSED/);
    expect(doc.paths['/api/admin/students/{id}/enrollments'].post.responses['409'].description).toMatch(/SECTION_FULL/);
  });

  it('types the enrollment answers: the request view, from-cart, drop, the event stream, the queue', () => {
    const json = (path: string, method: string, status: string) => doc.paths[path][method].responses[status].content['application/json'].schema;
    const view = doc.components.schemas.EnrollmentRequestViewDto;
    expect(json('/api/me/enrollments', 'post', '202')).toEqual({ $ref: '#/components/schemas/EnrollmentRequestViewDto' });
    expect(json('/api/me/requests/{requestId}', 'get', '200')).toEqual({ $ref: '#/components/schemas/EnrollmentRequestViewDto' });
    expect(view.required.sort()).toEqual(['requestId', 'sectionId', 'status']);
    expect(Object.keys(view.properties).sort()).toEqual(['conflictSectionId', 'drawAt', 'etaSeconds', 'position', 'reason', 'requestId', 'sectionId', 'status']);
    const enumOf = (p: any) => p.enum ?? doc.components.schemas[(p.$ref ?? p.allOf?.[0]?.$ref)?.replace('#/components/schemas/', '')]?.enum;
    expect(enumOf(view.properties.status)).toEqual(['QUEUED', 'ENROLLED', 'REJECTED', 'WAITLISTED', 'DROPPED', 'CANCELLED']);
    expect(enumOf(view.properties.reason)).toEqual(expect.arrayContaining(['SECTION_FULL', 'TIME_CONFLICT', 'CREDIT_LIMIT_EXCEEDED', 'REGISTRATION_CLOSED']));
    expect(doc.components.schemas.FromCartResultDto.properties.requests.items).toEqual({ $ref: '#/components/schemas/EnrollmentRequestViewDto' });
    expect(json('/api/me/enrollments/{sectionId}', 'delete', '200')).toEqual({ $ref: '#/components/schemas/DropResultDto' });
    expect(doc.components.schemas.DropResultDto.properties.status.enum).toEqual(['DROPPED', 'CANCELLED']);
    expect(json('/api/admin/queue', 'get', '200')).toEqual({ $ref: '#/components/schemas/QueueStatsDto' });
    expect(Object.keys(doc.components.schemas.QueueStatsDto.properties)).toEqual(
      expect.arrayContaining(['waiting', 'active', 'decidedPerSecond', 'committedPerSecond', 'oldestWaitingMs']),
    );
    const sse = doc.paths['/api/me/requests/stream'].get.responses['200'];
    expect(Object.keys(sse.content)).toEqual(['text/event-stream']);
    expect(sse.description).toMatch(/`position`/);
    expect(sse.description).toMatch(/`decision`/);
    expect(doc.components.schemas.PositionEventDto.properties.requests.items).toEqual({ $ref: '#/components/schemas/QueuedPositionDto' });
    // RANDOM_AT_OPEN: requests waiting for a draw (no place yet), with when it is held.
    expect(doc.components.schemas.PositionEventDto.properties.drawing.items).toEqual({ $ref: '#/components/schemas/DrawingRequestDto' });
    expect(doc.components.schemas.DrawingRequestDto.properties.drawAt).toMatchObject({ type: 'string', format: 'date-time' });
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
