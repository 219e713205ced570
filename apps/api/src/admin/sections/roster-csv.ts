import type { RosterRow } from './sections-admin.repository.js';

/** RFC 4180 cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** UTF-8 with a BOM so spreadsheet apps read Korean names correctly. */
export function rosterCsv(rows: RosterRow[]): string {
  const header = ['studentId', 'studentNo', 'name', 'email', 'majorId', 'grade', 'enrolledAt'];
  const lines = rows.map((r) => [r.studentId, r.studentNo, r.name, r.email, r.majorId, r.grade, r.enrolledAt.toISOString()].map(cell).join(','));
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
