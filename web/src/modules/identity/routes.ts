import type { PageRoute } from '../../web-module.ts';

export const identityRoutes: PageRoute[] = [
  { pattern: '/login', src: 'src/modules/identity/pages/Login.tsx', load: () => import('./pages/Login.tsx') },
  { pattern: '/register', src: 'src/modules/identity/pages/Register.tsx', load: () => import('./pages/Register.tsx') },
  { pattern: '/me', src: 'src/modules/identity/pages/Account.tsx', load: () => import('./pages/Account.tsx') },
  { pattern: '/c/:slug/members', src: 'src/modules/identity/pages/Members.tsx', load: () => import('./pages/Members.tsx') },
  {
    pattern: '/c/:slug/appointments',
    src: 'src/modules/identity/pages/Appointments.tsx',
    load: () => import('./pages/Appointments.tsx'),
  },
];
