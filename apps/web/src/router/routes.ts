import type { RouteRecordRaw } from 'vue-router';
import CataloguePage from '@/pages/student/CataloguePage.vue';
import StudentLoginPage from '@/pages/student/LoginPage.vue';

/**
 * `meta.layout` picks the frame (App.vue), `meta.role` guards the page (access.ts).
 * Student pages are small; staff pages are lazy chunks so students never download them.
 */
declare module 'vue-router' {
  interface RouteMeta {
    layout?: 'student' | 'staff' | 'bare';
    role?: 'student' | 'staff';
    /** i18n key of the page title, for document.title. */
    title?: string;
  }
}

const student = (title: string) => ({ layout: 'student' as const, role: 'student' as const, title });
const staff = (title: string) => ({ layout: 'staff' as const, role: 'staff' as const, title });

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'student-catalogue' } },
  { path: '/login', name: 'student-login', component: StudentLoginPage, meta: { layout: 'bare', title: 'auth.studentTitle' } },
  { path: '/student', name: 'student-home', redirect: { name: 'student-catalogue' } },
  { path: '/student/catalogue', name: 'student-catalogue', component: CataloguePage, meta: student('nav.catalogue') },
  { path: '/student/sections/:id(\\d+)', name: 'student-section', component: () => import('@/pages/student/SectionPage.vue'), meta: student('section.title') },
  { path: '/student/cart', name: 'student-cart', component: () => import('@/pages/student/CartPage.vue'), meta: student('nav.cart') },
  { path: '/student/queue', name: 'student-queue', component: () => import('@/pages/student/QueuePage.vue'), meta: student('nav.queue') },
  { path: '/student/account', name: 'student-account', component: () => import('@/pages/student/AccountPage.vue'), meta: student('account.title') },
  { path: '/student/timetable', name: 'student-timetable', component: () => import('@/pages/student/TimetablePage.vue'), meta: student('nav.timetable') },

  { path: '/staff/login', name: 'staff-login', component: () => import('@/pages/staff/LoginPage.vue'), meta: { layout: 'bare', title: 'auth.staffTitle' } },
  { path: '/staff', name: 'staff-home', redirect: { name: 'staff-dashboard' } },
  { path: '/staff/dashboard', name: 'staff-dashboard', component: () => import('@/pages/staff/DashboardPage.vue'), meta: staff('staff.dashboard') },
  { path: '/staff/sections/:id(\\d+)/roster', name: 'staff-roster', component: () => import('@/pages/staff/RosterPage.vue'), meta: staff('staff.roster') },
  { path: '/staff/students/:id(\\d+)/act', name: 'staff-act', component: () => import('@/pages/staff/ActForStudentPage.vue'), meta: staff('staff.actFor') },
  { path: '/staff/audit', name: 'staff-audit', component: () => import('@/pages/staff/AuditPage.vue'), meta: staff('audit.title') },
  { path: '/staff/:resource', name: 'staff-resource', component: () => import('@/pages/staff/ResourcePage.vue'), meta: staff('staff.title') },

  { path: '/:pathMatch(.*)*', redirect: { name: 'student-catalogue' } },
];
