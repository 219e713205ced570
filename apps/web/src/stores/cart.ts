import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { studentApi } from '@/api/student';
import type { Section } from '@/api/types';

export const useCartStore = defineStore('cart', () => {
  const items = ref<Section[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const ids = computed(() => new Set(items.value.map((s) => s.id)));
  const credits = computed(() => items.value.reduce((sum, s) => sum + s.credits, 0));

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      items.value = await studentApi.cart();
      loaded.value = true;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  async function add(section: Section) {
    await studentApi.addToCart(section.id);
    if (!ids.value.has(section.id)) items.value = [...items.value, section];
  }

  async function remove(sectionId: number) {
    await studentApi.removeFromCart(sectionId);
    items.value = items.value.filter((s) => s.id !== sectionId);
  }

  function reset() {
    items.value = [];
    loaded.value = false;
  }

  return { items, loaded, loading, error, ids, credits, load, add, remove, reset };
});
