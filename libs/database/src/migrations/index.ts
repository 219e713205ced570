import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';

/** Every migration in order. Classes, not globs, so the same list works from TS source and from dist. */
export const MIGRATIONS = [InitialSchema1764000000000];
