// The people module's web side: the resident register for staff (the list, registering a resident at
// the desk with or without a phone, a child with a guardian's consent, a person's page with their
// household, sensitive tags read on request and their consents), and the resident's own entry with
// registering their child (src/modules/people on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { peopleRoutes } from './routes.ts';

export const people = defineWebModule({
  name: 'people',
  routes: peopleRoutes,
  strings: { zh, en },
  homeSections: [
    {
      title: 'sections.register',
      note: 'sections.registerNote',
      to: (slug) => `/c/${slug}/people`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 86,
    },
  ],
  accountLinks: [{ title: 'mine.title', to: (slug) => `/c/${slug}/my/profile`, order: 10 }],
});
