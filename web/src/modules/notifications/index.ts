// The notifications module's web side: the header's inbox link with my unread count, my inbox, my
// channels and quiet hours with WeChat binding, and the staff's record of what went out by text and
// WeChat (src/modules/notifications on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { InboxLink } from './InboxLink.tsx';
import { notificationRoutes } from './routes.ts';

export const notifications = defineWebModule({
  name: 'notifications',
  routes: notificationRoutes,
  strings: { zh, en },
  headerItems: [InboxLink],
  homeSections: [
    {
      title: 'sections.deliveries',
      note: 'sections.deliveriesNote',
      to: (slug) => `/c/${slug}/notifications`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 92,
    },
  ],
});
