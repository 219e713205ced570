import type { Page } from '@app/contracts';
import { Major, Professor } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SectionsService } from '../../catalogue/sections.service.js';
import { EntityStore } from '../common/entity-store.js';
import { defined } from '../common/defined.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { AdminProfessorDto, CreateProfessorDto, UpdateProfessorDto } from './professor.dto.js';

const view = (p: Professor): AdminProfessorDto => ({ id: p.id, name: p.name, majorId: p.majorId });

@Injectable()
export class ProfessorsAdminService {
  private readonly store: EntityStore<Professor>;
  constructor(
    @InjectRepository(Professor) repo: Repository<Professor>,
    private readonly changes: StaffChangeRunner,
    private readonly catalogue: SectionsService,
  ) {
    this.store = new EntityStore(repo, Professor, 'Professor');
  }

  async list(page: number, size: number): Promise<Page<AdminProfessorDto>> {
    const p = await this.store.page(page, size);
    return { ...p, items: p.items.map(view) };
  }

  async get(id: number): Promise<AdminProfessorDto> {
    return view(await this.store.findOrFail(id));
  }

  create(staffId: number, dto: CreateProfessorDto): Promise<AdminProfessorDto> {
    return this.changes.run(staffId, 'professor', 'CREATE', async (em) => {
      await EntityStore.mustExist(em, Major, dto.majorId, 'majorId');
      const saved = await em.save(em.create(Professor, { name: dto.name, majorId: dto.majorId }));
      return { entityId: saved.id, before: null, after: view(saved), result: view(saved) };
    });
  }

  update(staffId: number, id: number, dto: UpdateProfessorDto): Promise<AdminProfessorDto> {
    requireChanges(dto);
    return this.changes.run(staffId, 'professor', 'UPDATE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      if (dto.majorId !== undefined) await EntityStore.mustExist(em, Major, dto.majorId, 'majorId');
      const before = view(row);
      const saved = await em.save(Object.assign(row, defined(dto)));
      return { entityId: id, before, after: view(saved), result: view(saved), afterCommit: () => this.catalogue.invalidate() };
    });
  }

  remove(staffId: number, id: number): Promise<void> {
    return this.changes.run(staffId, 'professor', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      await em.delete(Professor, { id });
      return { entityId: id, before: view(row), after: null, result: undefined };
    });
  }
}
