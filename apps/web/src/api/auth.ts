import { http } from './http';
import type { LoginAnswer, RefreshAnswer, StaffProfile, StudentProfile } from './types';

/** Anonymous calls: they must not wait on (or retry through) the token refresh they are part of. */
export const authApi = {
  studentLogin: (studentNo: string, password: string) =>
    http.post<LoginAnswer<StudentProfile>>('/api/auth/student/login', { studentNo, password }, { anonymous: true }),
  staffLogin: (loginId: string, password: string) =>
    http.post<LoginAnswer<StaffProfile>>('/api/auth/staff/login', { loginId, password }, { anonymous: true }),
  /** Refresh tokens are single-use: the answer carries the next one. */
  refresh: (refreshToken: string) => http.post<RefreshAnswer>('/api/auth/refresh', { refreshToken }, { anonymous: true }),
  logout: (refreshToken: string) => http.post<void>('/api/auth/logout', { refreshToken }, { anonymous: true }),
};
