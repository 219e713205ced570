import { ErrorCode, type Page } from '@app/contracts';
import { CartItem, Enrollment, Lecture, Section, WaitlistEntry } from '@app/database';
import type { SectionLecture } from '@app/engine';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { SectionDto } from '../../catalogue/section.dto.js';
import type { SectionsQueryDto } from '../../catalogue/sections-query.dto.js';
import { SectionsService } from '../../catalogue/sections.service.js';
import { AppException } from '../../common/app.exception.js';
import { EngineSyncGateway, rebuilding } from '../common/engine-sync.gateway.js';
import { EntityStore } from '../common/entity-store.js';
import { defined } from '../common/defined.js';
import { requireChanges } from '../common/require-changes.js';
import { StaffChangeRunner } from '../common/staff-change.runner.js';
import { checkMeetings, overlaps } from './meeting-rules.js';
import type { CreateSectionDto, RosterStudentDto, UpdateSectionDto } from './section-admin.dto.js';
import { SectionsAdminRepository, type MeetingSlot } from './sections-admin.repository.js';

type Snapshot = Omit<Section, 'enrolledCount'> & { enrolledCount: number; meetings: MeetingSlot[] };
const snapshot = (s: Section, meetings: MeetingSlot[]): Snapshot => ({
  ...s,
  meetings: meetings.map(({ day, startPeriod, endPeriod }) => ({ day, startPeriod, endPeriod })),
});

const beingDeleted = () => AppException.conflict(ErrorCode.IN_USE, 'This section is being deleted.');

@Injectable()
export class SectionsAdminService {
  private readonly store: EntityStore<Section>;
  private readonly log = new Logger('Sections');
  constructor(
    @InjectRepository(Section) sections: Repository<Section>,
    private readonly repo: SectionsAdminRepository,
    private readonly changes: StaffChangeRunner,
    private readonly catalogue: SectionsService,
    private readonly engine: EngineSyncGateway,
  ) {
    this.store = new EntityStore(sections, Section, 'Section');
  }

  list(query: SectionsQueryDto): Promise<Page<SectionDto>> {
    return this.catalogue.list(query);
  }

  get(id: number): Promise<SectionDto> {
    return this.catalogue.get(id);
  }

  async create(staffId: number, dto: CreateSectionDto): Promise<SectionDto> {
    checkMeetings(dto.meetings);
    this.checkMinimum(dto.capacity, dto.minimum ?? 0);
    const id = await this.changes.run(staffId, 'section', 'CREATE', async (em) => {
      await EntityStore.mustExist(em, Lecture, dto.lectureId, 'lectureId');
      await this.checkProfessorFree(em, dto.professorId, 0, dto.meetings);
      const saved = await em.save(em.create(Section, {
        lectureId: dto.lectureId, professorId: dto.professorId, sectionNo: dto.sectionNo, capacity: dto.capacity,
        minimum: dto.minimum ?? 0, description: dto.description ?? '', waitlistEnabled: dto.waitlist ?? false,
      }));
      await this.repo.replaceMeetings(em, saved.id, dto.meetings);
      return { entityId: saved.id, before: null, after: snapshot(saved, dto.meetings), result: saved.id, afterCommit: () => this.synced(saved.id, true) };
    });
    return this.catalogue.get(id);
  }

