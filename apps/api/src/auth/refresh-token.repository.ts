import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AuthUser, Role } from './auth-user.js';

/**
 * Live refresh-token ids in Redis. A refresh token works once (GETDEL on use), so a stolen
 * one that was already used is worthless, and logout revokes it.
 */
@Injectable()
export class RefreshTokenRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async save(jti: string, user: AuthUser, ttlSeconds: number): Promise<void> {
    const of = this.keys.refreshTokensOf(user.role, user.id);
    // The account's set lives as long as its newest token; ids of expired ones in it cost a DEL of nothing.
    await this.redis.multi().set(this.keys.refreshToken(jti), `${user.role}:${user.id}`, 'EX', ttlSeconds).sadd(of, jti).expire(of, ttlSeconds).exec();
  }

  /** Ends every session of the account (a password change): its refresh tokens stop working. How many were live. */
  async revokeAll(user: AuthUser): Promise<number> {
    const of = this.keys.refreshTokensOf(user.role, user.id);
    const jtis = await this.redis.smembers(of);
    if (!jtis.length) return 0;
    const [deleted] = (await this.redis.multi().del(...jtis.map((j) => this.keys.refreshToken(j))).del(of).exec()) ?? [];
    return Number(deleted?.[1] ?? 0);
  }

  /** Removes the id and returns who it belonged to; null when it was unknown or already used. */
  async consume(jti: string): Promise<AuthUser | null> {
    const value = await this.redis.getdel(this.keys.refreshToken(jti));
    if (!value) return null;
    // Its id stays in the account's set until the set expires: revokeAll deleting a spent id deletes nothing,
    // and an SREM here was a second round trip on every refresh.
    const [role, id] = value.split(':');
    return { role: role as Role, id: Number(id) };
  }
}
