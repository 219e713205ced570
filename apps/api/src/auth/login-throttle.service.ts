import { APP_CONFIG, type AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimitRepository } from '../rate-limit/rate-limit.repository.js';
import { tooManyRequests } from '../rate-limit/too-many-requests.js';

const MINUTE = 60_000;
const FAILURE_WINDOW_MS = 15 * MINUTE;
/** Once an account has many failures from everywhere, it takes one attempt per this long. */
const SLOW_GATE_MS = 3_000;

/**
 * Brute-force slowing that cannot be turned into a lock-out:
 * - per client IP: at most N login attempts a minute;
 * - per (account, IP): after N failures in 15 min that pair is refused — an attacker only
 *   blocks themself, the student's own device still signs in;
 * - per account, across IPs: after N failures the account is slowed to one attempt per 3 s,
 *   never closed, so a botnet guesses slowly and the student gets in with a retry.
 * A success clears the (account, IP) counter.
 */
/**
 * The account as MySQL matches it (utf8mb4_unicode_ci: case, accents and trailing spaces ignored),
 * so that 'ADMIN' and 'admin ' count against the account 'admin' signs in as, not a budget of their own.
 */
const accountKey = (account: string) => account.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trimEnd();

@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly counters: RateLimitRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async before(kind: string, typed: string, ip: string): Promise<void> {
    const account = accountKey(typed);
    const limits = this.config.auth;
    const perIp = await this.counters.hit('login-ip', ip, MINUTE);
    if (perIp.count > limits.loginMaxPerIpPerMinute) throw this.refuse(perIp.resetMs, 'Too many sign-in attempts from this address; try again shortly.');

    const pair = await this.counters.peek('login-fail', `${kind}:${account}:${ip}`);
    if (pair.count >= limits.loginMaxFailuresPerAccountIp) throw this.refuse(pair.resetMs, 'Too many failed sign-ins; try again later.');

    const total = await this.counters.peek('login-fail', `${kind}:${account}`);
    if (total.count >= limits.loginMaxFailuresPerAccount && !(await this.counters.takeGate('login-slow', `${kind}:${account}`, SLOW_GATE_MS))) {
      throw this.refuse(SLOW_GATE_MS, 'This account is receiving many sign-in attempts; try again in a few seconds.');
    }
  }

  private refuse(resetMs: number, message: string) {
    this.metrics.countRateLimited('login');
    return tooManyRequests(resetMs, message);
  }

  async failed(kind: string, typed: string, ip: string): Promise<void> {
    const account = accountKey(typed);
    await Promise.all([
      this.counters.hit('login-fail', `${kind}:${account}:${ip}`, FAILURE_WINDOW_MS),
      this.counters.hit('login-fail', `${kind}:${account}`, FAILURE_WINDOW_MS),
    ]);
  }

  async succeeded(kind: string, typed: string, ip: string): Promise<void> {
    const account = accountKey(typed);
    await this.counters.clear('login-fail', `${kind}:${account}:${ip}`);
  }
}
