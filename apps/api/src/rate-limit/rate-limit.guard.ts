import { Metrics } from '@app/observability';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest, AuthUser } from '../auth/auth-user.js';
import { TokenService } from '../auth/token.service.js';
import { RATE_LIMIT, type RateLimitOptions } from './rate-limit.options.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { tooManyRequests } from './too-many-requests.js';

/** Who a per-user or per-IP limit counts: one format for the guard and for the enroll route's own check. */
export const rateLimitSubject = (user: AuthUser | null, ip: string): string => (user ? `${user.role}:${user.id}` : `ip:${ip}`);

/** Scopes of the enroll and drop routes (goorm_enroll_requests_total counts their 429s). */
const ENROLL_SCOPES = new Set(['enroll', 'enroll-cart', 'drop']);

/** Applies the route's @RateLimit: counts the caller's requests in Redis, 429 past the limit. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly counters: RateLimitRepository,
    private readonly tokens: TokenService,
    private readonly metrics: Metrics,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [ctx.getHandler(), ctx.getClass()]);
    if (!options || options.checkedBy === 'handler') return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = options.by === 'user' ? (req.user ?? this.userOf(req)) : null;
    const who = rateLimitSubject(user, req.ip);
    const { count, resetMs } = await this.counters.hit(options.scope, who, options.windowMs);
    if (count > options.limit) {
      const enrollRoute = ENROLL_SCOPES.has(options.scope);
      this.metrics.countRateLimited(enrollRoute ? 'enroll' : 'api');
      if (enrollRoute) this.metrics.countEnrollRequest('rate_limited');
      throw tooManyRequests(resetMs);
    }
    return true;
  }

  /** When this guard runs before the auth guard (decorator order), read the token itself. */
  private userOf(req: AuthenticatedRequest): AuthUser | null {
    const m = /^Bearer (\S{1,4096})$/.exec(req.headers.authorization ?? '');
    return m ? this.tokens.verifyAccess(m[1]!) : null;
  }
}
