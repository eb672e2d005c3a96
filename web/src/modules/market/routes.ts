import type { PageRoute } from '../../web-module.ts';
import { shopUrls } from './urls.ts';

export const marketRoutes: PageRoute[] = [
  {
    pattern: '/c/:slug/shop',
    src: 'src/modules/market/pages/Store.tsx',
    load: () => import('./pages/Store.tsx'),
    firstData: ({ slug = '' }) => [shopUrls.categories(slug), shopUrls.firstListings(slug)],
  },
  {
    pattern: '/c/:slug/shop/:listingId',
    src: 'src/modules/market/pages/Product.tsx',
    load: () => import('./pages/Product.tsx'),
    // Only a listing's number is rendered first; anything else is the browser's to show as not found.
    firstData: ({ slug = '', listingId = '' }) => (/^[1-9]\d{0,9}$/.test(listingId) ? [shopUrls.listing(slug, Number(listingId))] : null),
  },
  { pattern: '/c/:slug/cart', src: 'src/modules/market/pages/Cart.tsx', load: () => import('./pages/Cart.tsx') },
  { pattern: '/c/:slug/orders', src: 'src/modules/market/pages/Orders.tsx', load: () => import('./pages/Orders.tsx') },
  { pattern: '/c/:slug/counter', src: 'src/modules/market/pages/Counter.tsx', load: () => import('./pages/Counter.tsx') },
  // The shop's full-screen touch terminal: no site header.
  { pattern: '/c/:slug/kiosk', src: 'src/modules/market/pages/Kiosk.tsx', load: () => import('./pages/Kiosk.tsx'), fullScreen: true },
  { pattern: '/c/:slug/maker', src: 'src/modules/market/pages/Maker.tsx', load: () => import('./pages/Maker.tsx') },
  { pattern: '/c/:slug/shop-admin', src: 'src/modules/market/pages/ShopAdmin.tsx', load: () => import('./pages/ShopAdmin.tsx') },
];
