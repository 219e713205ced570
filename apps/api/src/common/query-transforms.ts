import { Transform } from 'class-transformer';

/**
 * Query strings arrive as strings; these turn the exact forms we accept into numbers and
 * booleans and leave anything else untouched, so the validators reject it with a 400.
 */
export const ToInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?[0-9]{1,10}$/.test(value) ? Number(value) : value));

export const ToBool = () =>
  Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value));
