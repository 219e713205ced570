import { ErrorCode, type Page } from '@app/contracts';
import { Staff } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, type Repository } from 'typeorm';
import { PasswordHasher } from '../../auth/password.hasher.js';
import { TokenService } from '../../auth/token.service.js';
import { StaffAccounts } from '../../auth/staff-accounts.js';
import { AppException } from '../../common/app.exception.js';
import { defined } from '../common/defined.js';
import { EntityStore } from '../common/entity-store.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { AdminStaffDto, CreateStaffDto, UpdateStaffDto } from './staff-admin.dto.js';

const view = (s: Staff): AdminStaffDto => ({ id: s.id, loginId: s.loginId, name: s.name });
const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class StaffAdminService {
  private readonly store: EntityStore<Staff>;
  constructor(
    @InjectRepository(Staff) staff: Repository<Staff>,
    private readonly changes: StaffChangeRunner,
    private readonly hasher: PasswordHasher,
    private readonly accounts: StaffAccounts,
    private readonly tokens: TokenService,
  ) {
    this.store = new EntityStore(staff, Staff, 'Staff member');
  }

  async list(page: number, size: number, q?: string): Promise<Page<AdminStaffDto>> {
    const p = await this.store.page(page, size, q ? [{ loginId: Like(`${like(q)}%`) }, { name: Like(`%${like(q)}%`) }] : undefined);
    return { ...p, items: p.items.map(view) };
  }

  async get(id: number): Promise<AdminStaffDto> {
    return view(await this.store.findOrFail(id));
  }

  async create(staffId: number, dto: CreateStaffDto): Promise<AdminStaffDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.changes.run(staffId, 'staff', 'CREATE', async (em) => {
      const saved = await em.save(em.create(Staff, { loginId: dto.loginId, name: dto.name, passwordHash }));
      return { entityId: saved.id, before: null, after: view(saved), result: view(saved) };
    });
  }

  async update(staffId: number, id: number, dto: UpdateStaffDto): Promise<AdminStaffDto> {
    requireChanges(dto);
    const { password, ...fields } = defined(dto);
    const passwordHash = password ? await this.hasher.hash(password) : undefined;
    return this.changes.run(staffId, 'staff', 'UPDATE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      const before = view(row);
      const saved = await em.save(Object.assign(row, fields, passwordHash ? { passwordHash } : {}));
      return {
        entityId: id, before, after: { ...view(saved), ...(passwordHash ? { passwordChanged: true } : {}) }, result: view(saved),
        // A new password ends the account's sessions (their refresh tokens).
        afterCommit: async () => { if (passwordHash) await this.tokens.revokeAll({ role: 'staff', id }); },
      };
    });
  }

  remove(staffId: number, id: number): Promise<void> {
    if (staffId === id) throw AppException.conflict(ErrorCode.CONFLICT, 'You cannot delete your own account.');
    return this.changes.run(staffId, 'staff', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      // A staff member who has changed anything is referenced by the audit log → IN_USE.
      await em.delete(Staff, { id });
      // Its tokens stop working here at once (other API processes within seconds: StaffAccounts).
      return { entityId: id, before: view(row), after: null, result: undefined, afterCommit: async () => this.accounts.forget(id) };
    });
  }
}
