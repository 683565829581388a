/**
 * The console's screens. Hash history (`/console/#/units/…`): the server serves one page and its
 * bundled files, and never has to know the console's paths. Every screen but sign-in needs a
 * session; one opened without it goes to sign-in and comes back after.
 */
import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import { get } from './api';
import { endSession, session } from './session';
import type { Me } from './types';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/dashboard' },
    {
      path: '/dashboard',
      name: 'dashboard',
      component: () => import('./views/DashboardView.vue'),
      meta: { title: '看板' },
    },
    {
      path: '/sign-in',
      name: 'sign-in',
      component: () => import('./views/SignIn.vue'),
      meta: { title: '登录' },
    },
    {
      path: '/units',
      name: 'units',
      component: () => import('./views/UnitsView.vue'),
      meta: { title: '单元' },
    },
    {
      path: '/units/:unitId',
      component: () => import('./views/UnitView.vue'),
      props: true,
      children: [
        {
          path: '',
          name: 'unit',
          component: () => import('./views/UnitRoster.vue'),
          meta: { title: '名册' },
        },
        {
          path: 'ballot',
          name: 'unit-ballot',
          component: () => import('./views/UnitBallot.vue'),
          meta: { title: '表决' },
        },
        {
          path: 'plans',
          name: 'unit-plans',
          component: () => import('./views/UnitPlans.vue'),
          meta: { title: '方案与分摊' },
        },
        {
          path: 'follow-up',
          name: 'unit-follow-up',
          component: () => import('./views/UnitFollowUp.vue'),
          meta: { title: '异议、提醒与时限' },
        },
        {
          path: 'lifecycle',
          name: 'unit-lifecycle',
          component: () => import('./views/UnitLifecycle.vue'),
          meta: { title: '报批与施工' },
        },
        {
          path: 'payments',
          name: 'unit-payments',
          component: () => import('./views/UnitPayments.vue'),
          meta: { title: '交费' },
        },
        {
          path: 'timeline',
          name: 'unit-timeline',
          component: () => import('./views/UnitTimeline.vue'),
          meta: { title: '经过' },
        },
        {
          path: 'simulate',
          name: 'unit-simulate',
          component: () => import('./views/UnitSimulate.vue'),
          meta: { title: '分摊模拟' },
        },
      ],
    },
    {
      path: '/import',
      name: 'import',
      component: () => import('./views/ImportView.vue'),
      meta: { title: '导入名册' },
    },
    {
      path: '/tokens',
      name: 'tokens',
      component: () => import('./views/TokensView.vue'),
      meta: { title: '工作口令' },
    },
    { path: '/:rest(.*)*', redirect: '/dashboard' },
  ],
});

/** Restores who is signed in after a reload: the token is in sessionStorage, `GET /me` says who. */
async function ensureSignedIn(to: RouteLocationNormalized) {
  if (to.name === 'sign-in') return true;
  const next = { name: 'sign-in', query: { next: to.fullPath } };
  if (session.token === null) return next;
  if (session.me !== null) return true;
  try {
    session.me = await get<Me>('/me');
    return true;
  } catch {
    endSession();
    return next;
  }
}

router.beforeEach(ensureSignedIn);
router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = `${title ? `${title} · ` : ''}加梯 · 居委会工作台`;
});
