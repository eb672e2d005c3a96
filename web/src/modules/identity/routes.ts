import type { PageRoute } from '../../web-module.ts';

export const identityRoutes: PageRoute[] = [
  { pattern: '/login', src: 'src/modules/identity/pages/Login.tsx', load: () => import('./pages/Login.tsx') },
  { pattern: '/register', src: 'src/modules/identity/pages/Register.tsx', load: () => import('./pages/Register.tsx') },
  { pattern: '/me', src: 'src/modules/identity/pages/Account.tsx', load: () => import('./pages/Account.tsx') },
  { pattern: '/me/data', src: 'src/modules/identity/pages/MyData.tsx', load: () => import('./pages/MyData.tsx') },
  { pattern: '/c/:slug/members', src: 'src/modules/identity/pages/Members.tsx', load: () => import('./pages/Members.tsx') },
  { pattern: '/c/:slug/consents', src: 'src/modules/identity/pages/ConsentReview.tsx', load: () => import('./pages/ConsentReview.tsx') },
  { pattern: '/c/:slug/my/consents', src: 'src/modules/identity/pages/MyConsents.tsx', load: () => import('./pages/MyConsents.tsx') },
  {
    pattern: '/c/:slug/appointments',
    src: 'src/modules/identity/pages/Appointments.tsx',
    load: () => import('./pages/Appointments.tsx'),
  },
];
