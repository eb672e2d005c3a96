import type { PageRoute } from '../../web-module.ts';
import { communityUrl } from './urls.ts';

export const communityRoutes: PageRoute[] = [
  { pattern: '/', src: 'src/modules/communities/pages/CommunityList.tsx', load: () => import('./pages/CommunityList.tsx') },
  {
    pattern: '/c/:slug',
    src: 'src/modules/communities/pages/CommunityHome.tsx',
    load: () => import('./pages/CommunityHome.tsx'),
    firstData: ({ slug = '' }) => [communityUrl(slug)],
  },
  { pattern: '/c/:slug/settings', src: 'src/modules/communities/pages/Settings.tsx', load: () => import('./pages/Settings.tsx') },
];
