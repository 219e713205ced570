import { ErrorCode } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/password.hasher.js';
import { TokenService } from '../auth/token.service.js';
import { SectionsService } from '../catalogue/sections.service.js';
import { AppException } from '../common/app.exception.js';
import type { CartItemDto, MyEnrollmentDto, ProfileDto, TimetableDto } from './me.dto.js';
import { MeRepository } from './me.repository.js';

/** A cart is a shortlist, not a reservation; this bounds what one student can store. */
export const MAX_CART_ITEMS = 40;

@Injectable()
export class MeService {
  constructor(
    private readonly me: MeRepository,
    private readonly sections: SectionsService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async profile(studentId: number): Promise<ProfileDto> {
    const [s, enrollments] = await Promise.all([this.requireStudent(studentId), this.me.enrollmentsOf(studentId)]);
    return {
      id: s.id, studentNo: s.studentNo, name: s.name, email: s.email, majorId: s.majorId, grade: s.grade, maxCredits: s.maxCredits,
      enrolledCredits: enrollments.reduce((sum, e) => sum + e.credits, 0),
    };
  }

  async cart(studentId: number): Promise<CartItemDto[]> {
    // A deleted student's token: 401 as on /api/me, not an empty cart.
    const [, items] = await Promise.all([this.requireStudent(studentId), this.me.cartOf(studentId)]);
    const byId = new Map((await this.sections.byIds(items.map((i) => i.sectionId))).map((s) => [s.id, s]));
    return items.flatMap((i) => (byId.has(i.sectionId) ? [{ section: byId.get(i.sectionId)!, addedAt: i.createdAt.toISOString() }] : []));
  }

  async addToCart(studentId: number, sectionId: number): Promise<CartItemDto> {
    const result = await this.me.addToCart(studentId, sectionId, MAX_CART_ITEMS);
    if (result === 'full') throw AppException.conflict('CART_FULL', `A cart holds at most ${MAX_CART_ITEMS} sections.`);
    if (result === 'no-student') throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'This student account no longer exists.');
    if (result === 'busy') throw AppException.unavailable('Your cart is being changed by another request; try again in a moment.', 1);
    if (result === 'no-section') throw AppException.notFound('Section');
    if (result === 'duplicate') throw AppException.conflict(ErrorCode.ALREADY_EXISTS, 'This section is already in your cart.');
    // The item just added, not the whole cart read again (with its student check and every section).
    const [row, [section]] = await Promise.all([this.me.cartItem(studentId, sectionId), this.sections.byIds([sectionId])]);
    if (!row || !section) throw AppException.notFound('Section');
    return { section, addedAt: row.createdAt.toISOString() };
  }

  /** The student changes their own password: the current one first (a stolen session alone cannot). */
  async changePassword(studentId: number, current: string, next: string): Promise<void> {
    const hash = await this.me.passwordHash(studentId);
    if (hash === null) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'This account no longer exists.');
    if (!(await this.hasher.verify(hash, current))) {
      throw AppException.validation([{ field: 'currentPassword', problem: 'is not your current password' }], 'currentPassword is not your current password');
    }
    if (current === next) throw AppException.validation([{ field: 'newPassword', problem: 'must differ from the current one' }], 'newPassword must differ from the current one');
    if (!(await this.me.setPasswordHash(studentId, await this.hasher.hash(next)))) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'This account no longer exists.');
    // Every other session of the account ends (a stolen one included): its refresh tokens stop working.
    await this.tokens.revokeAll({ role: 'student', id: studentId });
  }

  async removeFromCart(studentId: number, sectionId: number): Promise<void> {
    if (!(await this.me.removeFromCart(studentId, sectionId))) throw AppException.notFound('Cart item');
  }

  async enrollments(studentId: number): Promise<MyEnrollmentDto[]> {
    const [, enrolled] = await Promise.all([this.requireStudent(studentId), this.enrolled(studentId)]);
    return enrolled;
  }

  /** A student's committed enrollments, for staff acting for them: 404 for a student that does not exist. */
  async enrollmentsForStaff(studentId: number): Promise<MyEnrollmentDto[]> {
    const [s, enrolled] = await Promise.all([this.me.student(studentId), this.enrolled(studentId)]);
    if (!s) throw AppException.notFound('Student');
    return enrolled;
  }

  private async enrolled(studentId: number): Promise<MyEnrollmentDto[]> {
    const rows = await this.me.enrollmentsOf(studentId);
    const byId = new Map((await this.sections.byIds(rows.map((r) => r.sectionId))).map((s) => [s.id, s]));
    return rows.flatMap((r) => (byId.has(r.sectionId) ? [{ section: byId.get(r.sectionId)!, enrolledAt: r.enrolledAt.toISOString() }] : []));
  }

  async timetable(studentId: number): Promise<TimetableDto> {
    const [s, enrolled] = await Promise.all([this.requireStudent(studentId), this.enrolled(studentId)]);
    const meetings = enrolled
      .flatMap(({ section }) => section.meetings.map((m) => ({ ...m, sectionId: section.id, lectureName: section.lectureName, professorName: section.professorName })))
      .sort((a, b) => a.day - b.day || a.startPeriod - b.startPeriod);
    return { credits: enrolled.reduce((sum, e) => sum + e.section.credits, 0), maxCredits: s.maxCredits, meetings };
  }

  /** The student, or 401 for a token whose student was deleted since. */
  async requireStudent(studentId: number) {
    const s = await this.me.student(studentId);
    // A valid token for a student deleted since: the account is gone.
    if (!s) throw new AppException(401, ErrorCode.UNAUTHENTICATED, 'This account no longer exists.');
    return s;
  }
}
