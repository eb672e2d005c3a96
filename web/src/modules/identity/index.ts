// The identity module's web side: logging in and registering, my account, and a community's members
// with their roles and 代办 consent, and the proposals to appoint a supervisor (src/modules/identity on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { identityRoutes } from './routes.ts';

export const identity = defineWebModule({
  name: 'identity',
  routes: identityRoutes,
  strings: { zh, en },
  // The server's identity module declares these two until the organisations and volunteers modules land.
  roles: { org_leader: 30, volunteer: 40 },
  homeSections: [
    {
      title: 'sections.members',
      note: 'sections.membersNote',
      to: (slug) => `/c/${slug}/members`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 90,
    },
    {
      title: 'sections.appointments',
      note: 'sections.appointmentsNote',
      to: (slug) => `/c/${slug}/appointments`,
      shownTo: ({ roles, isPlatformAdmin }) => isPlatformAdmin || roles.includes('staff') || roles.includes('supervisor'),
      order: 91,
    },
  ],
});
