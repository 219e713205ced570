import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppException } from './app.exception.js';

/** A path id: a positive integer that fits an INT UNSIGNED column, else 400 VALIDATION_FAILED. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  // The segment as sent (the global ValidationPipe leaves path parameters alone).
  transform(value: unknown, meta: ArgumentMetadata): number {
    const field = meta.data ?? 'id';
    const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
    if (!/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 4_294_967_295) {
      throw AppException.validation([{ field, problem: 'must be a positive integer id' }], `${field} must be a positive integer id`);
    }
    return Number(text);
  }
}
