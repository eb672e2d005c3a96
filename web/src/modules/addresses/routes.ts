import type { PageRoute } from '../../web-module.ts';

export const addressRoutes: PageRoute[] = [
  { pattern: '/c/:slug/addresses', src: 'src/modules/addresses/pages/AddressBook.tsx', load: () => import('./pages/AddressBook.tsx') },
];
