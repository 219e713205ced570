export type Role = 'student' | 'staff';

export interface AccessMeta {
  /** Who may see the page; absent = anyone (login pages). */
  role?: Role;
}

export interface SessionLike {
  role: Role | null;
  valid: boolean;
}

export type AccessDecision = { allow: true } | { allow: false; redirect: 'student-login' | 'staff-login' | 'student-home' | 'staff-home' };

/**
 * Route guard logic: signed-out users go to their role's login, a student who wanders onto a staff
 * page (or the other way round) goes to their own home rather than a dead 403.
 */
export function decideAccess(meta: AccessMeta, session: SessionLike): AccessDecision {
  if (!meta.role) return { allow: true };
  if (!session.valid || !session.role) return { allow: false, redirect: meta.role === 'staff' ? 'staff-login' : 'student-login' };
  if (session.role !== meta.role) return { allow: false, redirect: session.role === 'staff' ? 'staff-home' : 'student-home' };
  return { allow: true };
}
