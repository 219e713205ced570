/** One decision as the Lua gate appends it to the decision stream (field names are the Lua's). */
export interface DecisionEntry {
  seq: number;
  requestId: string;
  studentId: number;
  sectionId: number;
  action: 'ENROLL' | 'DROP';
  outcome: 'ENROLLED' | 'REJECTED' | 'WAITLISTED' | 'DROPPED';
  reason: string | null;
  position: number | null;
  lectureId: number | null;
  credits: number | null;
  decidedAt: number;
  /** When the request was accepted into the line (null for staff actions and drops). */
  acceptedAt: number | null;
  /** A waitlisted request re-decided after a drop. */
  promoted: boolean;
  staffId: number | null;
}

/** Parses an XRANGE/XREAD entry: id `<seq>-1` and a flat field list. */
export function parseDecisionEntry(id: string, fields: string[]): DecisionEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  return {
    seq: Number(id.split('-')[0]),
    requestId: f.r!,
    studentId: Number(f.s),
    sectionId: Number(f.x),
    action: f.a as DecisionEntry['action'],
    outcome: f.o as DecisionEntry['outcome'],
    reason: f.rsn || null,
    position: num(f.pos),
    lectureId: num(f.lec),
    credits: num(f.cr),
    decidedAt: Number(f.t),
    acceptedAt: num(f.ta),
    promoted: f.p === '1',
    staffId: num(f.staff),
  };
}
