import { ErrorCode, type Page } from '@app/contracts';
import { drawId } from '@app/engine';
import { OpenTime } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { OpenTimeDto } from '../../catalogue/open-time.dto.js';
import { OpenTimesService, toOpenTime } from '../../catalogue/open-times.service.js';
import { AppException } from '../../common/app.exception.js';
import { defined } from '../common/defined.js';
import { EngineSyncGateway } from '../common/engine-sync.gateway.js';
import { EntityStore } from '../common/entity-store.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { CreateOpenTimeDto, UpdateOpenTimeDto } from './open-time-admin.dto.js';

@Injectable()
export class OpenTimesAdminService {
  private readonly store: EntityStore<OpenTime>;
  constructor(
    @InjectRepository(OpenTime) repo: Repository<OpenTime>,
    private readonly changes: StaffChangeRunner,
    private readonly engine: EngineSyncGateway,
    private readonly windows: OpenTimesService,
  ) {
    this.store = new EntityStore(repo, OpenTime, 'Open time');
  }

  async list(page: number, size: number): Promise<Page<OpenTimeDto>> {
    const p = await this.store.page(page, size);
    return { ...p, items: p.items.map(toOpenTime) };
  }

  async get(id: number): Promise<OpenTimeDto> {
    return toOpenTime(await this.store.findOrFail(id));
  }

  create(staffId: number, dto: CreateOpenTimeDto): Promise<OpenTimeDto> {
    return this.changes.run(staffId, 'open_time', 'CREATE', async (em) => {
      const row = em.create(OpenTime, { name: dto.name, grades: dto.grades ?? null, majorIds: dto.majorIds ?? null, queueMode: dto.queueMode ?? 'FIFO' });
      Object.assign(row, this.times(dto.startsAt, dto.endsAt));
      await this.checkMajors(em, row.majorIds);
      const saved = await em.save(row);
      return { entityId: saved.id, before: null, after: toOpenTime(saved), result: toOpenTime(saved), afterCommit: () => this.synced() };
    });
  }

  update(staffId: number, id: number, dto: UpdateOpenTimeDto): Promise<OpenTimeDto> {
    requireChanges(dto);
    return this.changes.run(staffId, 'open_time', 'UPDATE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      const before = toOpenTime(row);
      const { startsAt, endsAt, ...rest } = defined(dto);
      const oldStart = row.startsAt;
      Object.assign(row, rest, this.times(startsAt ?? before.startsAt, endsAt ?? before.endsAt));
      // Requests of an opening draw wait for its places under the window's draw id (its start): a new
      // start or first-come mode would place later requests ahead of them. Until the draw is held.
      const redraws = before.queueMode === 'RANDOM_AT_OPEN' && (row.queueMode !== before.queueMode || row.startsAt.getTime() !== oldStart.getTime());
      if (redraws && (await this.engine.drawPending(drawId(id, oldStart)))) {
        throw AppException.conflict(ErrorCode.WINDOW_DRAW_PENDING, 'This window\'s opening draw is not held yet: its start and queue mode can change once it is (a few seconds after the draw period ends).');
      }
      await this.checkMajors(em, row.majorIds);
      const saved = await em.save(row);
      return { entityId: id, before, after: toOpenTime(saved), result: toOpenTime(saved), afterCommit: () => this.synced() };
    });
  }

  remove(staffId: number, id: number): Promise<void> {
    return this.changes.run(staffId, 'open_time', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      await em.delete(OpenTime, { id });
      return { entityId: id, before: toOpenTime(row), after: null, result: undefined, afterCommit: () => this.synced() };
    });
  }

  private times(startsAt: string, endsAt: string): { startsAt: Date; endsAt: Date } {
    const start = new Date(startsAt);
    const end = new Date(endsAt);
    // DATETIME stops at year 9999 (a later one was a 500).
    for (const [field, d] of [['startsAt', start], ['endsAt', end]] as const) {
      if (d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 9998) throw AppException.validation([{ field, problem: 'must be between the years 2000 and 9998' }], `${field} must be between the years 2000 and 9998`);
    }
    if (!(start.getTime() < end.getTime())) throw AppException.validation([{ field: 'endsAt', problem: 'must be after startsAt' }], 'endsAt must be after startsAt');
    return { startsAt: start, endsAt: end };
  }

  private async checkMajors(em: EntityManager, majorIds: number[] | null): Promise<void> {
    if (!majorIds?.length) return;
    // For share: a major cannot be deleted between this check and the commit (majors.service remove).
    // (LOCK IN SHARE MODE: MariaDB has no FOR SHARE, which TypeORM's pessimistic_read writes.)
    const found = ((await em.query('SELECT id FROM major WHERE id IN (?) LOCK IN SHARE MODE', [majorIds])) as unknown[]).length;
    if (found !== majorIds.length) throw AppException.validation([{ field: 'majorIds', problem: 'names a major that does not exist' }], 'majorIds names a major that does not exist');
  }

  private async synced(): Promise<void> {
    this.windows.forget();
    await this.engine.windowsChanged();
  }
}