  async update(staffId: number, id: number, dto: UpdateSectionDto): Promise<SectionDto> {
    requireChanges(dto);
    if (dto.meetings) checkMeetings(dto.meetings);
    let pushedCapacity: { from: number } | undefined;
    let pushedShape = false;
    // Each change Redis takes before MySQL commits holds the section until it is released below (after
    // the commit and the reload, or after the undo): no seat there is granted with values MySQL may refuse.
    const hold = this.engine.newHold();
    try {
      await this.changes.run(staffId, 'section', 'UPDATE', async (em) => {
        const row = await this.store.findOrFail(id, em, true);
        const oldMeetings = await this.repo.meetingsOf(em, id);
        const before = snapshot(row, oldMeetings);
        const enrolled = row.enrolledCount > 0 || (await this.repo.hasEnrollments(em, id));
        const lectureInUse = () => AppException.conflict(ErrorCode.IN_USE, 'Students are enrolled in this section; its lecture cannot change.');
        let newLecture: SectionLecture | null = null;
        if (dto.lectureId !== undefined && dto.lectureId !== row.lectureId) {
          if (enrolled) throw lectureInUse();
          await EntityStore.mustExist(em, Lecture, dto.lectureId, 'lectureId');
        }
        if (dto.meetings && enrolled) {
          throw AppException.conflict(ErrorCode.IN_USE, 'Students are enrolled in this section; drop them before moving its meetings.');
        }
        const capacity = dto.capacity ?? row.capacity;
        this.checkMinimum(capacity, dto.minimum ?? row.minimum);
        if (capacity < row.enrolledCount) throw this.belowEnrollment(row.enrolledCount);
        if (dto.professorId !== undefined || dto.meetings) {
          await this.checkProfessorFree(em, dto.professorId ?? row.professorId, id, dto.meetings ?? oldMeetings);
        }
        const { meetings, waitlist, ...fields } = defined(dto);
        const saved = await em.save(Object.assign(row, fields, waitlist !== undefined ? { waitlistEnabled: waitlist } : {}));
        if (meetings) await this.repo.replaceMeetings(em, id, meetings);
        if (dto.lectureId !== undefined && dto.lectureId !== before.lectureId) {
          // Read after the save, under a shared lock: a credits change of that lecture in flight
          // commits first (its setCredits did not see this section), and this read sees it.
          // (LOCK IN SHARE MODE: MariaDB has no FOR SHARE, which TypeORM's pessimistic_read writes.)
          const [l]: { id: number; credits: number; major_id: number; ge: number }[] = await em.query(
            'SELECT l.id, l.credits, l.major_id, m.general_education AS ge FROM lecture l JOIN major m ON m.id = l.major_id WHERE l.id = ? LOCK IN SHARE MODE',
            [dto.lectureId],
          );
          newLecture = { id: Number(l!.id), credits: Number(l!.credits), majorId: Number(l!.major_id), generalEducation: Boolean(Number(l!.ge)) };
        }
        if (meetings || newLecture) {
          // Redis decides with the slots and the lecture: it changes them only while no seat is held
          // there, a grant MySQL has not seen yet included (checked and applied in one step).
          pushedShape = true; // before the call: a timeout after Redis applied it must still roll back
          const reshaped = await this.engine.reshapeSection(id, { meetings, lecture: newLecture ?? undefined }, hold.take([id]));
          if (!reshaped.ok) {
            if (reshaped.gone) throw beingDeleted();
            if (reshaped.rebuilding) throw rebuilding();
            throw newLecture ? lectureInUse() : AppException.conflict(ErrorCode.IN_USE, 'Students are enrolled in this section; drop them before moving its meetings.');
          }
        }
        if (dto.capacity !== undefined && dto.capacity !== before.capacity) {
          // Redis decides seats: it must accept the new capacity before MySQL commits it.
          pushedCapacity = { from: before.capacity }; // before the call: a timeout after Redis applied it must still roll back
          const change = await this.engine.setCapacity(id, dto.capacity, hold.take([id]));
          if (!change.ok) { pushedCapacity = undefined; throw change.gone ? beingDeleted() : change.rebuilding ? rebuilding() : this.belowEnrollment(change.enrolled); }
        }
        return {
          entityId: id, before, after: snapshot(saved, meetings ?? oldMeetings), result: id,
          // A hold that lapsed while this transaction ran may have been repaired from MySQL's old values
          // and decided with: roll back rather than commit under it.
          beforeCommit: () => hold.confirm(),
          afterCommit: async () => {
            try {
              await this.synced(id); // the committed meetings and lecture, as MySQL has them now
            } finally {
              // Lapsed during the COMMIT itself: the worker may have put the capacity from before it back.
              if (!(await hold.release()) && pushedCapacity && dto.capacity !== undefined) {
                const again = await this.engine.setCapacity(id, dto.capacity);
                if (!again.ok) this.log.error(`section ${id}: capacity ${dto.capacity} is committed, but Redis refused it after the change's hold lapsed (${again.enrolled} seats held); run \`npm run reconcile\``);
              }
            }
          },
        };
      });
    } catch (err) {
      // The commit failed after Redis took the new capacity: give it back.
      const from = pushedCapacity?.from;
      if (from !== undefined) {
        await this.engine.undo(`section ${id}`, async () => {
          const undone = await this.engine.setCapacity(id, from);
          // Refused only if the hold lapsed and seats were granted since past the old capacity; Redis keeps the new one.
          if (!undone.ok) throw new Error(`${undone.enrolled} seats are held, more than the old capacity ${from}`);
        });
      }
      // …or its new meetings or lecture: back to what MySQL still has.
      if (pushedShape) await this.engine.undo(`section ${id}`, () => this.engine.sectionsChanged([id]));
      // Decisions for the section go on only now, with the values MySQL has.
      await hold.release();
      throw err;
    }
    return this.catalogue.get(id);
  }

