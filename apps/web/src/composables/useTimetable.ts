import type { Meeting } from '@/api/types';

export interface TimetableEntry extends Meeting {
  sectionId: number;
  lectureName: string;
  professorName?: string;
  /** A section still in the cart, drawn dashed in the preview. */
  planned?: boolean;
}

export interface TimetableBlock extends TimetableEntry {
  /** CSS grid placement: column 1 holds the period labels, row 1 the day names. */
  column: number;
  rowStart: number;
  rowEnd: number;
  /** Side-by-side placement when meetings overlap: this block's lane out of `lanes`. */
  lane: number;
  lanes: number;
  conflict: boolean;
  conflictWith: number[];
}

export interface TimetableLayout {
  days: number[];
  periods: number[];
  blocks: TimetableBlock[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** Periods are inclusive: 1–2 and 2–3 share period 2. */
export function meetingsOverlap(a: Meeting, b: Meeting): boolean {
  return a.day === b.day && a.startPeriod <= b.endPeriod && b.startPeriod <= a.endPeriod;
}

export function schedulesOverlap(a: Meeting[], b: Meeting[]): boolean {
  return a.some((m) => b.some((n) => meetingsOverlap(m, n)));
}

/**
 * Lays meetings out on a week grid. Weekdays always show, weekend days only when used; overlapping
 * meetings share their cell in lanes (interval-graph colouring per cluster), and any overlap between
 * two different sections is flagged as a conflict so the grid can outline it.
 */
export function layoutTimetable(entries: TimetableEntry[], minPeriods = 9): TimetableLayout {
  const days = [...new Set([...WEEKDAYS, ...entries.map((e) => e.day)])].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const lastPeriod = Math.max(minPeriods, ...entries.map((e) => e.endPeriod));
  const periods = Array.from({ length: lastPeriod }, (_, i) => i + 1);

  const blocks: TimetableBlock[] = [];
  for (const day of days) {
    const today = entries
      .filter((e) => e.day === day)
      .sort((a, b) => a.startPeriod - b.startPeriod || a.endPeriod - b.endPeriod || a.sectionId - b.sectionId);
    let cluster: TimetableBlock[] = [];
    let clusterEnd = -Infinity;
    const laneEnds: number[] = [];
    const closeCluster = () => {
      for (const block of cluster) block.lanes = laneEnds.length;
      cluster = [];
      laneEnds.length = 0;
    };
    for (const entry of today) {
      if (entry.startPeriod > clusterEnd) closeCluster();
      let lane = laneEnds.findIndex((end) => end < entry.startPeriod);
      if (lane === -1) lane = laneEnds.push(entry.endPeriod) - 1;
      else laneEnds[lane] = entry.endPeriod;
      const conflictWith = [
        ...new Set(today.filter((o) => o.sectionId !== entry.sectionId && meetingsOverlap(o, entry)).map((o) => o.sectionId)),
      ];
      const block: TimetableBlock = {
        ...entry,
        column: days.indexOf(day) + 2,
        rowStart: entry.startPeriod + 1,
        rowEnd: entry.endPeriod + 2,
        lane,
        lanes: 1,
        conflict: conflictWith.length > 0,
        conflictWith,
      };
      cluster.push(block);
      blocks.push(block);
      clusterEnd = Math.max(clusterEnd, entry.endPeriod);
    }
    closeCluster();
  }
  return { days, periods, blocks };
}

/** Names of already-scheduled lectures a candidate section would clash with (catalogue badges). */
export function clashingLectures(candidate: { id: number; meetings: Meeting[] }, scheduled: TimetableEntry[]): string[] {
  const names = scheduled
    .filter((s) => s.sectionId !== candidate.id && candidate.meetings.some((m) => meetingsOverlap(m, s)))
    .map((s) => s.lectureName);
  return [...new Set(names)];
}

/** Turns sections into grid entries (one per meeting). */
export function sectionEntries(
  sections: { id: number; lectureName: string; professorName?: string; meetings: Meeting[] }[],
  planned = false,
): TimetableEntry[] {
  return sections.flatMap((s) =>
    s.meetings.map((m) => ({ ...m, sectionId: s.id, lectureName: s.lectureName, professorName: s.professorName, planned })),
  );
}

/** A stable colour per section, spread around the hue wheel by the golden angle. */
export function sectionHue(sectionId: number): number {
  return Math.round((sectionId * 137.508) % 360);
}

/** "월 1–2교시, 수 3교시" in the current language. */
export function formatMeetings(meetings: Meeting[], t: (key: string, params?: Record<string, unknown>) => string): string {
  return [...meetings]
    .sort((a, b) => a.day - b.day || a.startPeriod - b.startPeriod)
    .map((m) => {
      const periods =
        m.startPeriod === m.endPeriod ? t('period.one', { n: m.startPeriod }) : t('period.range', { start: m.startPeriod, end: m.endPeriod });
      return `${t(`day.${m.day}`)} ${periods}`;
    })
    .join(', ');
}
