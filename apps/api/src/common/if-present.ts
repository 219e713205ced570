import { ValidateIf } from 'class-validator';

/**
 * An optional body field: absent is fine, and `null` is checked like any other value (so the field's
 * type check refuses it with a 400). class-validator's `@IsOptional()` skips `null` too, which let
 * `{"description": null}` through to a NOT NULL column (a 500). Fields where null means something
 * ("every grade") keep `@IsOptional()`.
 */
export const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
