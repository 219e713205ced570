import type { FastifyRequest } from 'fastify';

export type Role = 'student' | 'staff';

/** Who made the request, taken from a verified access token (never from a body or a path). */
export interface AuthUser {
  role: Role;
  id: number;
}

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };
