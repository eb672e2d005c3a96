// The market module's web side: 微益+, the community shop (store, product, cart, orders; rendered
// first by the server: store and product), the counter and the kiosk, the maker's pages and the
// shop's back office (src/modules/market on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { marketRoutes } from './routes.ts';

const isShopWorker = ({ roles }: { roles: readonly string[] }) => roles.includes('clerk') || roles.includes('staff');

export const market = defineWebModule({
  name: 'market',
  routes: marketRoutes,
  strings: { zh, en },
  roles: { maker: 20, clerk: 50 },
  homeSections: [
    { title: 'sections.shop', note: 'sections.shopNote', to: (slug) => `/c/${slug}/shop`, order: 20 },
    { title: 'sections.orders', note: 'sections.ordersNote', to: (slug) => `/c/${slug}/orders`, shownTo: ({ signedIn }) => signedIn, order: 30 },
    { title: 'sections.counter', note: 'sections.counterNote', to: (slug) => `/c/${slug}/counter`, shownTo: isShopWorker, order: 40 },
    { title: 'sections.kiosk', note: 'sections.kioskNote', to: (slug) => `/c/${slug}/kiosk`, shownTo: isShopWorker, order: 50 },
    { title: 'sections.maker', note: 'sections.makerNote', to: (slug) => `/c/${slug}/maker`, shownTo: ({ roles }) => roles.includes('maker'), order: 60 },
    {
      title: 'sections.becomeMaker',
      note: 'sections.becomeMakerNote',
      to: (slug) => `/c/${slug}/maker`,
      // A member who is not a maker yet may apply.
      shownTo: ({ roles }) => roles.length > 0 && !roles.includes('maker'),
      order: 60,
    },
    {
      title: 'sections.shopAdmin',
      note: 'sections.shopAdminNote',
      to: (slug) => `/c/${slug}/shop-admin`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 70,
    },
  ],
});
