import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureHttp } from './api/http';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
const i18n = createAppI18n();
const router = createAppRouter();
app.use(pinia).use(i18n).use(router);
document.documentElement.lang = i18n.global.locale.value;

const session = useSessionStore(pinia);
configureHttp({
  token: () => session.token(),
  ensureFresh: () => session.ensureFresh(),
  refresh: () => session.refresh(),
  // Refreshing could not help (revoked, or signed out elsewhere): sign in again and come back here.
  onUnauthenticated: () => {
    const current = router.currentRoute.value;
    const role = session.role;
    if (!role) return;
    session.signOut();
    void router.push({ name: role === 'staff' ? 'staff-login' : 'student-login', query: { redirect: current.fullPath, expired: '1' } });
  },
});

app.mount('#app');
