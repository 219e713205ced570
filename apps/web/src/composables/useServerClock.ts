import { ref } from 'vue';

/**
 * The countdown must follow the server's clock, not the student's (a phone five minutes fast must
 * not show "open" early). We keep the offset between the two, estimated NTP-style: the server read
 * its clock roughly halfway between our send and our receive.
 */
export function computeClockOffset(serverTimeIso: string, sentAtMs: number, receivedAtMs: number): number {
  const serverMs = Date.parse(serverTimeIso);
  if (Number.isNaN(serverMs)) return 0;
  return Math.round(serverMs - (sentAtMs + receivedAtMs) / 2);
}

const offsetMs = ref(0);
/** Round-trip of the sample we trust; a faster round-trip gives a tighter estimate. */
let bestRoundTrip = Infinity;

export function recordServerTime(serverTimeIso: string, sentAtMs: number, receivedAtMs: number): void {
  const roundTrip = receivedAtMs - sentAtMs;
  // Keep the best sample, but let a much later one win so a sleeping laptop's drift is corrected.
  if (roundTrip <= bestRoundTrip * 1.5 || !Number.isFinite(bestRoundTrip)) {
    bestRoundTrip = Math.min(bestRoundTrip, roundTrip);
    offsetMs.value = computeClockOffset(serverTimeIso, sentAtMs, receivedAtMs);
  }
}

export function serverNow(): number {
  return Date.now() + offsetMs.value;
}

export function useServerClock() {
  return { offsetMs, serverNow, recordServerTime };
}
