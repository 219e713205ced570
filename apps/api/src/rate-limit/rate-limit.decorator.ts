import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.guard.js';

export const RATE_LIMIT = Symbol('RATE_LIMIT');

export interface RateLimitOptions {
  /** Names the counter, e.g. 'cart-write'; one counter per scope and caller. */
  scope: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Count per signed-in user (needs an auth decorator before this one) or per client IP. */
  by: 'user' | 'ip';
}

/**
 * Redis-backed rate limit on a route: past `limit` requests in the window the caller gets
 * 429 RATE_LIMITED with Retry-After. Put it after @StudentAuth()/@StaffAuth() when `by: 'user'`.
 */
export function RateLimit(options: RateLimitOptions) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT, options),
    UseGuards(RateLimitGuard),
    ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After (seconds)' }),
  );
}
