import { ErrorCode, type Page } from '@app/contracts';
import { Lecture, Major, Section } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SectionsService } from '../../catalogue/sections.service.js';
import { AppException } from '../../common/app.exception.js';
import { EngineSyncGateway } from '../common/engine-sync.gateway.js';
import { EntityStore } from '../common/entity-store.js';
import { defined } from '../common/defined.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { AdminMajorDto, CreateMajorDto, UpdateMajorDto } from './major.dto.js';

const view = (m: Major): AdminMajorDto => ({ id: m.id, name: m.name, generalEducation: Boolean(m.generalEducation) });

@Injectable()
export class MajorsAdminService {
  private readonly store: EntityStore<Major>;
  constructor(
    @InjectRepository(Major) repo: Repository<Major>,
    private readonly changes: StaffChangeRunner,
    private readonly catalogue: SectionsService,
    private readonly engine: EngineSyncGateway,
  ) {
    this.store = new EntityStore(repo, Major, 'Major');
  }

  async list(page: number, size: number): Promise<Page<AdminMajorDto>> {
    const p = await this.store.page(page, size);
    return { ...p, items: p.items.map(view) };
  }

  async get(id: number): Promise<AdminMajorDto> {
    return view(await this.store.findOrFail(id));
  }

  create(staffId: number, dto: CreateMajorDto): Promise<AdminMajorDto> {
    return this.changes.run(staffId, 'major', 'CREATE', async (em) => {
      const saved = await em.save(em.create(Major, { name: dto.name, generalEducation: dto.generalEducation }));
      return { entityId: saved.id, before: null, after: view(saved), result: view(saved) };
    });
  }

  update(staffId: number, id: number, dto: UpdateMajorDto): Promise<AdminMajorDto> {
    requireChanges(dto);
    return this.changes.run(staffId, 'major', 'UPDATE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      const before = view(row);
      const geChange = dto.generalEducation !== undefined && Boolean(dto.generalEducation) !== Boolean(row.generalEducation);
      const saved = await em.save(Object.assign(row, defined(dto)));
      // Eligibility is decided in Redis from each section's copy of its major's flag (field ge): a
      // flip reloads the sections of the major's lectures, as a lecture edit does its own.
      const sectionIds = geChange
        ? (await em.createQueryBuilder(Section, 's').select('s.id', 'id').innerJoin(Lecture, 'l', 'l.id = s.lecture_id').where('l.major_id = :id', { id }).getRawMany<{ id: number }>()).map((r) => Number(r.id))
        : [];
      // Majors show in catalogue pages (name, general education) and decide eligibility.
      return {
        entityId: id, before, after: view(saved), result: view(saved),
        afterCommit: async () => {
          await this.catalogue.invalidate();
          if (sectionIds.length) await this.engine.sectionsChanged(sectionIds);
        },
      };
    });
  }

  remove(staffId: number, id: number): Promise<void> {
    return this.changes.run(staffId, 'major', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      // A window names its majors in a JSON list, which no foreign key guards (a window left naming a
      // deleted major could no longer be saved). Its create and update lock the majors they name for
      // share, so one cannot slip in after this check.
      const [{ n }] = (await em.query('SELECT COUNT(*) AS n FROM open_time WHERE JSON_CONTAINS(major_ids, ?)', [String(id)])) as [{ n: string }];
      if (Number(n) > 0) throw AppException.conflict(ErrorCode.IN_USE, `${Number(n)} registration window(s) are limited to this major; change them first.`);
      await em.delete(Major, { id });
      return { entityId: id, before: view(row), after: null, result: undefined };
    });
  }
}
