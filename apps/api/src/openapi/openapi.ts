import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The error body every failure shares (see the HTTP contract). */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, IN_USE' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, problem: { type: 'string' } } } },
    correlationId: { type: 'string' },
  },
} as const;

/** GET /health/live: the process answers (never depends on MySQL or Redis). */
const LIVE_SCHEMA = {
  type: 'object',
  required: ['status', 'uptimeSeconds'],
  properties: { status: { type: 'string', enum: ['ok'] }, uptimeSeconds: { type: 'integer' } },
};

type Operation = { responses?: Record<string, { description?: string; content?: unknown }>; parameters?: { in?: string }[]; requestBody?: unknown };

/**
 * Answers every route can give, whatever its decorators say: a path id that names nothing (404),
 * a JSON body over the limit (413), a dependency down (503, from the exception filter).
 */
function addCommonErrors(url: string, op: Operation): void {
  const responses = op.responses!;
  if (!url.startsWith('/api/')) return;
  if (op.parameters?.some((p) => p.in === 'path')) responses['404'] ??= { description: 'NOT_FOUND: nothing has this id' };
  if (op.requestBody) responses['413'] ??= { description: 'PAYLOAD_TOO_LARGE: the body is over 16 KB' };
  responses['503'] ??= { description: 'UNAVAILABLE, with Retry-After: MySQL or Redis is not answering' };
}

/** Builds the OpenAPI 3 document from the controllers and DTOs; every error answer points at Error. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Goorm University course registration')
    .setDescription('Student and staff API. Errors: `{ statusCode, code, message, details? }`. Lists: `{ items, page, size, total }` (size ≤ 100).')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: ERROR_SCHEMA as never } };
  // The liveness route lives in libs/observability, which does not depend on @nestjs/swagger
  // (readiness is typed by terminus's @HealthCheck); its answer is described here.
  const live = doc.paths['/health/live']?.get?.responses?.['200'] as { content?: unknown } | undefined;
  if (live && !live.content) live.content = { 'application/json': { schema: LIVE_SCHEMA } };
  for (const [url, path] of Object.entries(doc.paths)) {
    for (const op of Object.values(path) as Operation[]) {
      if (!op?.responses) continue;
      op.responses['400'] ??= { description: 'VALIDATION_FAILED' };
      addCommonErrors(url, op);
      for (const [status, res] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !res.content) res.content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
      }
    }
  }
  return doc;
}

/** Swagger UI at /api/docs and the JSON document at /api/docs-json (no token: the surface is not a secret). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Goorm registration API',
  });
}
