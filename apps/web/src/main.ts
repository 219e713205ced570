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
  // An expired or revoked token: end the session and come back here after signing in again.
  onUnauthenticated: () => {
    const current = router.currentRoute.value;
    const role = session.role;
    session.signOut();
    void router.push({ name: role === 'staff' ? 'staff-login' : 'student-login', query: { redirect: current.fullPath, expired: '1' } });
  },
});

app.mount('#app');
