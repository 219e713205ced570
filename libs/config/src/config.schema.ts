import { isIP } from 'node:net';
import { z } from 'zod';

/** Demo secrets that only the local default may use; production refuses to start with them. */
export const DEMO_JWT_SECRET = 'demo-only-secret-change-me-in-production-0123456789';
export const DEMO_STAFF_PASSWORD = 'admin1234!';
export const DEMO_STUDENT_PASSWORD = 'student1234!';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Which peers may set X-Forwarded-For: nobody, everybody, the nearest n hops, or these addresses. */
export type TrustProxy = false | true | number | string[];

/** proxy-addr's named ranges, accepted by Fastify's trustProxy list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): TrustProxy => {
    if (v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrCidr(e));
    if (entries.length && !bad.length) return entries;
    ctx.addIssue({
      code: 'custom',
      message: `expected false, true, a hop count (0-99) or a comma-separated list of IPs/CIDRs${bad.length ? ` (not an IP or CIDR: ${bad.join(', ')})` : ''}`,
    });
    return z.NEVER;
  });

/**
 * Every environment variable the system reads, with its default. Parsed once at boot;
 * a bad value stops the process with a message naming the variable.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  WORKER_PORT: int(0, 65535).default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),

  DATABASE_URL: z.url().optional(),
  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: int(1, 65535).default(3306),
  DB_USER: z.string().min(1).default('root'),
  DB_PASSWORD: z.string().default(''),
  DB_NAME: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _ only').default('goorm'),
  DB_POOL_SIZE: int(1, 500).default(10),

  REDIS_URL: z.url().default('redis://127.0.0.1:6379/0'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{1,40}$/, 'letters, digits, _ : . - only').default('goorm'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEMO_JWT_SECRET),
  /** Access tokens live at most 15 minutes (the reliability plan's bound); refresh for more. */
  ACCESS_TOKEN_TTL_SECONDS: int(30, 900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: int(60, 30 * 86400).default(7 * 86400),
  DEMO_DATA: bool.default(true),
  /** Login attempts one client IP may make per minute (429 + Retry-After past it). */
  LOGIN_MAX_PER_IP_PER_MINUTE: int(1, 100_000).default(60),
  /** Failed logins for one account from one IP within 15 minutes before that pair is refused. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: int(1, 10_000).default(10),
  /** Failed logins for one account (all IPs) within 15 minutes before its logins are slowed. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 100_000).default(50),
  /** How long GET /api/sections pages stay cached (Redis, shared by every API process). 0 = off. */
  CATALOGUE_CACHE_TTL_MS: int(0, 600_000).default(3000),
  /** How long one API process reuses a section's live seat count from Redis. 0 = read on every request. */
  CATALOGUE_SEATS_TTL_MS: int(0, 10_000).default(500),

  /**
   * Whose X-Forwarded-For the API believes (req.ip feeds the per-IP login limit): `false` trusts
   * nobody (the direct peer is the client), a hop count or an IP/CIDR list names the proxies in front.
   */
  TRUST_PROXY: trustProxy,
  /**
   * Intake sheds load (503 + Retry-After) when this many enroll calls are in flight in this process
   * (0 = no limit): the excess is refused at once instead of everyone being answered late. The limit
   * caps what one process accepts at (limit ÷ time in the handler): in the 10× burst test (EPYC host)
   * 256 let through 0.51–1.04× the rated load (median 0.67), 512 0.61–1.77× (median 0.83) with
   * acceptances p99 0.65–1.06 s and refusals p99 0.22–0.42 s, 1,024 made them 1.9–3.1 s.
   */
  SHED_MAX_IN_FLIGHT: int(0, 1_000_000).default(512),
  /**
   * The API's accept queue (listen backlog; the kernel caps it at net.core.somaxconn). Node's default
   * of 511 overflowed when an opening's clients all connected at once: dropped SYNs are retried by
   * the client after 1 s, then 3 s, then 7 s — answers seconds late with the CPU half idle.
   */
  LISTEN_BACKLOG: int(1, 65_535).default(4096),
  /** Enroll calls the API makes to itself before it listens (refused, no writes), so the first second of an opening runs optimized code; 0 = none. */
  API_WARMUP_CALLS: int(0, 100_000).default(3000),
  /**
   * … or when this process's event-loop delay p99 passes this many ms (0 = never). A backstop only:
   * on a machine whose CPU is shared, timer lateness also measures the neighbours.
   */
  SHED_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),

  SERVE_WEB: bool.default(true),
  CORS_ORIGINS: z.string().default(''),

  /** Jobs in flight per worker process. Each holds its slot until its decision is durable, so it must
   * cover the commit round trip (100 left the committer idle), but past that more slots only queue:
   * bench:engine on the 2-core EPYC box, full runs, 150 vs 300: the same decisions/s (4,050 vs 4,275,
   * within the run-to-run spread) with decision→durable p99 75 vs 122 ms and 99 vs 165 decisions per
   * commit. A faster core decides more per process and may want more (Little's law: slots ≈ decisions/s
   * per process × time to durable). */
  WORKER_CONCURRENCY: int(1, 2000).default(150),
  COMMIT_BATCH_ROWS: int(1, 10000).default(500),
  COMMIT_BATCH_MS: int(0, 10000).default(5),
  QUEUE_MAX_WAITING: int(1, 10_000_000).default(200_000),
  DECIDE_BATCH: int(1, 1000).default(64),
  /** RANDOM_AT_OPEN windows: requests in the first this many seconds after the start are placed in line
   * by a draw when that period ends, in random order (an opening is won by nobody's network latency). */
  RANDOM_AT_OPEN_SECONDS: int(1, 3600).default(10),
  /** Run the worker's committer on a thread of its own (off the jobs' event loop). */
  COMMITTER_THREAD: bool.default(true),
});

export type Env = z.infer<typeof envSchema>;
