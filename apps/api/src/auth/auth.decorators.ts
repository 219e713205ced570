import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { AppException } from '../common/app.exception.js';
import type { AuthenticatedRequest, AuthUser, Role } from './auth-user.js';
import { AUTH_ROLES, AuthGuard } from './auth.guard.js';

function auth(roles: Role[]) {
  return applyDecorators(
    SetMetadata(AUTH_ROLES, roles),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED: no, invalid or expired token' }),
    ...(roles.length === 1 ? [ApiResponse({ status: 403, description: `FORBIDDEN: not a ${roles[0]} token` })] : []),
  );
}

/** Route or controller for students only (a staff token → 403). */
export const StudentAuth = () => auth(['student']);
/** Route or controller for staff only (a student token → 403). */
export const StaffAuth = () => auth(['staff']);
/** Route or controller for any signed-in user. */
export const AnyAuth = () => auth(['student', 'staff']);

function userOf(ctx: ExecutionContext): AuthUser {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  // Only reachable when a handler forgot its auth decorator: fail closed.
  if (!user) throw new AppException(401, 'UNAUTHENTICATED', 'Sign in first.');
  return user;
}

/** `{ studentId }` of the signed-in student, from the verified token. */
export const CurrentStudent = createParamDecorator((_: unknown, ctx: ExecutionContext): { studentId: number } => {
  const user = userOf(ctx);
  if (user.role !== 'student') throw AppException.forbidden('This route is for student accounts.');
  return { studentId: user.id };
});

/** `{ staffId }` of the signed-in staff member, from the verified token. */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): { staffId: number } => {
  const user = userOf(ctx);
  if (user.role !== 'staff') throw AppException.forbidden('This route is for staff accounts.');
  return { staffId: user.id };
});

/** `{ role, id }` of whoever is signed in (for AnyAuth routes). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => userOf(ctx));
