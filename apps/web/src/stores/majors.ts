import { defineStore } from 'pinia';
import { ref } from 'vue';
import { catalogueApi } from '@/api/catalogue';
import type { Major } from '@/api/types';

/** Majors change rarely: read once per session for filters and labels. */
export const useMajorsStore = defineStore('majors', () => {
  const list = ref<Major[]>([]);
  let loading: Promise<void> | null = null;

  function load(force = false) {
    if (force || !loading) {
      loading = catalogueApi
        .majors()
        .then((majors) => {
          list.value = majors;
        })
        .catch(() => {
          loading = null;
        });
    }
    return loading;
  }

  const name = (id: unknown) => list.value.find((m) => m.id === Number(id))?.name ?? (id === null || id === undefined ? '' : `#${String(id)}`);

  return { list, load, name };
});
