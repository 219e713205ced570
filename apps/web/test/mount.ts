import { mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia } from 'pinia';
import type { Component } from 'vue';
import { createAppI18n, type Locale } from '@/i18n';

/** Mounts a component with the real i18n catalogue, a fresh Pinia and stubbed router links. */
export function mountWith<C extends Component>(component: C, props: Record<string, unknown>, locale: Locale = 'ko', attachTo?: HTMLElement) {
  return mount(component as Component, {
    props,
    ...(attachTo ? { attachTo } : {}),
    global: { plugins: [createAppI18n(locale), createPinia()], stubs: { RouterLink: RouterLinkStub } },
  });
}
