/** Plain HTTP calls for the parts of a scenario that are not the browser (other students, setup). */
export function apiClient(base: string) {
  async function call<T = unknown>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
  async function loginStudent(studentNo: string): Promise<string> {
    const r = await call<{ accessToken: string }>('POST', '/api/auth/student/login', undefined, { studentNo, password: 'student1234!' });
    if (r.status !== 200) throw new Error(`login ${studentNo}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  }
  return { call, loginStudent };
}
