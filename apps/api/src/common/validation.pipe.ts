import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** Strict validation: unknown fields are a 400, types are converted only where the DTO says so. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
