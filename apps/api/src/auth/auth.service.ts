import { ErrorCode } from '@app/contracts';
import type { Staff, Student } from '@app/database';
import { Injectable } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';
import type { StaffAccountDto, StaffLoginResultDto, StudentAccountDto, StudentLoginResultDto, RefreshResultDto } from './auth.dto.js';
import { CredentialsRepository } from './credentials.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password.hasher.js';
import { TokenService } from './token.service.js';

const invalidCredentials = () => new AppException(401, ErrorCode.INVALID_CREDENTIALS, 'The account or the password is wrong.');

@Injectable()
export class AuthService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async loginStudent(studentNo: string, password: string, ip: string): Promise<StudentLoginResultDto> {
    await this.throttle.before('student', studentNo, ip);
    const student = await this.credentials.findStudentByNo(studentNo);
    // Same answer, and the same argon2 cost, whether the account exists or not.
    if (!(await this.hasher.verify(student?.passwordHash ?? null, password)) || !student) {
      await this.throttle.failed('student', studentNo, ip);
      throw invalidCredentials();
    }
    await this.throttle.succeeded('student', studentNo, ip);
    return { ...(await this.tokens.issue({ role: 'student', id: student.id })), student: toStudentAccount(student) };
  }

  async loginStaff(loginId: string, password: string, ip: string): Promise<StaffLoginResultDto> {
    await this.throttle.before('staff', loginId, ip);
    const staff = await this.credentials.findStaffByLogin(loginId);
    if (!(await this.hasher.verify(staff?.passwordHash ?? null, password)) || !staff) {
      await this.throttle.failed('staff', loginId, ip);
      throw invalidCredentials();
    }
    await this.throttle.succeeded('staff', loginId, ip);
    return { ...(await this.tokens.issue({ role: 'staff', id: staff.id })), staff: toStaffAccount(staff) };
  }

  /** Swaps a refresh token (spent) for a new pair, if the account still exists. */
  async refresh(refreshToken: string): Promise<RefreshResultDto> {
    const user = await this.tokens.consumeRefresh(refreshToken);
    if (!user) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'The refresh token is invalid, expired or already used.');
    const exists = user.role === 'student' ? await this.credentials.findStudent(user.id) : await this.credentials.findStaff(user.id);
    if (!exists) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'The account no longer exists.');
    return { ...(await this.tokens.issue(user)), role: user.role };
  }

  /** Revokes a refresh token; unknown or spent tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    await this.tokens.consumeRefresh(refreshToken);
  }
}

export function toStudentAccount(s: Student): StudentAccountDto {
  return { id: s.id, studentNo: s.studentNo, name: s.name, email: s.email, majorId: s.majorId, grade: s.grade, maxCredits: s.maxCredits };
}

export function toStaffAccount(s: Staff): StaffAccountDto {
  return { id: s.id, loginId: s.loginId, name: s.name };
}
