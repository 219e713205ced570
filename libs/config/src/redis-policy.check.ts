import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ConfigError, type AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.tokens.js';

/** What the engine needs to know about the Redis it runs on. null = Redis would not say. */
export interface RedisPersistence {
  maxmemoryPolicy: string | null;
  appendonly: boolean | null;
}

/** `INFO <section>` as a map of its `key:value` lines. */
function infoFields(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** CONFIG GET one parameter; null when CONFIG is disabled or renamed (managed Redis often does). */
async function configGet(redis: Redis, name: string): Promise<string | null> {
  try {
    const [, value] = (await redis.config('GET', name)) as string[];
    return value ?? null;
  } catch {
    return null;
  }
}

/** Reads the eviction policy and AOF setting, from CONFIG GET or, failing that, from INFO. */
export async function readRedisPersistence(redis: Redis): Promise<RedisPersistence> {
  let maxmemoryPolicy = await configGet(redis, 'maxmemory-policy');
  let appendonly: boolean | null = null;
  const aof = await configGet(redis, 'appendonly');
  if (aof !== null) appendonly = aof === 'yes';
  if (maxmemoryPolicy === null) maxmemoryPolicy = infoFields(await redis.info('memory')).get('maxmemory_policy') ?? null;
  if (appendonly === null) {
    const enabled = infoFields(await redis.info('persistence')).get('aof_enabled');
    if (enabled !== undefined) appendonly = enabled === '1';
  }
  return { maxmemoryPolicy, appendonly };
}

/**
 * Production refuses a Redis that may evict keys: an evicted seat counter, line entry or decision
 * silently breaks "decided exactly once". AOF off is survivable (the engine re-primes from MySQL)
 * but loses accepted, not yet durable requests on a restart, so it is a warning.
 */
export function judgeRedisPersistence(p: RedisPersistence): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (p.maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `REDIS_URL: Redis maxmemory-policy is ${p.maxmemoryPolicy ?? 'unknown (neither CONFIG GET nor INFO memory told)'}; ` +
        'production requires noeviction (an evicted key loses seats or requests)',
    );
  }
  if (p.appendonly === false) warnings.push('Redis appendonly is off: a Redis restart loses accepted requests that are not yet in MySQL; run it with appendonly yes');
  if (p.appendonly === null) warnings.push('Redis appendonly could not be read (CONFIG and INFO persistence refused); make sure AOF is on');
  return { problems, warnings };
}

/**
 * Runs before every other module's init hook (ConfigModule is global, and Nest initialises global
 * modules first), so in production no job is consumed and no request accepted on an evicting Redis.
 * Throws ConfigError, which the apps' main.ts turn into exit code 78. An unreachable Redis is only
 * logged: the apps start and answer 503 until it is back, as they do for an outage.
 */
@Injectable()
export class RedisPolicyCheck implements OnModuleInit {
  private readonly log = new Logger('RedisPolicyCheck');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.isProduction) return;
    const redis = new Redis(this.config.redis.url, {
      lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null,
    });
    redis.on('error', () => {});
    let persistence: RedisPersistence;
    try {
      await redis.connect();
      persistence = await readRedisPersistence(redis);
    } catch (err) {
      this.log.warn(`could not check Redis maxmemory-policy and appendonly (${err instanceof Error ? err.message : String(err)})`);
      return;
    } finally {
      redis.disconnect();
    }
    const { problems, warnings } = judgeRedisPersistence(persistence);
    for (const w of warnings) this.log.warn(w);
    if (problems.length) throw new ConfigError(problems);
  }
}
