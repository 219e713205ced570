import type mysql from 'mysql2/promise';

export interface CatalogueSize {
  majors: number;
  professorsPerMajor: number;
  lecturesPerMajor: number;
  sectionsPerLecture: number;
}

export interface BuiltCatalogue {
  majorIds: number[];
  professorIds: number[];
  lectureIds: number[];
  sectionIds: number[];
}

const WORDS = ['Algorithms', 'Databases', 'Linear Algebra', 'Korean History', 'Writing', 'Physics', 'Statistics', 'Economics', 'Design', 'Networks'];

async function insertRows(sql: mysql.Pool, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await sql.query(`INSERT INTO \`${table}\` (${cols.join(',')}) VALUES ?`, [rows.slice(i, i + 500)]);
  }
}

/**
 * A deterministic catalogue written straight to an empty, migrated database (ids from 1):
 * majors (every 5th is general education), professors, lectures, sections with one or two
 * meetings, every 7th section full. The same input always gives the same rows.
 */
export async function buildCatalogue(sql: mysql.Pool, size: CatalogueSize): Promise<BuiltCatalogue> {
  const majors: unknown[][] = [];
  const professors: unknown[][] = [];
  const lectures: unknown[][] = [];
  const sections: unknown[][] = [];
  const meetings: unknown[][] = [];
  let p = 0, l = 0, s = 0;
  for (let m = 1; m <= size.majors; m++) {
    majors.push([m, `Major ${String(m).padStart(3, '0')}`, m % 5 === 0 ? 1 : 0]);
    const firstProfessor = p + 1;
    for (let i = 0; i < size.professorsPerMajor; i++) professors.push([++p, `Prof ${String.fromCharCode(65 + (p % 26))}${p}`, m]);
    for (let i = 0; i < size.lecturesPerMajor; i++) {
      l++;
      lectures.push([l, `C${String(m).padStart(2, '0')}${String(i).padStart(3, '0')}`, `${WORDS[l % WORDS.length]} ${l}`, (l % 3) + 1, m]);
      for (let k = 1; k <= size.sectionsPerLecture; k++) {
        s++;
        const capacity = 20 + (s % 5) * 10;
        sections.push([s, l, firstProfessor + (s % size.professorsPerMajor), k, capacity, s % 7 === 0 ? capacity : s % capacity, `Section ${s}`]);
        const day = (s % 5) + 1;
        const start = ((s * 3) % 9) + 1;
        meetings.push([s, day, start, start + 1]);
        if (s % 2 === 0) meetings.push([s, ((day + 1) % 5) + 1, start, start + 1]);
      }
    }
  }
  await insertRows(sql, 'major', ['id', 'name', 'general_education'], majors);
  await insertRows(sql, 'professor', ['id', 'name', 'major_id'], professors);
  await insertRows(sql, 'lecture', ['id', 'code', 'name', 'credits', 'major_id'], lectures);
  await insertRows(sql, 'section', ['id', 'lecture_id', 'professor_id', 'section_no', 'capacity', 'enrolled_count', 'description'], sections);
  await insertRows(sql, 'section_meeting', ['section_id', 'day', 'start_period', 'end_period'], meetings);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return { majorIds: range(majors.length), professorIds: range(p), lectureIds: range(l), sectionIds: range(s) };
}
