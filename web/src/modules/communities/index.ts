// The communities module's web side: the list of communities and a community's home (rendered
// first by the server), which links to each module's sections (src/modules/communities on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { communityRoutes } from './routes.ts';

export const communities = defineWebModule({
  name: 'communities',
  routes: communityRoutes,
  strings: { zh, en },
});
