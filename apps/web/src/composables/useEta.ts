type T = (key: string, params?: Record<string, unknown>) => string;

/**
 * "약 5초", "약 2분 10초", "약 1시간 5분"; under 2 s there is nothing worth counting. With people
 * still ahead, a zero ETA means no decisions were measured yet (opening, or workers paused): "estimating".
 */
export function formatEta(seconds: number | null | undefined, t: T, ahead?: number): string {
  const kind = etaKind(seconds, ahead);
  if (kind !== 'counted') return t(`eta.${kind}`);
  const s = Math.ceil(seconds!);
  if (s < 60) return t('eta.seconds', { s });
  if (s < 3600) return t('eta.minutes', { m: Math.floor(s / 60), s: s % 60 });
  return t('eta.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

/** No estimate, a moment, or a count worth saying. */
function etaKind(seconds: number | null | undefined, ahead?: number): 'unknown' | 'soon' | 'counted' {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 1 && ahead !== undefined && ahead > 0) return 'unknown';
  return seconds < 2 ? 'soon' : 'counted';
}

/** The request card's sentence: "About 5s to go", or a sentence of its own for a moment and for no estimate. */
export function etaSentence(seconds: number | null | undefined, t: T, ahead?: number): string {
  const kind = etaKind(seconds, ahead);
  if (kind === 'soon') return t('queue.etaSoon');
  if (kind === 'unknown') return t('queue.etaUnknown');
  return t('queue.eta', { eta: formatEta(seconds, t, ahead) });
}

/**
 * Share of the line already behind us, 0..1. `initialAhead` is how many were ahead when we first
 * heard; when the line only grew since, the bar stays at 0 rather than going backwards.
 */
export function queueProgress(initialAhead: number | null | undefined, ahead: number | null | undefined): number {
  if (ahead === null || ahead === undefined) return 0;
  if (ahead <= 0) return 1;
  if (!initialAhead || initialAhead <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - ahead / initialAhead));
}
