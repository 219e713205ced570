import { DEMO_JWT_SECRET, envSchema, type Env, type TrustProxy } from './config.schema.js';

export interface DatabaseConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
}

/** The typed, validated configuration every app and lib receives. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  workerPort: number;
  logLevel: Env['LOG_LEVEL'];
  database: DatabaseConfig;
  redis: { url: string; prefix: string };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    loginMaxPerIpPerMinute: number;
    loginMaxFailuresPerAccountIp: number;
    loginMaxFailuresPerAccount: number;
  };
  catalogue: { cacheTtlMs: number; seatsTtlMs: number };
  demoData: boolean;
  web: { serve: boolean; corsOrigins: string[]; trustProxy: TrustProxy; shedEventLoopDelayMs: number; shedMaxInFlight: number; warmUpCalls: number; listenBacklog: number };
  engine: {
    concurrency: number;
    commitBatchRows: number;
    commitBatchMs: number;
    maxWaiting: number;
    decideBatch: number;
    committerThread: boolean;
    /** RANDOM_AT_OPEN: the draw period after a window's start, ms. */
    drawPeriodMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function databaseFrom(env: Env): DatabaseConfig {
  if (!env.DATABASE_URL) {
    return {
      host: env.DB_HOST,
      port: env.DB_PORT,
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      database: env.DB_NAME,
      poolSize: env.DB_POOL_SIZE,
    };
  }
  const url = new URL(env.DATABASE_URL);
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError([`DATABASE_URL: expected mysql://user:pass@host:port/db, got protocol ${url.protocol}`]);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new ConfigError(['DATABASE_URL: the database name is missing (…/dbname)']);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    poolSize: env.DB_POOL_SIZE,
  };
}

/**
 * Parses the environment once. Throws ConfigError naming every bad variable;
 * in production also refuses the demo secret and demo data.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message} (got ${JSON.stringify(source[String(i.path[0])] ?? null)})`),
    );
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction) {
    const problems: string[] = [];
    if (env.JWT_SECRET === DEMO_JWT_SECRET) problems.push('JWT_SECRET: production refuses the demo secret; set a random value of 32+ characters');
    if (env.DEMO_DATA) problems.push('DEMO_DATA: production refuses demo accounts and passwords; set DEMO_DATA=false');
    if (problems.length) throw new ConfigError(problems);
  }
  return {
    env: env.NODE_ENV,
    isProduction,
    host: env.HOST,
    port: env.PORT,
    workerPort: env.WORKER_PORT,
    logLevel: env.LOG_LEVEL,
    database: databaseFrom(env),
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    auth: {
      jwtSecret: env.JWT_SECRET,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      loginMaxPerIpPerMinute: env.LOGIN_MAX_PER_IP_PER_MINUTE,
      loginMaxFailuresPerAccountIp: env.LOGIN_MAX_FAILURES_PER_ACCOUNT_IP,
      loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    },
    catalogue: { cacheTtlMs: env.CATALOGUE_CACHE_TTL_MS, seatsTtlMs: env.CATALOGUE_SEATS_TTL_MS },
    demoData: env.DEMO_DATA,
    web: { serve: env.SERVE_WEB, corsOrigins: env.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean), trustProxy: env.TRUST_PROXY, shedEventLoopDelayMs: env.SHED_EVENT_LOOP_DELAY_MS, shedMaxInFlight: env.SHED_MAX_IN_FLIGHT, warmUpCalls: env.API_WARMUP_CALLS, listenBacklog: env.LISTEN_BACKLOG },
    engine: {
      concurrency: env.WORKER_CONCURRENCY,
      commitBatchRows: env.COMMIT_BATCH_ROWS,
      commitBatchMs: env.COMMIT_BATCH_MS,
      maxWaiting: env.QUEUE_MAX_WAITING,
      decideBatch: env.DECIDE_BATCH,
      committerThread: env.COMMITTER_THREAD,
      drawPeriodMs: env.RANDOM_AT_OPEN_SECONDS * 1000,
    },
  };
}
