// The market module's web side: 微益+, the community shop (store, product, cart, orders; rendered
// first by the server: store and product), the counter and the kiosk, the maker's pages and the
// shop's back office (src/modules/market on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { marketRoutes } from './routes.ts';

export const market = defineWebModule({
  name: 'market',
  routes: marketRoutes,
  strings: { zh, en },
  roles: { maker: 20, clerk: 50 },
});
