import type { Page } from '@app/contracts';
import { ErrorCode } from '@app/contracts';
import { Enrollment, Lecture, Major, Section } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SectionsService } from '../../catalogue/sections.service.js';
import { AppException } from '../../common/app.exception.js';
import { EngineSyncGateway, rebuilding } from '../common/engine-sync.gateway.js';
import { EntityStore } from '../common/entity-store.js';
import { defined } from '../common/defined.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { AdminLectureDto, CreateLectureDto, UpdateLectureDto } from './lecture.dto.js';

const view = (l: Lecture): AdminLectureDto => ({ id: l.id, code: l.code, name: l.name, credits: l.credits, majorId: l.majorId });

@Injectable()
export class LecturesAdminService {
  private readonly store: EntityStore<Lecture>;
  constructor(
    @InjectRepository(Lecture) repo: Repository<Lecture>,
    private readonly changes: StaffChangeRunner,
    private readonly catalogue: SectionsService,
    private readonly engine: EngineSyncGateway,
  ) {
    this.store = new EntityStore(repo, Lecture, 'Lecture');
  }

  async list(page: number, size: number): Promise<Page<AdminLectureDto>> {
    const p = await this.store.page(page, size);
    return { ...p, items: p.items.map(view) };
  }

  async get(id: number): Promise<AdminLectureDto> {
    return view(await this.store.findOrFail(id));
  }

  create(staffId: number, dto: CreateLectureDto): Promise<AdminLectureDto> {
    return this.changes.run(staffId, 'lecture', 'CREATE', async (em) => {
      await EntityStore.mustExist(em, Major, dto.majorId, 'majorId');
      const saved = await em.save(em.create(Lecture, { ...dto }));
      return { entityId: saved.id, before: null, after: view(saved), result: view(saved) };
    });
  }

  async update(staffId: number, id: number, dto: UpdateLectureDto): Promise<AdminLectureDto> {
    requireChanges(dto);
    let sectionIds: number[] = [];
    let pushedCredits = false;
    // The new credits hold the lecture's sections until released below (after the commit and the
    // reload, or after the undo): no seat there is granted with credits MySQL may refuse.
    const hold = this.engine.newHold();
    try {
      return await this.changes.run(staffId, 'lecture', 'UPDATE', async (em) => {
        const row = await this.store.findOrFail(id, em, true);
        if (dto.majorId !== undefined) await EntityStore.mustExist(em, Major, dto.majorId, 'majorId');
        const inUse = () => AppException.conflict(ErrorCode.IN_USE, 'Students are enrolled in this lecture; its credits cannot change.');
        const creditsChange = dto.credits !== undefined && dto.credits !== row.credits;
        // Enrollment rows carry the credits they were granted with; changing them under students would desync.
        if (creditsChange && (await em.exists(Enrollment, { where: { lectureId: id } }))) throw inUse();
        const before = view(row);
        const saved = await em.save(Object.assign(row, defined(dto)));
        sectionIds = (await em.find(Section, { where: { lectureId: id }, select: { id: true } })).map((s) => s.id);
        if (creditsChange) {
          // …and Redis knows of a grant before MySQL does: it refuses while a seat is held in any of
          // the lecture's sections, and sets the credits in the same step.
          pushedCredits = true; // before the call: a timeout after Redis applied it must still roll back
          const set = await this.engine.setCredits(sectionIds, dto.credits!, hold.take(sectionIds));
          if (!set.ok) { pushedCredits = false; throw set.rebuilding ? rebuilding() : inUse(); }
        }
        return {
          entityId: id, before, after: view(saved), result: view(saved),
          // A hold that lapsed while this transaction ran may have been repaired from MySQL's old credits
          // and decided with: roll back rather than commit under it.
          beforeCommit: () => hold.confirm(),
          // The committed credits reach Redis by the reload even when the hold lapsed during the COMMIT.
          afterCommit: async () => {
            try {
              await this.catalogue.invalidate();
              await this.engine.sectionsChanged(sectionIds);
            } finally {
              await hold.release();
            }
          },
        };
      });
    } catch (err) {
      // The commit failed after Redis took the new credits: back to what MySQL still has.
      if (pushedCredits) await this.engine.undo(`sections ${sectionIds.join(', ')}`, () => this.engine.sectionsChanged(sectionIds));
      await hold.release();
      throw err;
    }
  }

  remove(staffId: number, id: number): Promise<void> {
    return this.changes.run(staffId, 'lecture', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      await em.delete(Lecture, { id });
      return { entityId: id, before: view(row), after: null, result: undefined };
    });
  }
}
