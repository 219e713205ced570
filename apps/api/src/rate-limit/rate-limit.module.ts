import { Global, Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitRepository } from './rate-limit.repository.js';

/** Redis-backed rate limits: the @RateLimit decorator's guard and the counters behind it. */
@Global()
@Module({
  providers: [RateLimitRepository, RateLimitGuard],
  exports: [RateLimitRepository, RateLimitGuard],
})
export class RateLimitModule {}
