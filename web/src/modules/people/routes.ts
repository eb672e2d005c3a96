import type { PageRoute } from '../../web-module.ts';

export const peopleRoutes: PageRoute[] = [
  { pattern: '/c/:slug/people', src: 'src/modules/people/pages/People.tsx', load: () => import('./pages/People.tsx') },
  { pattern: '/c/:slug/people/enrol', src: 'src/modules/people/pages/Enrol.tsx', load: () => import('./pages/Enrol.tsx') },
  // Not under /people/: a person's number would share the enrol form's address.
  { pattern: '/c/:slug/person/:userId', src: 'src/modules/people/pages/Person.tsx', load: () => import('./pages/Person.tsx') },
  { pattern: '/c/:slug/my/profile', src: 'src/modules/people/pages/MyProfile.tsx', load: () => import('./pages/MyProfile.tsx') },
];
