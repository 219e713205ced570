import { ErrorCode } from '@app/contracts';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '../common/app.exception.js';
import type { AuthenticatedRequest, Role } from './auth-user.js';
import { StaffAccounts } from './staff-accounts.js';
import { TokenService } from './token.service.js';

export const AUTH_ROLES = Symbol('AUTH_ROLES');

/**
 * Verifies the Bearer access token and checks the role the route asks for: no or bad token → 401
 * UNAUTHENTICATED, wrong role → 403 FORBIDDEN. Sets `request.user`. No database call for a student
 * (the enroll path); a staff token's account must still exist (StaffAccounts, cached).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly staff: StaffAccounts,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(AUTH_ROLES, [ctx.getHandler(), ctx.getClass()]) ?? [];
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_\-.]{1,4096})$/.exec(header) : null;
    if (!match) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'Sign in first (Authorization: Bearer <accessToken>).');
    const user = this.tokens.verifyAccess(match[1]!);
    if (!user) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'The access token is invalid or expired; sign in again.');
    if (user.role === 'staff' && !(await this.staff.exists(user.id))) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'This staff account no longer exists.');
    if (roles.length && !roles.includes(user.role)) throw AppException.forbidden(`This route is for ${roles.join(' or ')} accounts.`);
    req.user = user;
    return true;
  }
}
