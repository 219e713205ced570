import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '@/api/auth';
import type { StaffProfile, StudentProfile, Tokens } from '@/api/types';
import type { Role } from '@/router/access';

const STORAGE_KEY = 'goorm.session';
/** Renew this long before the access token expires, so no request goes out with a dying one. */
const RENEW_BEFORE_MS = 60_000;

export interface SavedSession {
  role: Role;
  token: string;
  expiresAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
  user: StudentProfile | StaffProfile;
}

/** Signed in as long as either the access token or the refresh token is still good. */
export function sessionUsable(s: SavedSession | null, now = Date.now()): boolean {
  return !!s && (s.expiresAt > now || (!!s.refreshToken && (s.refreshExpiresAt ?? 0) > now));
}

export function withTokens(s: SavedSession, tokens: Tokens, now = Date.now()): SavedSession {
  return {
    ...s,
    token: tokens.accessToken,
    expiresAt: now + tokens.expiresIn * 1000,
    refreshToken: tokens.refreshToken ?? s.refreshToken,
    refreshExpiresAt: tokens.refreshExpiresIn !== undefined ? now + tokens.refreshExpiresIn * 1000 : s.refreshExpiresAt,
  };
}

function load(): SavedSession | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SavedSession | null;
    return sessionUsable(saved) ? saved : null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in. Kept in localStorage so a reload at 9:59:58 does not sign the student out, and
 * renewed with the single-use refresh token so a long wait in line outlives the 15-minute token.
 */
export const useSessionStore = defineStore('session', () => {
  const saved = ref<SavedSession | null>(load());
  const role = computed(() => saved.value?.role ?? null);
  const user = computed(() => saved.value?.user ?? null);
  const valid = computed(() => sessionUsable(saved.value));
  const token = () => (saved.value && saved.value.expiresAt > Date.now() ? saved.value.token : null);

  function start(next: SavedSession) {
    saved.value = next;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {}
  }

  async function loginStudent(studentNo: string, password: string) {
    const answer = await authApi.studentLogin(studentNo, password);
    start(withTokens({ role: 'student', user: answer.student!, token: '', expiresAt: 0 }, answer));
  }

  async function loginStaff(loginId: string, password: string) {
    const answer = await authApi.staffLogin(loginId, password);
    start(withTokens({ role: 'staff', user: answer.staff!, token: '', expiresAt: 0 }, answer));
  }

  let renewing: Promise<boolean> | null = null;
  /** One refresh at a time; another tab may already have spent our refresh token and saved the result. */
  function refresh(): Promise<boolean> {
    renewing ??= (async () => {
      const current = saved.value;
      if (!current) return false;
      const shared = load();
      if (shared && shared.token !== current.token && shared.expiresAt - Date.now() > RENEW_BEFORE_MS) {
        saved.value = shared;
        return true;
      }
      if (!current.refreshToken || (current.refreshExpiresAt ?? 0) <= Date.now()) return false;
      try {
        start(withTokens(current, await authApi.refresh(current.refreshToken)));
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  async function ensureFresh() {
    if (saved.value && saved.value.expiresAt - Date.now() < RENEW_BEFORE_MS && saved.value.refreshToken) await refresh();
  }

  function signOut() {
    const refreshToken = saved.value?.refreshToken;
    if (refreshToken) void authApi.logout(refreshToken).catch(() => {});
    saved.value = null;
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {}
  }

  return { role, user, valid, token, loginStudent, loginStaff, refresh, ensureFresh, signOut };
});
