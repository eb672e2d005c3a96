// The ledger module's web side: the community fund's public page (rendered first by the server),
// the sources of its entries, and the fund work of staff and supervisors (src/modules/ledger on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { ledgerRoutes } from './routes.ts';

export const ledger = defineWebModule({
  name: 'ledger',
  routes: ledgerRoutes,
  strings: { zh, en },
  homeSections: [
    { title: 'sections.fund', note: 'sections.fundNote', to: (slug) => `/c/${slug}/fund`, order: 10 },
    {
      title: 'sections.fundWork',
      note: 'sections.fundWorkNote',
      to: (slug) => `/c/${slug}/fund/work`,
      shownTo: ({ roles }) => roles.includes('staff') || roles.includes('supervisor'),
      order: 80,
    },
  ],
});
