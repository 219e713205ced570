import type { DecisionEntry } from './decision-entry.js';

export interface BatchPlan {
  /** (student, section) pairs whose enrollment row must go (dropped in this batch). */
  deletes: { studentId: number; sectionId: number }[];
  /** Rows to insert: pairs whose last decision in the batch is ENROLLED. */
  inserts: DecisionEntry[];
  /** Section id → change of enrolled_count. */
  countDeltas: Map<number, number>;
  /** Requests whose waitlist row must be written (their last decision is WAITLISTED). */
  waitlistInserts: DecisionEntry[];
  /** Requests whose waitlist row must go (promoted, then enrolled or rejected). */
  waitlistDeletes: string[];
  /** The last decision of each request: one decision_log row each. */
  log: DecisionEntry[];
}

/**
 * Folds a batch of decisions, in seq order, into the net writes. Deleting before inserting is
 * safe because the batch's end state is consistent (the gate saw to that): a student who drops
 * section A of a lecture and takes section B of it in the same batch ends with only B.
 */
export function planBatch(entries: readonly DecisionEntry[]): BatchPlan {
  const lastPair = new Map<string, DecisionEntry>();
  const dropped = new Map<string, { studentId: number; sectionId: number }>();
  const countDeltas = new Map<number, number>();
  const lastByRequest = new Map<string, DecisionEntry>();
  for (const e of entries) {
    const pair = `${e.studentId}:${e.sectionId}`;
    lastByRequest.set(e.requestId, e);
    if (e.outcome === 'ENROLLED') {
      lastPair.set(pair, e);
      countDeltas.set(e.sectionId, (countDeltas.get(e.sectionId) ?? 0) + 1);
    } else if (e.outcome === 'DROPPED') {
      lastPair.set(pair, e);
      dropped.set(pair, { studentId: e.studentId, sectionId: e.sectionId });
      countDeltas.set(e.sectionId, (countDeltas.get(e.sectionId) ?? 0) - 1);
    }
  }
  const log = [...lastByRequest.values()];
  return {
    deletes: [...dropped.values()],
    inserts: [...lastPair.values()].filter((e) => e.outcome === 'ENROLLED'),
    countDeltas,
    waitlistInserts: log.filter((e) => e.outcome === 'WAITLISTED'),
    // Promoted off the waitlist (to a seat or a rejection), or withdrawn by the student.
    waitlistDeletes: log.filter((e) => (e.promoted && e.outcome !== 'WAITLISTED') || e.outcome === 'CANCELLED').map((e) => e.requestId),
    log,
  };
}
