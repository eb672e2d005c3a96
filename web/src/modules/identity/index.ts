// The identity module's web side: logging in and registering (the number proven by a code), my
// account, my consents and my data (see, download, close), a community's members with their roles
// and consents (代办, a family carer) and the paper consents awaiting a second staff member, and the
// proposals to appoint a supervisor (src/modules/identity on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { identityRoutes } from './routes.ts';

// For other modules' pages: a person's consents (the people register's person page), picking a member.
export { ConsentPanel } from './consents/ConsentPanel.tsx';
export { MemberPicker } from './consents/MemberPicker.tsx';
export type { Member } from './api.ts';

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
      title: 'sections.review',
      note: 'sections.reviewNote',
      to: (slug) => `/c/${slug}/consents`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 89,
    },
    {
      title: 'sections.appointments',
      note: 'sections.appointmentsNote',
      to: (slug) => `/c/${slug}/appointments`,
      shownTo: ({ roles, isPlatformAdmin }) => isPlatformAdmin || roles.includes('staff') || roles.includes('supervisor'),
      order: 91,
    },
  ],
  accountLinks: [{ title: 'mine.title', to: (slug) => `/c/${slug}/my/consents`, order: 20 }],
});
