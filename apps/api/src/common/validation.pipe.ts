import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppException } from './app.exception.js';

/** Type checks: when a value fails one, its range or length problems are beside the point, so it is named first. */
const TYPE_CHECKS = ['isDefined', 'isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isIn', 'isEnum', 'isIso8601', 'isObject', 'nestedValidation'];
const rank = (constraint: string) => { const i = TYPE_CHECKS.indexOf(constraint); return i < 0 ? TYPE_CHECKS.length : i; };

function flatten(errors: ValidationError[], parent = ''): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {})
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([, problem]) => {
        if (problem.startsWith('property ') && problem.endsWith('should not exist')) return { field, problem: 'is not a known field' };
        // class-validator's messages start with the property's name; the field is said beside them.
        return { field, problem: problem.startsWith(`${e.property} `) ? problem.slice(e.property.length + 1) : problem };
      });
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Keys class-validator never reports as unknown (every instance has them), so they are refused here. */
const RESERVED_KEYS = new Set(['constructor', 'prototype', '__proto__']);
/** No body the API takes nests deeper than 3; class-transformer recurses per level (a 1,500-deep array overflowed the stack: a 500). */
const MAX_DEPTH = 8;

/** The first problem with a body's shape that class-validator cannot report: a reserved key, or nesting past MAX_DEPTH. Iterative, so any depth is safe. */
function shapeProblem(body: unknown): { field: string; problem: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) return { field: path || 'body', problem: `is nested more than ${MAX_DEPTH} levels deep` };
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) return { field, problem: 'is not a known field' };
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * ValidationPipe with two gaps closed: `forbidNonWhitelisted` lets a body field named `constructor`
 * through (found by the fault suite's fuzzing: `{"sectionId":1,"constructor":0}` was accepted), and
 * a deeply nested body overflowed the stack in class-transformer (a 500 on every route with a body,
 * login included).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters are checked by their own pipes (IdPipe, ParseUUIDPipe) on the text as sent:
    // converted here first (Number()), '0x1', '1e0' and ' 1' all became id 1.
    if (metadata.type === 'param') return value;
    if (metadata.type === 'body') {
      const bad = shapeProblem(value);
      if (bad) throw AppException.validation([bad], `${bad.field} ${bad.problem}`);
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
