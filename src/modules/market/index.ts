// The market module: 微益+, the community shop (makers, listings, consignment stock, orders, the
// counter and kiosk, payouts, cash-up, the shop's paid jobs).
import { defineModule } from '../../platform/module.ts';
import { communities } from '../communities/index.ts';
import { identity } from '../identity/index.ts';
import { notifications } from '../notifications/index.ts';
import { ledger } from '../ledger/index.ts';
import { marketDemoStep } from './market.demo.ts';
import { MARKET_ERRORS } from './market.errors.ts';
import { DevPaymentProvider } from './market.payments.ts';
import { releaseUnpaidJob } from './market.holds.ts';
import { marketRoutes } from './market.routes.ts';
import { marketPersonalData } from './market.privacy.ts';
import { MARKET_SOURCES } from './market.sources.ts';

export type { PaymentProvider } from './market.payments.ts';
export { splitLabel } from './market.present.ts';
export { counterSale } from './counter.service.ts';
// The shapes of its answers and requests, for the web app (type-only imports: nothing of the server is bundled).
export type {
  MakerView,
  MakersView,
  MyMakerView,
  MakerSummaryView,
  ListingView,
  ListingsView,
  CategoriesView,
  CreateListingInput,
  ListingActionInput,
  OrderView,
  OrdersView,
  ReceiptView,
  RefundView,
  PaymentInput,
  CashUpView,
  PayoutView,
  PayoutsView,
  WorkerView,
  WorkersView,
  ShiftView,
  ShiftsView,
  WageRunView,
} from './market.schemas.ts';

export const market = defineModule({
  name: 'market',
  dependsOn: [identity, communities, notifications, ledger],
  migrations: new URL('./migrations/', import.meta.url),
  personalData: marketPersonalData,
  routes: marketRoutes,
  errors: MARKET_ERRORS,
  roles: {
    maker: { zh: '社区达人', en: 'Maker' },
    clerk: { zh: '店员', en: 'Shop clerk' },
  },
  demo: marketDemoStep,
  // The fund's public source page shows orders and maker payouts through these.
  ledgerSources: MARKET_SOURCES,
  paymentProviders: () => [new DevPaymentProvider()],
  jobs: { releaseUnpaid: releaseUnpaidJob },
  // Makers' photos and listings' photos: a file no longer named by either is swept after its grace period.
  fileReferences: [
    { table: 'market_makers', column: 'photo_sha256' },
    { table: 'market_listings', column: 'photos', many: true },
  ],
});

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    'market.releaseUnpaid': { communityId: number; orderId: number };
  }
}

declare module '../../platform/context.ts' {
  interface RoleNames {
    maker: true;
    clerk: true;
  }
}
