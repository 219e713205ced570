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
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path) as { responses?: Record<string, { description?: string; content?: unknown }>; parameters?: unknown[] }[]) {
      if (!op?.responses) continue;
      op.responses['400'] ??= { description: 'VALIDATION_FAILED' };
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
