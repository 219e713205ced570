import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { AuthUser, Role } from './auth-user.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';

const ISSUER = 'goorm-registration';
/** Access and refresh tokens have different audiences, so neither can stand in for the other. */
const ACCESS_AUDIENCE = 'api';
const REFRESH_AUDIENCE = 'refresh';

interface Claims {
  sub: string;
  role: Role;
  jti?: string;
  exp?: number;
}

/** Bounds the verified-token cache (cleared whole when full; refilled by the next requests). */
const VERIFIED_CACHE_MAX = 50_000;

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Signs and verifies tokens: HS256 only (alg none and every other algorithm are refused). */
@Injectable()
export class TokenService {
  /**
   * Access tokens already verified, until they expire: a student's every call carries the same
   * token, and verifying it (HMAC, claims) was 7% of an enroll call's CPU. Only tokens that passed
   * verification are kept, so a forged one is checked (and refused) every time.
   */
  private readonly verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(user: AuthUser): Promise<IssuedTokens> {
    const { accessTtlSeconds, refreshTtlSeconds } = this.config.auth;
    const jti = randomUUID();
    await this.refreshTokens.save(jti, user, refreshTtlSeconds);
    const claims = { sub: String(user.id), role: user.role };
    return {
      accessToken: this.jwt.sign(claims, { algorithm: 'HS256', expiresIn: accessTtlSeconds, issuer: ISSUER, audience: ACCESS_AUDIENCE }),
      expiresIn: accessTtlSeconds,
      refreshToken: this.jwt.sign({ ...claims, jti }, { algorithm: 'HS256', expiresIn: refreshTtlSeconds, issuer: ISSUER, audience: REFRESH_AUDIENCE }),
      refreshExpiresIn: refreshTtlSeconds,
    };
  }

  /** Ends every session of the account: its refresh tokens stop working (access tokens lapse within their TTL). */
  revokeAll(user: AuthUser): Promise<number> {
    return this.refreshTokens.revokeAll(user);
  }

  /** An access token alone (no refresh token, nothing stored): for the API's own warm-up calls. */
  accessTokenFor(user: AuthUser, ttlSeconds = 120): string {
    return this.jwt.sign({ sub: String(user.id), role: user.role }, { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: ISSUER, audience: ACCESS_AUDIENCE });
  }

  /** The user an access token speaks for, or null when it is invalid, expired or not an access token. */
  verifyAccess(token: string, now = Date.now()): AuthUser | null {
    const hit = this.verified.get(token);
    if (hit) {
      if (now < hit.expiresAtMs) return hit.user;
      this.verified.delete(token);
    }
    const claims = this.verify(token, ACCESS_AUDIENCE, now);
    const user = this.toUser(claims);
    if (user && typeof claims?.exp === 'number') {
      if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
      this.verified.set(token, { user, expiresAtMs: claims.exp * 1000 });
    }
    return user;
  }

  /** Verifies a refresh token and spends it (single use). */
  async consumeRefresh(token: string): Promise<AuthUser | null> {
    const claims = this.verify(token, REFRESH_AUDIENCE);
    const user = this.toUser(claims);
    if (!user || !claims?.jti) return null;
    const owner = await this.refreshTokens.consume(claims.jti);
    return owner && owner.role === user.role && owner.id === user.id ? user : null;
  }

  private verify(token: string, audience: string, now = Date.now()): Claims | null {
    try {
      return this.jwt.verify<Claims>(token, { algorithms: ['HS256'], issuer: ISSUER, audience, clockTimestamp: Math.floor(now / 1000) });
    } catch {
      return null;
    }
  }

  private toUser(claims: Claims | null): AuthUser | null {
    if (!claims || (claims.role !== 'student' && claims.role !== 'staff')) return null;
    if (typeof claims.sub !== 'string' || !/^[1-9][0-9]{0,9}$/.test(claims.sub)) return null;
    return { role: claims.role, id: Number(claims.sub) };
  }
}
