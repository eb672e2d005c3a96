import type { PageRoute } from '../../web-module.ts';
import { fundUrls } from './urls.ts';

export const ledgerRoutes: PageRoute[] = [
  {
    pattern: '/c/:slug/fund',
    src: 'src/modules/ledger/pages/Fund.tsx',
    load: () => import('./pages/Fund.tsx'),
    firstData: ({ slug = '' }) => [fundUrls.summary(slug), fundUrls.accounts(slug), fundUrls.firstEntries(slug)],
  },
  { pattern: '/c/:slug/fund/work', src: 'src/modules/ledger/pages/FundWork.tsx', load: () => import('./pages/FundWork.tsx') },
  { pattern: '/c/:slug/fund/source/:type/:id', src: 'src/modules/ledger/pages/FundSource.tsx', load: () => import('./pages/FundSource.tsx') },
];
