import { onScopeDispose, ref, watch, type Ref } from 'vue';
import type { CurrentWindow, OpenTime } from '@/api/types';
import { serverNow } from './useServerClock';

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole seconds, rounded up so "00:00" shows only once the moment has really come. */
export function splitDuration(ms: number): DurationParts {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2일 03:04:05", "03:04:05", or "04:05" under an hour. */
export function formatCountdown(ms: number, t: (key: string, params?: Record<string, unknown>) => string): string {
  const { days, hours, minutes, seconds } = splitDuration(ms);
  const clock = days || hours ? `${two(hours)}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
  return days ? `${t('window.days', { n: days })} ${clock}` : clock;
}

export type WindowPhase =
  | { state: 'open'; window: OpenTime; targetMs: number }
  | { state: 'upcoming'; window: OpenTime; targetMs: number }
  | { state: 'none' };

/** What the countdown should count to: the close of the open window, else the next opening. */
export function windowPhase(answer: Pick<CurrentWindow, 'current' | 'next'> | null, nowMs: number): WindowPhase {
  const current = answer?.current;
  if (current && Date.parse(current.startsAt) <= nowMs && nowMs < Date.parse(current.endsAt)) {
    return { state: 'open', window: current, targetMs: Date.parse(current.endsAt) };
  }
  for (const candidate of [current, answer?.next]) {
    if (candidate && Date.parse(candidate.startsAt) > nowMs) {
      return { state: 'upcoming', window: candidate, targetMs: Date.parse(candidate.startsAt) };
    }
  }
  return { state: 'none' };
}

/** Milliseconds left to `target` on the server clock, ticking four times a second. */
export function useCountdown(target: Ref<number | null>, onZero?: () => void) {
  const remaining = ref(0);
  let fired = false;
  const tick = () => {
    remaining.value = target.value === null ? 0 : Math.max(0, target.value - serverNow());
    if (target.value !== null && remaining.value === 0 && !fired) {
      fired = true;
      onZero?.();
    }
  };
  watch(target, () => {
    fired = false;
    tick();
  });
  tick();
  const timer = setInterval(tick, 250);
  onScopeDispose(() => clearInterval(timer));
  return remaining;
}
