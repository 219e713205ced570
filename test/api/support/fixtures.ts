import type mysql from 'mysql2/promise';

type Row = Record<string, unknown>;

/** Small deterministic rows written straight to MySQL (the API under test reads them). */
export class Fixtures {
  private n = 0;
  constructor(
    private readonly sql: mysql.Pool,
    private readonly hashes: { student: string; staff: string },
  ) {}

  private next() { return ++this.n; }

  private async insert(table: string, row: Row): Promise<number> {
    const cols = Object.keys(row);
    const [res] = await this.sql.query(`INSERT INTO \`${table}\` (${cols.map((c) => `\`${c}\``).join(',')}) VALUES (?)`, [Object.values(row)]);
    return Number((res as { insertId: number }).insertId);
  }

  major(o: Partial<{ name: string; general_education: number }> = {}) {
    return this.insert('major', { name: `Major ${this.next()}`, general_education: 0, ...o });
  }

  staff(o: Partial<{ login_id: string; name: string }> = {}) {
    return this.insert('staff', { login_id: `staff${this.next()}`, name: 'Staff', password_hash: this.hashes.staff, ...o });
  }

  async student(majorId: number, o: Partial<{ student_no: string; name: string; email: string; grade: number; max_credits: number }> = {}) {
    const i = this.next();
    const studentNo = o.student_no ?? `2026${String(i).padStart(4, '0')}`;
    const id = await this.insert('student', {
      student_no: studentNo, name: `Student ${i}`, email: `s${i}@goorm.test`, password_hash: this.hashes.student,
      major_id: majorId, grade: 1, max_credits: 18, ...o,
    });
    return { id, studentNo };
  }

  professor(majorId: number, o: Partial<{ name: string }> = {}) {
    return this.insert('professor', { name: `Prof ${this.next()}`, major_id: majorId, ...o });
  }

  lecture(majorId: number, o: Partial<{ code: string; name: string; credits: number }> = {}) {
    const i = this.next();
    return this.insert('lecture', { code: `LEC${i}`, name: `Lecture ${i}`, credits: 3, major_id: majorId, ...o });
  }

  async section(
    lectureId: number,
    professorId: number,
    o: Partial<{ section_no: number; capacity: number; enrolled_count: number; description: string }> = {},
    meetings: [number, number, number][] = [[1, 1, 2]],
  ) {
    const id = await this.insert('section', { lecture_id: lectureId, professor_id: professorId, section_no: this.next(), capacity: 30, ...o });
    for (const [day, start, end] of meetings) await this.insert('section_meeting', { section_id: id, day, start_period: start, end_period: end });
    return id;
  }

  async enrollment(studentId: number, sectionId: number) {
    const [[sec]] = (await this.sql.query('SELECT s.lecture_id, l.credits FROM section s JOIN lecture l ON l.id = s.lecture_id WHERE s.id = ?', [sectionId])) as unknown as [Row[]];
    await this.sql.query('UPDATE section SET enrolled_count = enrolled_count + 1 WHERE id = ?', [sectionId]);
    return this.insert('enrollment', {
      student_id: studentId, section_id: sectionId, lecture_id: sec!.lecture_id, credits: sec!.credits,
      request_id: `fx-${this.next()}`, enrolled_at: new Date(),
    });
  }

  openTime(o: Partial<{ name: string; starts_at: Date; ends_at: Date; grades: string | null; major_ids: string | null; queue_mode: string }> = {}) {
    return this.insert('open_time', {
      name: `Window ${this.next()}`, starts_at: new Date(Date.now() - 3600_000), ends_at: new Date(Date.now() + 3600_000),
      grades: null, major_ids: null, queue_mode: 'FIFO', ...o,
    });
  }
}
