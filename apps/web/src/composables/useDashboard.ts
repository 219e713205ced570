import { onScopeDispose, ref } from 'vue';
import { adminApi } from '@/api/admin';
import { catalogueApi } from '@/api/catalogue';
import type { QueueStats, Section } from '@/api/types';
import { parsePrometheus, pickMetric, pushBounded, ratesBy, sumBy, type MetricSample } from './useMetrics';

/**
 * Metric names belong to the operations work (issue 7) and may still change, so each panel looks for
 * the first of a few candidates; a panel whose metric is missing says so instead of showing zeros.
 */
export const METRIC_CANDIDATES = {
  accepted: [/enroll(ment)?_requests?_(accepted_)?total$/, /requests_accepted_total$/, /accepted_total$/],
  decisions: [/enroll(ment)?_decisions_total$/, /decisions_total$/],
  // Per major first: the plain total has no label to split by.
  seats: [/seats_(left|remaining)_by_major$/, /seats_(left|remaining)$/],
};
const OUTCOME_LABELS = ['outcome', 'status', 'result', 'reason'];
const MAJOR_LABELS = ['major', 'major_name', 'majorName', 'major_id'];

interface Snapshot {
  at: number;
  accepted: Record<string, number> | null;
  decisions: Record<string, number> | null;
}

export interface MetricsSummary {
  acceptedPerSecond: number | null;
  decisionsPerSecond: Record<string, number> | null;
  seatsByMajor: Record<string, number> | null;
}

const labelOf = (samples: MetricSample[], name: string, candidates: string[]) =>
  candidates.find((label) => samples.some((s) => s.name === name && label in s.labels)) ?? '';

/** Turns two /metrics scrapes into the dashboard's rates and gauges. */
export function summarizeMetrics(previous: Snapshot | null, samples: MetricSample[], at: number): { summary: MetricsSummary; snapshot: Snapshot } {
  const acceptedName = pickMetric(samples, METRIC_CANDIDATES.accepted);
  const decisionsName = pickMetric(samples, METRIC_CANDIDATES.decisions);
  const seatsName = pickMetric(samples, METRIC_CANDIDATES.seats);
  // Only requests that joined the line count as accepted (not replays, 400s or closed-window 403s).
  const acceptedByOutcome = acceptedName ? sumBy(samples, acceptedName, labelOf(samples, acceptedName, ['outcome'])) : null;
  const accepted = acceptedByOutcome ? { '': acceptedByOutcome.accepted ?? (acceptedByOutcome[''] ?? 0) } : null;
  const decisions = decisionsName ? sumBy(samples, decisionsName, labelOf(samples, decisionsName, OUTCOME_LABELS)) : null;
  const seats = seatsName ? sumBy(samples, seatsName, labelOf(samples, seatsName, MAJOR_LABELS)) : null;
  const elapsed = previous ? at - previous.at : 0;
  return {
    summary: {
      acceptedPerSecond: accepted && previous?.accepted ? (ratesBy(previous.accepted, accepted, elapsed)[''] ?? 0) : null,
      decisionsPerSecond: decisions && previous?.decisions ? ratesBy(previous.decisions, decisions, elapsed) : null,
      seatsByMajor: seats,
    },
    snapshot: { at, accepted, decisions },
  };
}

export interface DashboardPoint {
  at: number;
  waiting: number;
  inLine: number;
  decided: number;
  committed: number;
  accepted: number | null;
}

/**
 * Requests accepted per second, read off the line itself: what joined it is its growth plus what
 * left it (decided). Used when the API's accepted counter is absent or not counting yet.
 */
export function estimateAcceptedPerSecond(previous: { at: number; inLine: number } | undefined, current: { at: number; inLine: number; decided: number }): number | null {
  if (!previous || current.at <= previous.at) return null;
  return Math.max(0, (current.inLine - previous.inLine) / ((current.at - previous.at) / 1000) + current.decided);
}

/** A panel with nothing but zeros has nothing to show yet (or its metric lives in another process). */
export function hasSignal(data: Record<string, number> | null): data is Record<string, number> {
  return !!data && Object.values(data).some((v) => v > 0);
}

/** Seats left per major from catalogue rows (the fallback when /metrics has no per-major gauge). */
export function seatsByMajorFrom(sections: Pick<Section, 'majorName' | 'remaining'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sections) out[s.majorName] = (out[s.majorName] ?? 0) + Math.max(0, s.remaining);
  return out;
}

/** Catalogue pages read for the fallback; a slow refresh keeps the dashboard cheap on opening day. */
const SEAT_PAGES = 30;
const SEAT_REFRESH_MS = 15_000;

async function catalogueSeats(): Promise<Record<string, number>> {
  const rows: Section[] = [];
  for (let page = 1; page <= SEAT_PAGES; page++) {
    const answer = await catalogueApi.sections({ page, size: 100 });
    rows.push(...answer.items);
    if (rows.length >= answer.total || !answer.items.length) break;
  }
  return seatsByMajorFrom(rows);
}

/** Polls the queue and /metrics once a second while the page is open. */
export function useDashboard(intervalMs = 1000) {
  const stats = ref<QueueStats | null>(null);
  const summary = ref<MetricsSummary>({ acceptedPerSecond: null, decisionsPerSecond: null, seatsByMajor: null });
  const history = ref<DashboardPoint[]>([]);
  const acceptedPerSecond = ref<number | null>(null);
  const failed = ref(false);
  const paused = ref(false);
  let snapshot: Snapshot | null = null;
  let busy = false;
  let seatsFromCatalogue: Record<string, number> | null = null;
  let seatsReadAt = 0;

  async function tick() {
    if (busy || paused.value) return;
    busy = true;
    try {
      const [queue, metricsText] = await Promise.all([adminApi.queue(), adminApi.metrics().catch(() => null)]);
      const at = Date.now();
      stats.value = queue;
      if (metricsText !== null) {
        const next = summarizeMetrics(snapshot, parsePrometheus(metricsText), at);
        snapshot = next.snapshot;
        summary.value = next.summary;
      }
      if (!hasSignal(summary.value.seatsByMajor)) {
        if (at - seatsReadAt > SEAT_REFRESH_MS) {
          seatsReadAt = at;
          seatsFromCatalogue = await catalogueSeats().catch(() => seatsFromCatalogue);
        }
        summary.value = { ...summary.value, seatsByMajor: seatsFromCatalogue };
      }
      const inLine = queue.inLine ?? queue.waiting;
      const metric = summary.value.acceptedPerSecond;
      const derived = estimateAcceptedPerSecond(history.value.at(-1), { at, inLine, decided: queue.decidedPerSecond });
      const accepted = metric !== null && metric > 0 ? metric : derived;
      acceptedPerSecond.value = accepted;
      history.value = pushBounded(history.value, { at, waiting: queue.waiting, inLine, decided: queue.decidedPerSecond, committed: queue.committedPerSecond, accepted });
      failed.value = false;
    } catch {
      failed.value = true;
    } finally {
      busy = false;
    }
  }

  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return { stats, summary, acceptedPerSecond, history, failed, paused };
}
