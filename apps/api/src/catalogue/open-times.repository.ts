import { OpenTime, Student } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, type Repository } from 'typeorm';

const WINDOWS_TTL_MS = 1_000;
const ELIGIBILITY_TTL_MS = 10_000;
const ELIGIBILITY_MAX = 50_000;

export interface Eligibility {
  grade: number;
  majorId: number;
}

/**
 * Windows that have not ended, and a student's grade and major, each memoised in this process
 * for a moment: GET /api/open-times/current is polled by every waiting student at opening time.
 * Staff changes call `forget()` (other processes catch up within the TTL).
 */
@Injectable()
export class OpenTimesRepository {
  private windows?: { at: number; value: Promise<OpenTime[]> };
  private readonly eligibility = new Map<number, { at: number; value: Eligibility | null }>();

  constructor(
    @InjectRepository(OpenTime) private readonly openTimes: Repository<OpenTime>,
    @InjectRepository(Student) private readonly students: Repository<Student>,
  ) {}

  /** Windows not yet ended, by start time (ix_open_time_ends). */
  notEnded(now: number): Promise<OpenTime[]> {
    if (!this.windows || now - this.windows.at > WINDOWS_TTL_MS) {
      const value = this.openTimes.find({ where: { endsAt: MoreThan(new Date(now)) }, order: { startsAt: 'ASC', id: 'ASC' } });
      value.catch(() => { this.windows = undefined; });
      this.windows = { at: now, value };
    }
    return this.windows.value;
  }

  async eligibilityOf(studentId: number, now: number): Promise<Eligibility | null> {
    const hit = this.eligibility.get(studentId);
    if (hit && now - hit.at <= ELIGIBILITY_TTL_MS) return hit.value;
    const s = await this.students.findOne({ where: { id: studentId }, select: { id: true, grade: true, majorId: true } });
    if (this.eligibility.size >= ELIGIBILITY_MAX) this.eligibility.clear();
    const value = s ? { grade: s.grade, majorId: s.majorId } : null;
    this.eligibility.set(studentId, { at: now, value });
    return value;
  }

  forget(): void {
    this.windows = undefined;
    this.eligibility.clear();
  }
}
