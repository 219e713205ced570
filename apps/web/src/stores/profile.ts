import { defineStore } from 'pinia';
import { ref } from 'vue';
import { studentApi } from '@/api/student';
import type { Enrollment, StudentProfile, Timetable } from '@/api/types';
import { useQueueStore } from './queue';

/** The signed-in student: profile, committed enrollments and the timetable they make. */
export const useProfileStore = defineStore('profile', () => {
  const me = ref<StudentProfile | null>(null);
  const timetable = ref<Timetable | null>(null);
  const enrollments = ref<Enrollment[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function refresh() {
    loading.value = true;
    error.value = null;
    try {
      const [profile, table, list] = await Promise.all([studentApi.me(), studentApi.timetable(), studentApi.enrollments()]);
      me.value = profile;
      timetable.value = table;
      enrollments.value = list;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  async function drop(sectionId: number) {
    await studentApi.drop(sectionId);
    // The waiting-line page and the catalogue read the granted request: it said Enrolled after the drop.
    useQueueStore().dropped(sectionId);
    await refresh();
  }

  function reset() {
    me.value = null;
    timetable.value = null;
    enrollments.value = [];
  }

  return { me, timetable, enrollments, loading, error, refresh, drop, reset };
});
