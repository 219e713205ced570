import type { Page } from '@app/contracts';
import type { SeatCount } from '@app/engine';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app.exception.js';
import type { SectionDto } from './section.dto.js';
import { LiveSeatsRepository } from './live-seats.repository.js';
import { SectionsCacheRepository, type CachedPage } from './sections-cache.repository.js';
import { SingleFlight } from './single-flight.js';
import type { SectionsQueryDto } from './sections-query.dto.js';
import { SectionsRepository, type SectionRow } from './sections.repository.js';

/** Catalogue sections: MySQL (or the brief cache) for what they are, Redis for live seats. */
@Injectable()
export class SectionsService {
  private readonly logger = new Logger('Catalogue');
  private readonly pages = new SingleFlight<CachedPage>();
  private readonly answers = new SingleFlight<string>();
  /** Whole answers, serialised, for as long as their seat counts may be reused anyway. */
  private readonly serialised = new Map<string, { until: number; json: string }>();

  constructor(
    private readonly sections: SectionsRepository,
    private readonly cache: SectionsCacheRepository,
    private readonly seats: LiveSeatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: SectionsQueryDto): Promise<Page<SectionDto>> {
    const field = cacheField(query);
    const page = await this.pages.run(field, async () => {
      const cached = await this.cache.get(field).catch(() => null);
      if (cached) return cached;
      const fresh = await this.sections.findPage(query);
      await this.cache.set(field, fresh).catch((err) => this.logger.warn(`cache write failed: ${err}`));
      return fresh;
    });
    return { items: await this.withSeats(page.rows), page: query.page, size: query.size, total: page.total };
  }

  /**
   * `list` as JSON text, memoised per query for CATALOGUE_SEATS_TTL_MS (0.5 s): within that time
   * the answer could not change except through a staff change, which clears it. Under a reload
   * storm a page then costs one lookup instead of a rebuild and a serialisation per request.
   */
  async listJson(query: SectionsQueryDto): Promise<string> {
    const ttl = this.config.catalogue.seatsTtlMs;
    const field = cacheField(query);
    const hit = this.serialised.get(field);
    if (ttl && hit && hit.until > Date.now()) return hit.json;
    return this.answers.run(field, async () => {
      const json = JSON.stringify(await this.list(query));
      if (ttl) {
        if (this.serialised.size >= 2_000) this.serialised.clear();
        this.serialised.set(field, { until: Date.now() + ttl, json });
      }
      return json;
    });
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
    this.serialised.clear();
    this.seats.forget();
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

function toSection(r: SectionRow, live: SeatCount | undefined): SectionDto {
  const capacity = live?.capacity ?? r.capacity;
  const enrolled = live?.enrolled ?? r.enrolled;
  return {
    id: r.id, lectureId: r.lectureId, lectureCode: r.lectureCode, lectureName: r.lectureName, credits: r.credits,
    majorId: r.majorId, majorName: r.majorName, generalEducation: r.generalEducation, professorId: r.professorId,
    professorName: r.professorName, sectionNo: r.sectionNo, capacity, minimum: r.minimum, enrolled, remaining: Math.max(0, capacity - enrolled),
    meetings: r.meetings, description: r.description, waitlist: r.waitlist,
  };
}
