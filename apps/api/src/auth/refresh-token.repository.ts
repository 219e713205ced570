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
    await this.redis.set(this.keys.refreshToken(jti), `${user.role}:${user.id}`, 'EX', ttlSeconds);
  }

  /** Removes the id and returns who it belonged to; null when it was unknown or already used. */
  async consume(jti: string): Promise<AuthUser | null> {
    const value = await this.redis.getdel(this.keys.refreshToken(jti));
    if (!value) return null;
    const [role, id] = value.split(':');
    return { role: role as Role, id: Number(id) };
  }
}
