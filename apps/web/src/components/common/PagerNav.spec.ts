import { describe, expect, it } from 'vitest';
import { mountWith } from '../../../test/mount';
import PagerNav from './PagerNav.vue';

describe('PagerNav', () => {
  it('moves focus to Prev when Next brings the last page and goes disabled (focus fell to the body)', async () => {
    const wrapper = mountWith(PagerNav, { page: 5, size: 10, total: 60 }, 'ko', document.body);
    const next = wrapper.get('[data-testid="page-next"]');
    (next.element as HTMLButtonElement).focus();
    await next.trigger('click');
    expect(wrapper.emitted('go')).toEqual([[6]]);
    await wrapper.setProps({ page: 6 });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(wrapper.get('[data-testid="page-prev"]').element);
    wrapper.unmount();
  });
});
