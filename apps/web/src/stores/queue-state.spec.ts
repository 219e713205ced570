import { describe, expect, it } from 'vitest';
import { applyDecision, applyPosition, grantedNotYetListed, isWaiting, markDropped, mergeView, orderedRequests, type RequestMap, type TrackedRequest } from './queue-state';

const queued = (requestId: string, sectionId: number, position: number, etaSeconds = 10) =>
  ({ requestId, sectionId, status: 'QUEUED', position, etaSeconds }) as const;

describe('waiting-line state', () => {
  it('tracks a 202 answer and remembers the first ETA as the bar’s starting point', () => {
    const map = mergeView({}, queued('a', 1, 500, 40), 1000);
    expect(map.a).toMatchObject({ status: 'QUEUED', position: 500, etaSeconds: 40, initialEta: 40, since: 1000 });
  });

  it('applies position ticks only to our pending requests and keeps the largest "ahead" as 0 %', () => {
    let map: RequestMap = mergeView(mergeView({}, queued('a', 1, 500)), queued('b', 2, 501));
    map = applyDecision(map, { requestId: 'b', sectionId: 2, status: 'ENROLLED' });
    map = applyPosition(map, {
      decidedUpTo: 100,
      requests: [
        { requestId: 'a', position: 500, ahead: 400, etaSeconds: 20 },
        { requestId: 'b', position: 501, ahead: 401, etaSeconds: 20 },
        { requestId: 'zzz', position: 1, ahead: 1, etaSeconds: 1 },
      ],
    });
    map = applyPosition(map, { decidedUpTo: 300, requests: [{ requestId: 'a', position: 500, ahead: 200, etaSeconds: 10 }] });
    expect(map.a).toMatchObject({ ahead: 200, initialAhead: 400, etaSeconds: 10 });
    expect(map.b).toMatchObject({ status: 'ENROLLED', ahead: 0 });
    expect(map.zzz).toBeUndefined();
  });

  it('RANDOM_AT_OPEN: shows when the draw is held until the draw gives the request its place', () => {
    const drawAt = '2026-03-02T09:00:10.000Z';
    let map = mergeView({}, { requestId: 'a', sectionId: 1, status: 'QUEUED', drawAt, etaSeconds: 8 });
    expect(map.a).toMatchObject({ drawAt, etaSeconds: 8, initialEta: 8 });
    expect(map.a?.position).toBeUndefined();
    map = applyPosition(map, { decidedUpTo: 0, requests: [], drawing: [{ requestId: 'a', drawAt, etaSeconds: 3 }] });
    expect(map.a).toMatchObject({ drawAt, etaSeconds: 3 });
    // A polled answer or a tick with a place: the draw is over for it.
    map = applyPosition(map, { decidedUpTo: 10, requests: [{ requestId: 'a', position: 40, ahead: 29, etaSeconds: 2 }] });
    expect(map.a).toMatchObject({ position: 40, ahead: 29 });
    expect(map.a?.drawAt).toBeUndefined();
    map = applyPosition(map, { decidedUpTo: 10, requests: [], drawing: [{ requestId: 'a', drawAt, etaSeconds: 0 }] });
    expect(map.a?.drawAt).toBeUndefined();
  });

  it('records a decision with its reason and never lets a late poll turn it back into QUEUED', () => {
    let map = mergeView({}, queued('a', 1, 5));
    map = applyDecision(map, { requestId: 'a', sectionId: 1, status: 'REJECTED', reason: 'TIME_CONFLICT', conflictSectionId: 9 }, 2000);
    map = mergeView(map, queued('a', 1, 5));
    expect(map.a).toMatchObject({ status: 'REJECTED', reason: 'TIME_CONFLICT', conflictSectionId: 9, decidedAt: 2000, etaSeconds: 0 });
  });

  it('a waitlisted request is still waiting (the page follows it), and its promotion lands', () => {
    let map = applyDecision(mergeView({}, queued('w', 3, 8)), { requestId: 'w', sectionId: 3, status: 'WAITLISTED' }, 1000);
    expect(isWaiting(map.w!)).toBe(true);
    map = applyDecision(map, { requestId: 'w', sectionId: 3, status: 'ENROLLED' }, 5000);
    expect(map.w).toMatchObject({ status: 'ENROLLED' });
    expect(isWaiting(map.w!)).toBe(false);
  });

  it('a dropped section: its granted request reads Dropped, others are untouched', () => {
    let map = applyDecision(mergeView({}, queued('g', 3, 8)), { requestId: 'g', sectionId: 3, status: 'ENROLLED' }, 1000);
    map = applyDecision(mergeView(map, queued('h', 4, 9)), { requestId: 'h', sectionId: 4, status: 'ENROLLED' }, 1000);
    map = markDropped(map, 3, 9000);
    expect(map.g).toMatchObject({ status: 'DROPPED', decidedAt: 9000 });
    expect(map.h).toMatchObject({ status: 'ENROLLED' });
  });

  it('accepts a decision for a request made in another tab', () => {
    const map = applyDecision({}, { requestId: 'x', sectionId: 4, status: 'WAITLISTED' });
    expect(map.x?.status).toBe('WAITLISTED');
  });

  it('lists pending requests first in line order, then decisions newest first', () => {
    let map: RequestMap = {};
    map = mergeView(map, queued('later', 1, 9), 1);
    map = mergeView(map, queued('sooner', 2, 4), 2);
    map = mergeView(map, { requestId: 'done-1', sectionId: 3, status: 'ENROLLED' }, 3);
    map = mergeView(map, { requestId: 'done-2', sectionId: 4, status: 'REJECTED', reason: 'SECTION_FULL' }, 4);
    expect(orderedRequests(map).map((r) => r.requestId)).toEqual(['sooner', 'later', 'done-2', 'done-1']);
  });
});

describe('grantedNotYetListed', () => {
  const now = 1_000_000;
  const r = (sectionId: number, status: TrackedRequest['status'], decidedAt?: number): TrackedRequest => ({ requestId: `r${sectionId}`, sectionId, status, since: now - 90_000, decidedAt });
  it('names recent grants the committed list lacks, and nothing else', () => {
    const requests = [r(1, 'ENROLLED', now - 1000), r(2, 'ENROLLED', now - 500), r(3, 'REJECTED', now - 100), r(4, 'QUEUED'), r(5, 'ENROLLED', now - 120_000)];
    expect(grantedNotYetListed(requests, new Set([1]), now)).toEqual([2]);
    expect(grantedNotYetListed(requests, new Set([1, 2]), now)).toEqual([]);
    // A grant decided long ago and missing since (dropped, say) is not waited for.
    expect(grantedNotYetListed([r(5, 'ENROLLED', now - 120_000)], new Set(), now)).toEqual([]);
  });
});
