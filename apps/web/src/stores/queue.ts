import type { DecisionEvent, EnrollmentRequestView, PositionEvent } from '@app/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { catalogueApi } from '@/api/catalogue';
import { readEventStream, type SseEvent } from '@/api/sse';
import { studentApi } from '@/api/student';
import type { Section } from '@/api/types';
import { applyDecision, applyPosition, isPending, isWaiting, markDropped, mergeView, orderedRequests, type RequestMap } from './queue-state';

export type LineState = 'idle' | 'connecting' | 'live' | 'polling';

const POLL_MS = 1000;
/** While the stream is live we still check now and then: a decision made before it opened is not replayed. */
const SAFETY_POLL_MS = 5000;

/** Idempotency keys must also work on plain-http hosts where crypto.randomUUID is missing. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The student's waiting line: live over SSE, falling back to polling each request. */
export const useQueueStore = defineStore('queue', () => {
  const requests = ref<RequestMap>({});
  const state = ref<LineState>('idle');
  const sections = ref<Record<number, Section>>({});
  const list = computed(() => orderedRequests(requests.value));
  const pending = computed(() => list.value.filter(isPending));
  /** Queued or waitlisted: the stream (or polling) stays on while any is, so a promotion shows. */
  const waiting = computed(() => list.value.filter(isWaiting));
  /** Bumped on every decision; pages watch it to refresh the timetable and cart. */
  const decisions = ref(0);

  let owner: number | null = null;
  let controller: AbortController | null = null;
  let running = false;

  const storageKey = () => `goorm.queue.${owner}`;
  const persist = () => {
    try {
      sessionStorage.setItem(storageKey(), JSON.stringify(requests.value));
    } catch {}
  };

  /** Requests survive a reload within the tab, per student. */
  function attach(studentId: number) {
    if (owner === studentId) return;
    stop();
    owner = studentId;
    try {
      requests.value = JSON.parse(sessionStorage.getItem(storageKey()) ?? '{}') as RequestMap;
    } catch {
      requests.value = {};
    }
    // Names for the restored cards (a reload showed "#18" for every section it had not seen since).
    for (const r of Object.values(requests.value)) {
      void ensureSection(r.sectionId);
      void ensureSection(r.conflictSectionId);
    }
    if (waiting.value.length) void run();
    void adoptWaiting(studentId);
  }

  /** The waiting requests again (the queue page, each time it opens: one made on another device since). */
  function refreshWaiting() {
    if (owner !== null) void adoptWaiting(owner);
  }

  /** Requests made in another tab or on another device: this tab's line starts with them too (it showed none). */
  async function adoptWaiting(studentId: number) {
    try {
      const views = await studentApi.waitingRequests();
      if (owner !== studentId) return;
      for (const view of views) track(view);
    } catch {}
  }

  function remember(section: Section) {
    sections.value = { ...sections.value, [section.id]: section };
  }

  /** Names for decisions about sections we have not seen (or the section a clash is with). */
  async function ensureSection(id: number | undefined) {
    if (!id || sections.value[id]) return;
    try {
      remember(await catalogueApi.section(id));
    } catch {}
  }

  function track(view: EnrollmentRequestView) {
    const before = requests.value[view.requestId];
    requests.value = mergeView(requests.value, view);
    afterChange(before?.status, view);
  }

  function afterChange(previous: string | undefined, view: EnrollmentRequestView) {
    void ensureSection(view.sectionId);
    void ensureSection(view.conflictSectionId);
    if (view.status !== 'QUEUED' && previous !== view.status) decisions.value++;
    persist();
    if (waiting.value.length) void run();
  }

  async function enroll(sectionId: number, waitlist = false) {
    const view = await studentApi.enroll(sectionId, newKey(), waitlist);
    track(view);
    return view;
  }

  /**
   * Leaves the waitlist (or the line): the request is CANCELLED and can no longer be granted. Never a
   * drop: a request promoted to a seat meanwhile answers 409 ALREADY_ENROLLED, and the card shows the seat.
   */
  async function withdraw(requestId: string) {
    try {
      const answer = await studentApi.withdraw(requestId);
      track({ requestId, sectionId: answer.sectionId, status: 'CANCELLED' });
      return answer;
    } catch (err) {
      try {
        track(await studentApi.requestStatus(requestId));
      } catch {}
      throw err;
    }
  }

  async function enrollFromCart(waitlist = false) {
    const answer = await studentApi.enrollFromCart(newKey(), waitlist);
    for (const view of answer.requests) track(view);
    return answer;
  }

  function onEvent(event: SseEvent) {
    try {
      if (event.event === 'position') {
        requests.value = applyPosition(requests.value, JSON.parse(event.data) as PositionEvent);
        persist();
      } else if (event.event === 'decision') {
        const decision = JSON.parse(event.data) as DecisionEvent;
        const before = requests.value[decision.requestId];
        // Decisions for requests made in another tab still belong in this student's line.
        requests.value = applyDecision(requests.value, decision);
        afterChange(before?.status, decision);
      }
    } catch {}
  }

  async function pollOnce() {
    await Promise.all(
      waiting.value.map(async (r) => {
        try {
          track(await studentApi.requestStatus(r.requestId));
        } catch {}
      }),
    );
  }

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', wake, { once: true });
    });

  /** One loop per store: stream while it works, poll each second while it does not, stop when nothing is pending. */
  async function run() {
    if (running) return;
    running = true;
    controller = new AbortController();
    const { signal } = controller;
    let failures = 0;
    try {
      while (!signal.aborted && waiting.value.length) {
        state.value = 'connecting';
        const streamDone = new AbortController();
        signal.addEventListener('abort', () => streamDone.abort(), { once: true });
        const safety = setInterval(() => void pollOnce(), SAFETY_POLL_MS);
        const stopWhenIdle = setInterval(() => !waiting.value.length && streamDone.abort(), 500);
        try {
          const onOpen = () => {
            state.value = 'live';
            failures = 0;
            void pollOnce();
          };
          await readEventStream('/api/me/requests/stream', { onOpen, onEvent }, streamDone.signal);
        } catch {
          failures++;
        } finally {
          clearInterval(safety);
          clearInterval(stopWhenIdle);
        }
        if (signal.aborted || !waiting.value.length) break;
        // The stream failed or ended: poll for a while, longer after repeated failures, then retry it.
        state.value = 'polling';
        const until = Date.now() + Math.min(30_000, 2000 * 2 ** Math.min(failures, 4));
        while (!signal.aborted && waiting.value.length && Date.now() < until) {
          await pollOnce();
          await sleep(POLL_MS, signal);
        }
      }
    } finally {
      running = false;
      state.value = 'idle';
    }
  }

  function stop() {
    controller?.abort();
    controller = null;
  }

  /** A seat the student gave up (timetable, section page): its card and the catalogue stop saying Enrolled. */
  function dropped(sectionId: number) {
    requests.value = markDropped(requests.value, sectionId);
    decisions.value++;
    persist();
  }

  function clearFinished() {
    requests.value = Object.fromEntries(Object.entries(requests.value).filter(([, r]) => isWaiting(r)));
    persist();
  }

  function reset() {
    stop();
    owner = null;
    requests.value = {};
  }

  return { requests, list, pending, waiting, state, sections, decisions, attach, remember, ensureSection, enroll, enrollFromCart, withdraw, track, dropped, refreshWaiting, clearFinished, stop, reset };
});
