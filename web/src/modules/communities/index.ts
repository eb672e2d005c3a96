// The communities module's web side: the list of communities and a community's home (rendered
// first by the server), which links to each module's sections, and the community's settings, whose
// changes that weaken a check wait for a supervisor (src/modules/communities on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { communityRoutes } from './routes.ts';

export const communities = defineWebModule({
  name: 'communities',
  routes: communityRoutes,
  strings: { zh, en },
  homeSections: [
    {
      title: 'sections.settings',
      note: 'sections.settingsNote',
      to: (slug) => `/c/${slug}/settings`,
      shownTo: ({ roles, isPlatformAdmin }) => isPlatformAdmin || roles.includes('staff') || roles.includes('supervisor'),
      order: 93,
    },
  ],
});
