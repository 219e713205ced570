import { ApiError, parseRetryAfter } from './api-error';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sign-in and token refresh calls: no token, no refresh-and-retry (that would wait on itself). */
  anonymous?: boolean;
}

interface HttpHooks {
  token: () => string | null;
  /** Renews the access token shortly before it expires (access tokens live ~15 minutes). */
  ensureFresh: () => Promise<void>;
  /** Tries the refresh token once after a 401; true when a new access token is ready. */
  refresh: () => Promise<boolean>;
  /** Called on a 401 that refreshing could not cure: end the session, send the user to sign in. */
  onUnauthenticated: () => void;
}

const hooks: HttpHooks = { token: () => null, ensureFresh: async () => {}, refresh: async () => false, onUnauthenticated: () => {} };

/** The session store plugs itself in here, so the client has no import cycle with Pinia. */
export function configureHttp(next: Partial<HttpHooks>): void {
  Object.assign(hooks, next);
}

/** Same origin by default (the API serves the app); a separate web container sets VITE_API_BASE. */
export const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined) ?? '';

/** Drops empty filters so the server sees only what the user chose. */
export function buildQuery(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function authHeaders(): Record<string, string> {
  const token = hooks.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** For long-lived calls made outside `send` (the event stream): renew the token first. */
export const ensureFreshToken = () => hooks.ensureFresh();

/** One fetch with the token, JSON in and out, every failure turned into an ApiError. */
export async function send(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<Response> {
  if (!options.anonymous) await hooks.ensureFresh();
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.anonymous ? {} : authHeaders()), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, { method, headers, body, signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (response.status === 401 && !options.anonymous && !retried && (await hooks.refresh())) {
    return send(method, path, options, true);
  }
  if (!response.ok) {
    const errorBody = await response.json().catch(() => null);
    const error = new ApiError(response.status, errorBody, parseRetryAfter(response.headers.get('Retry-After')));
    if (response.status === 401 && !options.anonymous) hooks.onUnauthenticated();
    throw error;
  }
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
