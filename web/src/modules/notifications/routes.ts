import type { PageRoute } from '../../web-module.ts';

export const notificationRoutes: PageRoute[] = [
  { pattern: '/me/notifications', src: 'src/modules/notifications/pages/Inbox.tsx', load: () => import('./pages/Inbox.tsx') },
  { pattern: '/me/notifications/settings', src: 'src/modules/notifications/pages/Settings.tsx', load: () => import('./pages/Settings.tsx') },
  // Where WeChat's 网页授权 sends the person back, with ?code=&state= (the server names this address).
  { pattern: '/me/wechat', src: 'src/modules/notifications/pages/WeChatReturn.tsx', load: () => import('./pages/WeChatReturn.tsx') },
  { pattern: '/c/:slug/notifications', src: 'src/modules/notifications/pages/Deliveries.tsx', load: () => import('./pages/Deliveries.tsx') },
];
