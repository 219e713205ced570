/** What a @RateLimit() route declares; read by the guard (its own file so guard and decorator do not import each other). */
export const RATE_LIMIT = Symbol('RATE_LIMIT');

export interface RateLimitOptions {
  /** Names the counter, e.g. 'cart-write'; one counter per scope and caller. */
  scope: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Count per signed-in account (from the access token) or per client IP. */
  by: 'user' | 'ip';
  /**
   * 'handler': the route's own Redis call counts and checks it (the enroll route's accept script,
   * one round trip fewer); the guard only documents it. Default 'guard'.
   */
  checkedBy?: 'guard' | 'handler';
}