  async remove(staffId: number, id: number): Promise<void> {
    // What MySQL will refuse anyway is refused before Redis is touched: marking the section gone
    // there rejects its requests (SECTION_NOT_FOUND) for as long as the delete takes.
    const inUse = () => AppException.conflict(ErrorCode.IN_USE, 'Students hold, wait for or have this section in their cart; remove those first.');
    await this.store.findOrFail(id);
    // The rows MySQL's foreign keys keep a section for.
    if (await this.store.referencedBy([Enrollment, WaitlistEntry, CartItem], { sectionId: id })) throw inUse();
    await this.engine.deleteGuarded('section', id, inUse, () => this.changes.run(staffId, 'section', 'DELETE', async (em) => {
      const row = await this.store.findOrFail(id, em, true);
      const meetings = await this.repo.meetingsOf(em, id);
      // Meetings belong to the section; enrollments, carts and waitlists refer to it (→ IN_USE).
      await this.repo.replaceMeetings(em, id, []);
      await em.delete(Section, { id });
      return { entityId: id, before: snapshot(row, meetings), after: null, result: undefined, afterCommit: () => this.catalogue.invalidate() };
    }));
  }

  async roster(id: number): Promise<{ section: SectionDto; students: RosterStudentDto[] }> {
    const section = await this.catalogue.get(id);
    const rows = await this.repo.roster(id);
    return { section, students: rows.map((r) => ({ ...r, enrolledAt: r.enrolledAt.toISOString() })) };
  }

  rosterRows(id: number) {
    return this.store.findOrFail(id).then(() => this.repo.roster(id));
  }

  private async checkProfessorFree(em: EntityManager, professorId: number, sectionId: number, meetings: MeetingSlot[]): Promise<void> {
    if (!(await this.repo.lockProfessor(em, professorId))) {
      throw AppException.validation([{ field: 'professorId', problem: 'does not exist' }], `professorId ${professorId} does not exist`);
    }
    const taken = await this.repo.professorMeetings(em, professorId, sectionId);
    const clash = taken.find((t) => meetings.some((m) => overlaps(m, t)));
    if (clash) {
      throw AppException.conflict(ErrorCode.PROFESSOR_DOUBLE_BOOKED, `The professor already teaches section ${clash.sectionId} on day ${clash.day}, periods ${clash.startPeriod}–${clash.endPeriod}.`);
    }
  }

  private checkMinimum(capacity: number, minimum: number): void {
    if (minimum > capacity) throw AppException.validation([{ field: 'minimum', problem: 'must not exceed capacity' }], 'minimum must not exceed capacity');
  }

  private belowEnrollment(enrolled: number): AppException {
    return AppException.conflict(ErrorCode.CAPACITY_BELOW_ENROLLMENT, `${enrolled} students are enrolled; capacity cannot go below that.`);
  }

  private async synced(id: number, created = false): Promise<void> {
    await this.engine.sectionsChanged([id], created);
    await this.catalogue.invalidate();
  }
}
