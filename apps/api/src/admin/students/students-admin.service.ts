import { ErrorCode, type Page } from '@app/contracts';
import { CartItem, DecisionLog, Enrollment, Major, Student, WaitlistEntry } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, type Repository } from 'typeorm';
import { PasswordHasher } from '../../auth/password.hasher.js';
import { TokenService } from '../../auth/token.service.js';
import { OpenTimesService } from '../../catalogue/open-times.service.js';
import { AppException } from '../../common/app.exception.js';
import { defined } from '../common/defined.js';
import { EngineSyncGateway } from '../common/engine-sync.gateway.js';
import { EntityStore } from '../common/entity-store.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import type { AdminStudentDto, CreateStudentDto, UpdateStudentDto } from './student-admin.dto.js';

const view = (s: Student): AdminStudentDto => ({
  id: s.id, studentNo: s.studentNo, name: s.name, email: s.email, majorId: s.majorId, grade: s.grade, maxCredits: s.maxCredits,
});
const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class StudentsAdminService {
  private readonly store: EntityStore<Student>;
  constructor(
    @InjectRepository(Student) private readonly students: Repository<Student>,
    private readonly changes: StaffChangeRunner,
    private readonly hasher: PasswordHasher,
    private readonly engine: EngineSyncGateway,
    private readonly windows: OpenTimesService,
    private readonly tokens: TokenService,
  ) {
    this.store = new EntityStore(students, Student, 'Student');
  }

  async list(page: number, size: number, q?: string): Promise<Page<AdminStudentDto>> {
    const where = q ? [{ studentNo: Like(`${like(q)}%`) }, { name: Like(`%${like(q)}%`) }] : undefined;
    const p = await this.store.page(page, size, where);
    return { ...p, items: p.items.map(view) };
  }

  async get(id: number): Promise<AdminStudentDto> {
    return view(await this.store.findOrFail(id));
  }

  async create(staffId: number, dto: CreateStudentDto): Promise<AdminStudentDto> {
    const { password, ...fields } = dto;
    const passwordHash = await this.hasher.hash(password);
    return this.changes.run(staffId, 'student', 'CREATE', async (em) => {
      await EntityStore.mustExist(em, Major, dto.majorId, 'majorId');
      const saved = await em.save(em.create(Student, { ...fields, passwordHash }));
      return { entityId: saved.id, before: null, after: view(saved), result: view(saved), afterCommit: () => this.synced(saved.id, true) };
    });
  }

  async update(staffId: number, id: number, dto: UpdateStudentDto): Promise<AdminStudentDto> {
    requireChanges(dto);
    const { password, ...fields } = defined(dto);
    const passwordHash = password ? await this.hasher.hash(password) : undefined;
    let pushedLimit = false;
    try {
      return await this.changes.run(staffId, 'student', 'UPDATE', async (em) => {
        const row = await this.store.findOrFail(id, em, true);
        if (fields.majorId !== undefined) await EntityStore.mustExist(em, Major, fields.majorId, 'majorId');
        const belowHeld = (used: number) => AppException.conflict('CREDITS_BELOW_ENROLLMENT', `The student already holds ${used} credits.`);
        if (fields.maxCredits !== undefined) {
          const used = Number((await em.sum(Enrollment, 'credits', { studentId: id })) ?? 0);
          if (fields.maxCredits < used) throw belowHeld(used);
        }
        const before = view(row);
        const saved = await em.save(Object.assign(row, fields, passwordHash ? { passwordHash } : {}));
        if (fields.maxCredits !== undefined && fields.maxCredits !== before.maxCredits) {
          // Redis counts a grant before MySQL does: it refuses a limit below what the student holds
          // there and sets it in the same step.
          pushedLimit = true; // before the call: a timeout after Redis applied it must still roll back
          const set = await this.engine.setMaxCredits(id, fields.maxCredits);
          if (!set.ok) throw belowHeld(set.enrolled);
        }
        // The audit row records that the password changed, never the password or its hash.
        const after = { ...view(saved), ...(passwordHash ? { passwordChanged: true } : {}) };
        return {
          entityId: id, before, after, result: view(saved),
          // A password set by staff (a reset) ends the student's sessions, as their own change does.
          afterCommit: async () => {
            await this.synced(id);
            if (passwordHash) await this.tokens.revokeAll({ role: 'student', id });
          },
        };
      });
    } catch (err) {
      // The commit failed after Redis took the new limit: back to what MySQL still has.
      if (pushedLimit) await this.engine.undo(`student ${id}`, () => this.engine.studentChanged(id));
      throw err;
    }
  }

  async remove(staffId: number, id: number): Promise<void> {
    // What MySQL will refuse anyway is refused before Redis is touched (as a section delete): marking
    // the student gone there rejects their requests (NOT_ELIGIBLE) for as long as the delete takes.
    const referenced = () => AppException.conflict(ErrorCode.IN_USE, 'The student has enrollments, a waitlist place, a cart or an enrollment history; it is kept, so the student cannot be deleted.');
    await this.store.findOrFail(id);
    if (await this.store.referencedBy([Enrollment, WaitlistEntry, CartItem, DecisionLog], { studentId: id })) throw referenced();
    const inUse = () => AppException.conflict(ErrorCode.IN_USE, 'The student holds, waits for or has a request in line for a seat; drop it or let it be decided first.');
    await this.engine.deleteGuarded('student', id, inUse, () => this.changes.run(staffId, 'student', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      // decision_log has no foreign key (a decision for a student deleted meanwhile must still be
      // logged), so a decision history is checked here, as the key did before; the others are keys.
      if (await this.store.referencedBy([DecisionLog], { studentId: id }, em)) throw referenced();
      await em.delete(Student, { id });
      return { entityId: id, before: view(row), after: null, result: undefined, afterCommit: async () => this.windows.forget() };
    }));
  }

  private async synced(id: number, created = false): Promise<void> {
    this.windows.forget();
    await this.engine.studentChanged(id, created);
  }
}

