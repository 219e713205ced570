import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.guard.js';

export { RATE_LIMIT, type RateLimitOptions } from './rate-limit.options.js';
import type { RateLimitOptions } from './rate-limit.options.js';
import { RATE_LIMIT } from './rate-limit.options.js';

/**
 * Redis-backed rate limit on a route: past `limit` requests in the window the caller gets
 * 429 RATE_LIMITED with Retry-After. `by: 'user'` counts per signed-in account (whatever the
 * decorator order); requests without a valid token are counted per IP.
 */
export function RateLimit(options: RateLimitOptions) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT, options),
    UseGuards(RateLimitGuard),
    ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After (seconds)' }),
  );
}
