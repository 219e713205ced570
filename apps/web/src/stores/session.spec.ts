import { describe, expect, it } from 'vitest';
import { sessionUsable, withTokens, type SavedSession } from './session';

const base: SavedSession = { role: 'student', token: 'a', expiresAt: 1000, user: { id: 1, loginId: 'x', name: 'x' } };

describe('session tokens', () => {
  it('stays signed in while either token is good', () => {
    expect(sessionUsable(base, 500)).toBe(true);
    expect(sessionUsable(base, 1500)).toBe(false);
    expect(sessionUsable({ ...base, refreshToken: 'r', refreshExpiresAt: 9000 }, 1500)).toBe(true);
    expect(sessionUsable({ ...base, refreshToken: 'r', refreshExpiresAt: 9000 }, 9500)).toBe(false);
    expect(sessionUsable(null)).toBe(false);
  });

  it('stores the next single-use refresh token with each renewal', () => {
    const renewed = withTokens({ ...base, refreshToken: 'r1', refreshExpiresAt: 5000 }, { accessToken: 'b', expiresIn: 900, refreshToken: 'r2', refreshExpiresIn: 3600 }, 10_000);
    expect(renewed).toMatchObject({ token: 'b', expiresAt: 910_000, refreshToken: 'r2', refreshExpiresAt: 3_610_000, role: 'student' });
    // An answer without a refresh token keeps the one we have.
    expect(withTokens(renewed, { accessToken: 'c', expiresIn: 60 }, 0)).toMatchObject({ token: 'c', refreshToken: 'r2' });
  });
});
