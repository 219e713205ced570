import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { catalogueApi } from '@/api/catalogue';
import type { CurrentWindow } from '@/api/types';
import { windowPhase } from '@/composables/useCountdown';
import { recordServerTime, serverNow } from '@/composables/useServerClock';

/** The caller's registration window and the server clock it is measured by. */
export const useWindowStore = defineStore('registration-window', () => {
  const answer = ref<CurrentWindow | null>(null);
  const error = ref<unknown>(null);
  // Re-evaluated every half second so the phase flips from "upcoming" to "open" on its own.
  const now = ref(serverNow());
  let timer: ReturnType<typeof setInterval> | null = null;

  const phase = computed(() => windowPhase(answer.value, now.value));

  async function load() {
    try {
      const sentAt = Date.now();
      const result = await catalogueApi.currentWindow();
      recordServerTime(result.serverTime, sentAt, Date.now());
      answer.value = result;
      error.value = null;
    } catch (err) {
      error.value = err;
    }
    now.value = serverNow();
    timer ??= setInterval(() => (now.value = serverNow()), 500);
  }

  return { answer, error, phase, load };
});
