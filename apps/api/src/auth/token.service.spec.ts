import type { AppConfig } from '@app/config';
import { JwtService } from '@nestjs/jwt';
import { describe, expect, it } from 'vitest';
import type { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';

const SECRET = 'a'.repeat(40);
const config = { auth: { accessTtlSeconds: 900, refreshTtlSeconds: 3600 } } as AppConfig;
const refresh = { save: async () => {}, consume: async () => null } as unknown as RefreshTokenRepository;
const service = (secret = SECRET) => new TokenService(new JwtService({ secret }), refresh, config);
const sign = (claims: object, opts: object = {}, secret = SECRET) =>
  new JwtService({ secret }).sign(claims, { algorithm: 'HS256', issuer: 'goorm-registration', audience: 'api', expiresIn: 60, ...opts });

describe('TokenService.verifyAccess (verified-token cache)', () => {
  it('answers a verified token again from the cache, and not once it has expired', () => {
    const tokens = service();
    const t = sign({ sub: '42', role: 'student' });
    const exp = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).exp as number;
    expect(tokens.verifyAccess(t)).toEqual({ id: 42, role: 'student' });
    expect(tokens.verifyAccess(t, exp * 1000 - 1)).toEqual({ id: 42, role: 'student' });
    expect(tokens.verifyAccess(t, exp * 1000)).toBeNull();
    expect(tokens.verifyAccess(t, exp * 1000 + 5000)).toBeNull();
  });

  it('refuses forged and wrong-audience tokens every time (they are never cached)', () => {
    const tokens = service();
    const forged = sign({ sub: '42', role: 'staff' }, {}, 'b'.repeat(40));
    const refreshToken = sign({ sub: '42', role: 'student', jti: 'x' }, { audience: 'refresh' });
    for (let i = 0; i < 3; i++) {
      expect(tokens.verifyAccess(forged)).toBeNull();
      expect(tokens.verifyAccess(refreshToken)).toBeNull();
    }
    // The genuine token with the forged one's payload but a tampered signature.
    const good = sign({ sub: '42', role: 'student' });
    expect(tokens.verifyAccess(good)).not.toBeNull();
    expect(tokens.verifyAccess(`${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`)).toBeNull();
  });

  it('a cache hit in one service says nothing to another secret', () => {
    const t = sign({ sub: '7', role: 'staff' });
    expect(service().verifyAccess(t)).toEqual({ id: 7, role: 'staff' });
    expect(service('c'.repeat(40)).verifyAccess(t)).toBeNull();
  });
});
