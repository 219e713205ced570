/** One decision as the Lua gate appends it to the decision stream (field names are the Lua's). */
export interface DecisionEntry {
  seq: number;
  requestId: string;
  studentId: number;
  sectionId: number;
  action: 'ENROLL' | 'DROP';
  outcome: 'ENROLLED' | 'REJECTED' | 'WAITLISTED' | 'DROPPED' | 'CANCELLED';
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

/** The packed field's order (libs/engine/src/lua/includes/decideEnroll.lua, emitDecision). */
const PACKED = ['r', 's', 'x', 'a', 'o', 'rsn', 'pos', 'lec', 'cr', 't', 'ta', 'p', 'staff'] as const;

/**
 * Parses an XRANGE/XREAD entry: id `<seq>-1` and either one packed field `d` (pipe-separated, in
 * PACKED order) or, from an engine before the packing, one field per value.
 */
export function parseDecisionEntry(id: string, fields: string[]): DecisionEntry {
  const f: Record<string, string> = {};
  if (fields.length === 2 && fields[0] === 'd') {
    const v = fields[1]!.split('|');
    for (let i = 0; i < PACKED.length; i++) f[PACKED[i]!] = v[i] ?? '';
  } else {
    for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  }
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  return {
    seq: Number(id.slice(0, id.indexOf('-'))),
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
