import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppException } from './app.exception.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) =>
      problem.startsWith('property ') && problem.endsWith('should not exist') ? { field, problem: 'is not a known field' } : { field, problem },
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Keys class-validator never reports as unknown (every instance has them), so they are refused here. */
const RESERVED_KEYS = new Set(['constructor', 'prototype', '__proto__']);

function reservedKey(value: unknown, path = ''): string | null {
  if (!value || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) return field;
    const inner = reservedKey((value as Record<string, unknown>)[key], field);
    if (inner) return inner;
  }
  return null;
}

/**
 * ValidationPipe with one gap closed: `forbidNonWhitelisted` lets a body field named `constructor`
 * through (found by the fault suite's fuzzing: `{"sectionId":1,"constructor":0}` was accepted).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const field = reservedKey(value);
      if (field) throw AppException.validation([{ field, problem: 'is not a known field' }], `${field} is not a known field`);
    }
    return super.transform(value, metadata);
  }
}

/** Strict validation: unknown fields are a 400, types are converted only where the DTO says so. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.length ? `${details[0]!.field} ${details[0]!.problem}` : 'The request is not valid.';
      return AppException.validation(details, message);
    },
  });
}
