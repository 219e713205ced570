import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Section } from '@/api/types';
import { useCartStore } from '@/stores/cart';
import { useQueueStore } from '@/stores/queue';
import { errorMessage } from './useErrorMessage';

/** Add-to-cart and enroll-now with one busy flag per section and one status line for the page. */
export function useSectionActions() {
  const { t } = useI18n();
  const cart = useCartStore();
  const queue = useQueueStore();
  const busy = ref<Set<number>>(new Set());
  const message = ref<{ text: string; tone: 'ok' | 'error'; queued?: boolean } | null>(null);

  async function guarded(section: Section, action: () => Promise<string>, queued = false) {
    if (busy.value.has(section.id)) return;
    busy.value = new Set([...busy.value, section.id]);
    queue.remember(section);
    try {
      message.value = { text: await action(), tone: 'ok', queued };
    } catch (err) {
      message.value = { text: `${section.lectureName}: ${errorMessage(err, t)}`, tone: 'error' };
    } finally {
      const next = new Set(busy.value);
      next.delete(section.id);
      busy.value = next;
    }
  }

  const addToCart = (section: Section) =>
    guarded(section, async () => {
      await cart.add(section);
      return `${section.lectureName}: ${t('cart.added')}`;
    });

  const enrollNow = (section: Section) =>
    guarded(
      section,
      async () => {
        await queue.enroll(section.id);
        return `${section.lectureName}: ${t('queue.queued', { n: 1 })}`;
      },
      true,
    );

  return { busy, message, addToCart, enrollNow };
}
