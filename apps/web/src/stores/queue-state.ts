import type { DecisionEvent, EnrollmentRequestView, PositionEvent, RequestStatus } from '@app/contracts';

/** One request as the waiting-line page shows it. */
export interface TrackedRequest {
  requestId: string;
  sectionId: number;
  status: RequestStatus;
  reason?: EnrollmentRequestView['reason'];
  conflictSectionId?: number;
  position?: number;
  /** RANDOM_AT_OPEN: when the draw that gives it a place is held (ISO), while it has none. */
  drawAt?: string;
  ahead?: number;
  /** How many were ahead when we first heard: the progress bar's 0 %. */
  initialAhead?: number;
  etaSeconds?: number;
  initialEta?: number;
  /** When we first heard of it (client clock: only for ordering the list). */
  since: number;
  decidedAt?: number;
}

export type RequestMap = Record<string, TrackedRequest>;

export const isPending = (r: TrackedRequest) => r.status === 'QUEUED';
/** Still waiting for a seat, in line or on the waitlist: the page follows it until it is decided for good. */
export const isWaiting = (r: TrackedRequest) => r.status === 'QUEUED' || r.status === 'WAITLISTED';

/**
 * Sections this tab saw granted in the last `withinMs` that the committed list does not show yet.
 * A decision reaches the page the moment it is made; its enrollment is in MySQL a few ms later —
 * or seconds later, after a worker restart, once the new committer has taken over.
 */
export function grantedNotYetListed(requests: TrackedRequest[], listed: ReadonlySet<number>, now = Date.now(), withinMs = 60_000): number[] {
  return requests
    .filter((r) => r.status === 'ENROLLED' && !listed.has(r.sectionId) && now - (r.decidedAt ?? r.since) <= withinMs)
    .map((r) => r.sectionId);
}

/** A 202 answer or a polled status: new requests join, known ones update without losing history. */
export function mergeView(map: RequestMap, view: EnrollmentRequestView, now = Date.now()): RequestMap {
  const known = map[view.requestId];
  // A late poll answer must not turn a decided request back into QUEUED.
  if (known && !isPending(known) && view.status === 'QUEUED') return map;
  const next: TrackedRequest = {
    ...known,
    requestId: view.requestId,
    sectionId: view.sectionId,
    status: view.status,
    reason: view.reason,
    conflictSectionId: view.conflictSectionId,
    position: view.position ?? known?.position,
    // Kept until a place arrives (the draw gave it one).
    drawAt: (view.position ?? known?.position) !== undefined ? undefined : (view.drawAt ?? known?.drawAt),
    etaSeconds: view.etaSeconds ?? known?.etaSeconds,
    since: known?.since ?? now,
  };
  // Until position events tell us how many are ahead, the first ETA is the progress bar's 0 %.
  if (next.initialEta === undefined && view.etaSeconds !== undefined) next.initialEta = view.etaSeconds;
  if (view.status !== 'QUEUED' && !known?.decidedAt) next.decidedAt = now;
  return { ...map, [view.requestId]: next };
}

/** The student dropped the section: the request that had been granted it reads Dropped, not Enrolled. */
export function markDropped(map: RequestMap, sectionId: number, now = Date.now()): RequestMap {
  let out = map;
  for (const r of Object.values(map)) {
    if (r.sectionId === sectionId && r.status === 'ENROLLED') out = { ...out, [r.requestId]: { ...r, status: 'DROPPED', decidedAt: now } };
  }
  return out;
}

/** Position ticks come for all of the caller's queued requests at once. */
export function applyPosition(map: RequestMap, event: PositionEvent): RequestMap {
  let out = map;
  for (const tick of event.requests ?? []) {
    const known = out[tick.requestId];
    if (!known || !isPending(known)) continue;
    out = {
      ...out,
      [tick.requestId]: {
        ...known,
        position: tick.position,
        drawAt: undefined,
        ahead: tick.ahead,
        etaSeconds: tick.etaSeconds,
        initialAhead: Math.max(known.initialAhead ?? 0, tick.ahead),
      },
    };
  }
  // Requests still waiting for a RANDOM_AT_OPEN draw: no place yet, the wait until the draw.
  for (const d of event.drawing ?? []) {
    const known = out[d.requestId];
    if (!known || !isPending(known) || known.position !== undefined) continue;
    out = { ...out, [d.requestId]: { ...known, drawAt: d.drawAt, etaSeconds: d.etaSeconds } };
  }
  return out;
}

export function applyDecision(map: RequestMap, event: DecisionEvent, now = Date.now()): RequestMap {
  const merged = mergeView(map, event, now);
  const r = merged[event.requestId];
  if (r && !isPending(r)) merged[event.requestId] = { ...r, ahead: 0, etaSeconds: 0 };
  return merged;
}

/** Pending first, in line order (the next to be decided on top); then decisions, newest first. */
export function orderedRequests(map: RequestMap): TrackedRequest[] {
  const line = (r: TrackedRequest) => r.position ?? Number.MAX_SAFE_INTEGER;
  return Object.values(map).sort((a, b) => {
    if (isPending(a) !== isPending(b)) return isPending(a) ? -1 : 1;
    if (isPending(a)) return line(a) - line(b) || a.since - b.since;
    return (b.decidedAt ?? b.since) - (a.decidedAt ?? a.since);
  });
}
