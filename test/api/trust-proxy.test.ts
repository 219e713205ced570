import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from './support/api-harness.js';

const LIMIT = 5;

/** LIMIT + 1 failed staff logins, each with the X-Forwarded-For `xff(i)`, from one TCP peer. */
async function attempts(api: Api, xff: (i: number) => string, remoteAddress = '127.0.0.1'): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i <= LIMIT; i++) {
    const r = await api.call('POST', '/api/auth/staff/login', {
      body: { loginId: `nobody${i}`, password: 'x' },
      headers: { 'x-forwarded-for': xff(i) },
      remoteAddress,
    });
    statuses.push(r.status);
  }
  return statuses;
}

const refused = [...Array(LIMIT).fill(401), 429];
const allowed = Array(LIMIT + 1).fill(401);

describe('TRUST_PROXY unset (the default): X-Forwarded-For is ignored', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: String(LIMIT) }); });
  afterAll(() => api?.close());

  it('a client rotating X-Forwarded-For is still one IP to the login limit', async () => {
    expect(api.env.config.web.trustProxy).toBe(false);
    expect(await attempts(api, (i) => `10.0.0.${i + 1}`, '192.0.2.10')).toEqual(refused);
  });

  it('another client is counted on its own', async () => {
    const r = await api.call('POST', '/api/auth/staff/login', { body: { loginId: 'x', password: 'x' }, remoteAddress: '192.0.2.11' });
    expect(r.status).toBe(401);
  });
});

describe('TRUST_PROXY=127.0.0.1: the header is believed from that proxy only', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: String(LIMIT), TRUST_PROXY: '127.0.0.1' }); });
  afterAll(() => api?.close());

  it('clients behind the proxy are counted by their forwarded address', async () => {
    expect(await attempts(api, (i) => `10.1.0.${i + 1}`)).toEqual(allowed);
    expect(await attempts(api, () => '10.1.9.9')).toEqual(refused);
  });

  it('a peer that is not the proxy cannot spoof the header', async () => {
    expect(await attempts(api, (i) => `10.2.0.${i + 1}`, '192.0.2.20')).toEqual(refused);
  });
});

describe('TRUST_PROXY=1: one hop (the ingress) is trusted', () => {
  let api: Api;
  beforeAll(async () => { api = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: String(LIMIT), TRUST_PROXY: '1' }); });
  afterAll(() => api?.close());

  it('takes the address the proxy appended', async () => {
    expect(api.env.config.web.trustProxy).toBe(1);
    expect(await attempts(api, (i) => `10.3.0.${i + 1}`, '192.0.2.30')).toEqual(allowed);
  });

  it('ignores what the client wrote before it', async () => {
    // The client sends "X-Forwarded-For: <forged>"; the proxy appends the client's real address.
    expect(await attempts(api, (i) => `10.4.0.${i + 1}, 198.51.100.7`, '192.0.2.30')).toEqual(refused);
  });
});
