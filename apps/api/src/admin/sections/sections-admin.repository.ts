import { Enrollment, Professor, Section, SectionMeeting, Student } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface MeetingSlot {
  day: number;
  startPeriod: number;
  endPeriod: number;
}

export interface RosterRow {
  studentId: number;
  studentNo: string;
  name: string;
  email: string;
  majorId: number;
  grade: number;
  enrolledAt: Date;
}

/** Section writes that need more than one row, and the roster read. */
@Injectable()
export class SectionsAdminRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Serialises every change to one professor's timetable (the double-booking check is read-then-write). */
  async lockProfessor(em: EntityManager, professorId: number): Promise<boolean> {
    return !!(await em.findOne(Professor, { where: { id: professorId }, lock: { mode: 'pessimistic_write' } }));
  }

  meetingsOf(em: EntityManager, sectionId: number): Promise<SectionMeeting[]> {
    return em.find(SectionMeeting, { where: { sectionId }, order: { day: 'ASC', startPeriod: 'ASC' } });
  }

  /** The professor's meetings in other sections (ix_section_professor). */
  async professorMeetings(em: EntityManager, professorId: number, exceptSectionId: number): Promise<(MeetingSlot & { sectionId: number })[]> {
    return em
      .createQueryBuilder(SectionMeeting, 'm')
      .innerJoin(Section, 's', 's.id = m.sectionId')
      .where('s.professorId = :professorId AND s.id <> :exceptSectionId', { professorId, exceptSectionId })
      .getMany();
  }

  async replaceMeetings(em: EntityManager, sectionId: number, meetings: MeetingSlot[]): Promise<void> {
    await em.delete(SectionMeeting, { sectionId });
    if (meetings.length) await em.insert(SectionMeeting, meetings.map((m) => ({ sectionId, ...m })));
  }

  hasEnrollments(em: EntityManager, sectionId: number): Promise<boolean> {
    return em.exists(Enrollment, { where: { sectionId } });
  }

  /** Enrolled students of a section (ix_enrollment_section), in enrolment order. */
  async roster(sectionId: number): Promise<RosterRow[]> {
    const rows = await this.db
      .createQueryBuilder(Enrollment, 'e')
      .innerJoin(Student, 'st', 'st.id = e.studentId')
      .select(['st.id AS studentId', 'st.studentNo AS studentNo', 'st.name AS name', 'st.email AS email', 'st.majorId AS majorId', 'st.grade AS grade', 'e.enrolledAt AS enrolledAt'])
      .where('e.sectionId = :sectionId', { sectionId })
      .orderBy('e.enrolledAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      studentId: Number(r.studentId), studentNo: String(r.studentNo), name: String(r.name), email: String(r.email),
      majorId: Number(r.majorId), grade: Number(r.grade), enrolledAt: new Date(r.enrolledAt as string | Date),
    }));
  }
}
