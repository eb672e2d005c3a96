// The market module's public API (微益+ shop).
export { marketRoutes } from './market.routes.ts';
export { registerPaymentProvider, type PaymentProvider } from './market.payments.ts';
export { splitLabel } from './market.present.ts';
export { marketDemoStep } from './market.demo.ts';
export { counterSale } from './counter.service.ts';
// The fund's public source page shows orders and maker payouts through the market's presenters.
import './market.sources.ts';
