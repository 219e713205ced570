import { http } from './http';
import type { LoginAnswer, StaffProfile, StudentProfile } from './types';

export const authApi = {
  studentLogin: (studentNo: string, password: string) =>
    http.post<LoginAnswer<StudentProfile>>('/api/auth/student/login', { studentNo, password }),
  staffLogin: (loginId: string, password: string) =>
    http.post<LoginAnswer<StaffProfile>>('/api/auth/staff/login', { loginId, password }),
};
