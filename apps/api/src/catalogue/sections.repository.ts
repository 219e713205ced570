import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MeetingDto } from './section.dto.js';
import type { SectionsQueryDto } from './sections-query.dto.js';

/** A section as MySQL has it, with its committed counts. */
export interface SectionRow {
  id: number;
  lectureId: number;
  lectureCode: string;
  lectureName: string;
  credits: number;
  majorId: number;
  majorName: string;
  generalEducation: boolean;
  professorId: number;
  professorName: string;
  sectionNo: number;
  capacity: number;
  minimum: number;
  enrolled: number;
  description: string;
  waitlist: boolean;
  meetings: MeetingDto[];
}

// Meetings come in the same query (one correlated GROUP_CONCAT per row, on ix_meeting_section),
// so a page is one SQL statement whatever its size.
const SELECT = `
  SELECT s.id, s.lecture_id AS lectureId, l.code AS lectureCode, l.name AS lectureName, l.credits,
         l.major_id AS majorId, m.name AS majorName, m.general_education AS generalEducation,
         s.professor_id AS professorId, p.name AS professorName, s.section_no AS sectionNo,
         s.capacity, s.minimum, s.enrolled_count AS enrolled, s.description, s.waitlist_enabled AS waitlist,
         (SELECT GROUP_CONCAT(CONCAT(sm.day, ':', sm.start_period, ':', sm.end_period) ORDER BY sm.day, sm.start_period SEPARATOR ',')
            FROM section_meeting sm WHERE sm.section_id = s.id) AS meetings`;
const FROM = `
  FROM section s
  JOIN lecture l ON l.id = s.lecture_id
  JOIN major m ON m.id = l.major_id
  JOIN professor p ON p.id = s.professor_id`;

const ORDER: Record<SectionsQueryDto['sort'], string> = {
  code: 'l.code %s, s.section_no %s',
  name: 'l.name %s, s.section_no %s',
  credits: 'l.credits %s, l.code %s',
  professor: 'p.name %s, l.code %s',
  remaining: '(s.capacity - s.enrolled_count) %s, l.code %s',
  id: 's.id %s',
};

const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Catalogue reads: the page (one query) and its total (at most one more). */
@Injectable()
export class SectionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findPage(f: SectionsQueryDto): Promise<{ rows: SectionRow[]; total: number }> {
    const { where, params } = this.where(f);
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const order = `${ORDER[f.sort].replaceAll('%s', dir)}, s.id ${dir}`;
    const offset = (f.page - 1) * f.size;
    const pageSql = `${SELECT}${FROM}${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rowsP = this.db.query(pageSql, [...params, f.size, offset]) as Promise<Record<string, unknown>[]>;
    // The first page that is not full already tells the total: skip the COUNT.
    const rows = (await rowsP).map(toRow);
    if (f.page === 1 && rows.length < f.size) return { rows, total: rows.length };
    const [{ total }] = (await this.db.query(`SELECT COUNT(*) AS total${FROM}${where}`, params)) as [{ total: string | number }];
    return { rows, total: Number(total) };
  }

  async findByIds(ids: readonly number[]): Promise<SectionRow[]> {
    if (!ids.length) return [];
    const raw = (await this.db.query(`${SELECT}${FROM} WHERE s.id IN (?) ORDER BY l.code, s.section_no, s.id`, [ids])) as Record<string, unknown>[];
    return raw.map(toRow);
  }

  private where(f: SectionsQueryDto): { where: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.q) {
      parts.push('(l.name LIKE ? OR l.code LIKE ?)');
      params.push(`%${like(f.q)}%`, `%${like(f.q)}%`);
    }
    if (f.majorId !== undefined) { parts.push('l.major_id = ?'); params.push(f.majorId); }
    if (f.credits !== undefined) { parts.push('l.credits = ?'); params.push(f.credits); }
    if (f.lectureId !== undefined) { parts.push('s.lecture_id = ?'); params.push(f.lectureId); }
    if (f.professorId !== undefined) { parts.push('s.professor_id = ?'); params.push(f.professorId); }
    if (f.professor) {
      if (/^[0-9]{1,10}$/.test(f.professor)) { parts.push('s.professor_id = ?'); params.push(Number(f.professor)); }
      else { parts.push('p.name LIKE ?'); params.push(`${like(f.professor)}%`); }
    }
    if (f.generalEducation !== undefined) { parts.push('m.general_education = ?'); params.push(f.generalEducation ? 1 : 0); }
    if (f.hasSeats !== undefined) parts.push(f.hasSeats ? 's.enrolled_count < s.capacity' : 's.enrolled_count >= s.capacity');
    // ix_meeting_day_section
    if (f.day !== undefined) { parts.push('EXISTS (SELECT 1 FROM section_meeting d WHERE d.day = ? AND d.section_id = s.id)'); params.push(f.day); }
    return { where: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
  }
}

function toRow(r: Record<string, unknown>): SectionRow {
  return {
    id: Number(r.id), lectureId: Number(r.lectureId), lectureCode: String(r.lectureCode), lectureName: String(r.lectureName),
    credits: Number(r.credits), majorId: Number(r.majorId), majorName: String(r.majorName), generalEducation: Number(r.generalEducation) === 1,
    professorId: Number(r.professorId), professorName: String(r.professorName), sectionNo: Number(r.sectionNo),
    capacity: Number(r.capacity), minimum: Number(r.minimum), enrolled: Number(r.enrolled), description: String(r.description ?? ''),
    waitlist: Number(r.waitlist) === 1, meetings: parseMeetings(r.meetings as string | null),
  };
}

/** "day:start:end,…" (GROUP_CONCAT) → meetings, ordered by day and start. */
function parseMeetings(s: string | null): MeetingDto[] {
  if (!s) return [];
  return s.split(',').map((m) => {
    const [day, startPeriod, endPeriod] = m.split(':').map(Number);
    return { day: day!, startPeriod: startPeriod!, endPeriod: endPeriod! };
  });
}
