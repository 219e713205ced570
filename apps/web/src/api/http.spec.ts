import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { configureHttp, http } from './http';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The client's token handling, with fetch replaced by a script of answers. */
function setup(answers: Response[], refreshWorks: boolean) {
  let token = 'old';
  const calls: { url: string; auth: string | null }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as Record<string, string>).Authorization ?? null });
      return answers.shift()!;
    }),
  );
  const hooks = {
    token: () => token,
    ensureFresh: vi.fn(async () => {}),
    refresh: vi.fn(async () => {
      if (refreshWorks) token = 'new';
      return refreshWorks;
    }),
    onUnauthenticated: vi.fn(),
  };
  configureHttp(hooks);
  return { calls, hooks };
}

afterEach(() => vi.unstubAllGlobals());

describe('http client', () => {
  it('refreshes once after a 401 and retries with the new token', async () => {
    const { calls, hooks } = setup([json(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: '' }), json(200, { id: 1 })], true);
    await expect(http.get('/api/me')).resolves.toEqual({ id: 1 });
    expect(calls.map((c) => c.auth)).toEqual(['Bearer old', 'Bearer new']);
    expect(hooks.refresh).toHaveBeenCalledTimes(1);
    expect(hooks.onUnauthenticated).not.toHaveBeenCalled();
  });

  it('gives up and ends the session when refreshing does not help', async () => {
    const { hooks } = setup([json(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: '' })], false);
    await expect(http.get('/api/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('sends sign-in calls without a token and never refreshes for them', async () => {
    const { calls, hooks } = setup([json(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: '' })], true);
    const failure = await http.post('/api/auth/student/login', { studentNo: 'x', password: 'y' }, { anonymous: true }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('INVALID_CREDENTIALS');
    expect(calls[0]!.auth).toBeNull();
    expect(hooks.ensureFresh).not.toHaveBeenCalled();
    expect(hooks.refresh).not.toHaveBeenCalled();
    expect(hooks.onUnauthenticated).not.toHaveBeenCalled();
  });

  it('reads Retry-After into the error and answers 204 with nothing', async () => {
    setup([new Response(null, { status: 429, headers: { 'Retry-After': '4' } }), new Response(null, { status: 204 })], false);
    await expect(http.post('/api/me/enrollments', { sectionId: 1 })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfter: 4 });
    await expect(http.delete('/api/me/cart/1')).resolves.toBeUndefined();
  });
});
