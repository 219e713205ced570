import type { Page } from '@app/contracts';
import { SeatsRepository, type SeatCount } from '@app/engine';
import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';
import type { MeetingDto, SectionDto } from './section.dto.js';
import { SectionsCacheRepository } from './sections-cache.repository.js';
import type { SectionsQueryDto } from './sections-query.dto.js';
import { SectionsRepository, type SectionRow } from './sections.repository.js';

/** Catalogue sections: MySQL (or the brief cache) for what they are, Redis for live seats. */
@Injectable()
export class SectionsService {
  private readonly logger = new Logger('Catalogue');

  constructor(
    private readonly sections: SectionsRepository,
    private readonly cache: SectionsCacheRepository,
    private readonly seats: SeatsRepository,
  ) {}

  async list(query: SectionsQueryDto): Promise<Page<SectionDto>> {
    const field = cacheField(query);
    const cached = await this.cache.get(field).catch(() => null);
    const page = cached ?? (await this.sections.findPage(query));
    if (!cached) await this.cache.set(field, page).catch((err) => this.logger.warn(`cache write failed: ${err}`));
    return { items: await this.withSeats(page.rows), page: query.page, size: query.size, total: page.total };
  }

  async get(id: number): Promise<SectionDto> {
    const [row] = await this.sections.findByIds([id]);
    if (!row) throw AppException.notFound('Section');
    const [view] = await this.withSeats([row]);
    return view!;
  }

  /** Sections by id, in catalogue order; ids that do not exist are left out. */
  async byIds(ids: readonly number[]): Promise<SectionDto[]> {
    return this.withSeats(await this.sections.findByIds(ids));
  }

  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }

  private async withSeats(rows: SectionRow[]): Promise<SectionDto[]> {
    // When Redis is down the catalogue still answers, with MySQL's committed counts.
    const live = await this.seats.counts(rows.map((r) => r.id)).catch(() => new Map<number, SeatCount>());
    return rows.map((r) => toSection(r, live.get(r.id)));
  }
}

function cacheField(q: SectionsQueryDto): string {
  return JSON.stringify([q.q, q.majorId, q.day, q.credits, q.professor, q.professorId, q.lectureId, q.generalEducation, q.hasSeats, q.sort, q.order, q.page, q.size]);
}

export function parseMeetings(s: string | null): MeetingDto[] {
  if (!s) return [];
  return s.split(',').map((m) => {
    const [day, startPeriod, endPeriod] = m.split(':').map(Number);
    return { day: day!, startPeriod: startPeriod!, endPeriod: endPeriod! };
  });
}

function toSection(r: SectionRow, live: SeatCount | undefined): SectionDto {
  const capacity = live?.capacity ?? r.capacity;
  const enrolled = live?.enrolled ?? r.enrolled;
  return {
    id: r.id, lectureId: r.lectureId, lectureCode: r.lectureCode, lectureName: r.lectureName, credits: r.credits,
    majorId: r.majorId, majorName: r.majorName, generalEducation: r.generalEducation, professorId: r.professorId,
    professorName: r.professorName, sectionNo: r.sectionNo, capacity, minimum: r.minimum, enrolled, remaining: Math.max(0, capacity - enrolled),
    meetings: parseMeetings(r.meetings), description: r.description,
  };
}
