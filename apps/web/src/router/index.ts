import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import { decideAccess } from './access';
import { routes } from './routes';

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach((to) => {
    const session = useSessionStore();
    const decision = decideAccess(to.meta, { role: session.role, valid: session.valid });
    if (decision.allow) return true;
    const toLogin = decision.redirect.endsWith('login');
    return { name: decision.redirect, query: toLogin ? { redirect: to.fullPath } : {} };
  });

  return router;
}
