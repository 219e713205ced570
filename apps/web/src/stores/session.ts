import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '@/api/auth';
import type { StaffProfile, StudentProfile } from '@/api/types';
import type { Role } from '@/router/access';

const STORAGE_KEY = 'goorm.session';

interface SavedSession {
  role: Role;
  token: string;
  expiresAt: number;
  user: StudentProfile | StaffProfile;
}

function load(): SavedSession | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SavedSession | null;
    return saved && saved.expiresAt > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

/** Who is signed in. Kept in localStorage so a reload at 9:59:58 does not sign the student out. */
export const useSessionStore = defineStore('session', () => {
  const saved = ref<SavedSession | null>(load());
  const role = computed(() => saved.value?.role ?? null);
  const user = computed(() => saved.value?.user ?? null);
  const valid = computed(() => !!saved.value && saved.value.expiresAt > Date.now());
  const token = () => (saved.value && saved.value.expiresAt > Date.now() ? saved.value.token : null);

  function start(next: SavedSession) {
    saved.value = next;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {}
  }

  async function loginStudent(studentNo: string, password: string) {
    const answer = await authApi.studentLogin(studentNo, password);
    start({ role: 'student', token: answer.accessToken, expiresAt: Date.now() + answer.expiresIn * 1000, user: answer.student! });
  }

  async function loginStaff(loginId: string, password: string) {
    const answer = await authApi.staffLogin(loginId, password);
    start({ role: 'staff', token: answer.accessToken, expiresAt: Date.now() + answer.expiresIn * 1000, user: answer.staff! });
  }

  function signOut() {
    saved.value = null;
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {}
  }

  return { role, user, valid, token, loginStudent, loginStaff, signOut };
});
