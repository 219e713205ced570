import type { OpenTime } from '@app/database';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from './clock.provider.js';
import type { CurrentOpenTimeDto, OpenTimeDto } from './open-time.dto.js';
import { OpenTimesRepository, type Eligibility } from './open-times.repository.js';

/** Which registration window applies to the caller now, and which opens next. */
@Injectable()
export class OpenTimesService {
  constructor(
    private readonly repo: OpenTimesRepository,
    private readonly clock: Clock,
  ) {}

  async current(user: AuthUser): Promise<CurrentOpenTimeDto> {
    const now = this.clock.now();
    const [windows, who] = await Promise.all([
      this.repo.notEnded(now),
      user.role === 'student' ? this.repo.eligibilityOf(user.id, now) : Promise.resolve(undefined),
    ]);
    // Staff see every window; a student only those that name their grade and major (or everyone).
    const mine = who === undefined ? windows : windows.filter((w) => applies(w, who));
    const current = mine.find((w) => w.startsAt.getTime() <= now) ?? null;
    const next = mine.find((w) => w.startsAt.getTime() > now) ?? null;
    return { serverTime: new Date(now).toISOString(), current: current && toOpenTime(current), next: next && toOpenTime(next) };
  }

  forget(): void {
    this.repo.forget();
  }
}

function applies(w: OpenTime, who: Eligibility | null): boolean {
  if (!who) return false;
  return (!w.grades || w.grades.includes(who.grade)) && (!w.majorIds || w.majorIds.includes(who.majorId));
}

export function toOpenTime(w: OpenTime): OpenTimeDto {
  return {
    id: w.id, name: w.name, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString(),
    grades: w.grades ?? null, majorIds: w.majorIds ?? null, queueMode: w.queueMode,
  };
}
