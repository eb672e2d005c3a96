import { api, query } from '../../api.ts';
import type { CategoriesView, ListingsView, ListingView } from '../../../../src/modules/market/index.ts';
import { marketBase, shopUrls } from './urls.ts';

// The shop's API (src/modules/market on the server), under /api/v1/communities/:slug/market: its
// answers typed by the server's schemas (type-only: nothing of the server is bundled).
export type {
  ListingView as Listing,
  ListingsView as Listings,
  CategoriesView as Categories,
  OrderView as Order,
  OrdersView as Orders,
  ReceiptView as Receipt,
  RefundView as Refund,
  CashUpView,
  PaymentInput as Payment,
  MakerView as Maker,
  MakersView as Makers,
  MyMakerView as MyMaker,
  MakerSummaryView as MakerSummary,
  PayoutView,
  PayoutsView as Payouts,
  WorkersView as Workers,
  ShiftsView as Shifts,
  WageRunView as WageRun,
  CreateListingInput as ListingInput,
  ListingActionInput,
} from '../../../../src/modules/market/index.ts';
export type Split = ListingView['split'];
export { marketBase, shopUrls, STORE_PAGE } from './urls.ts';
// The shop's staff pick residents from the identity module's member list.
export type { MembersView as Members } from '../../../../src/modules/identity/index.ts';
export type { CommunityView as Community } from '../../../../src/modules/communities/index.ts';

export const market = {
  categories: (slug: string) => api.get<CategoriesView>(shopUrls.categories(slug)),
  listings: (slug: string, params: { q?: string; category?: string; limit?: number; offset?: number }) =>
    api.get<ListingsView>(`${marketBase(slug)}/listings${query(params)}`),
  listing: (slug: string, id: number) => api.get<ListingView>(shopUrls.listing(slug, id)),
};

// --- the cart, kept on this device per community

export interface CartLine {
  listingId: number;
  slotId?: number;
  quantity: number;
  title: string;
  split: Split;
}

const cartKey = (slug: string) => `weiyi.cart.${slug}`;

export function readCart(slug: string): CartLine[] {
  try {
    const raw = localStorage.getItem(cartKey(slug));
    return raw ? (JSON.parse(raw) as CartLine[]) : [];
  } catch {
    return [];
  }
}

export function writeCart(slug: string, lines: CartLine[]) {
  try {
    if (lines.length === 0) localStorage.removeItem(cartKey(slug));
    else localStorage.setItem(cartKey(slug), JSON.stringify(lines));
  } catch {
    // No storage (private mode): the cart lives only in memory for this page.
  }
}

export function addToCart(lines: CartLine[], listing: ListingView, quantity: number, slotId?: number): CartLine[] {
  const same = (l: CartLine) => l.listingId === listing.id && l.slotId === slotId;
  if (lines.some(same)) return lines.map((l) => (same(l) ? { ...l, quantity: l.quantity + quantity } : l));
  return [...lines, { listingId: listing.id, ...(slotId ? { slotId } : {}), quantity, title: listing.title, split: listing.split }];
}

export function cartTotals(lines: CartLine[]) {
  return lines.reduce(
    (t, l) => ({
      count: t.count + l.quantity,
      totalFen: t.totalFen + l.split.priceFen * l.quantity,
      makerTakeFen: t.makerTakeFen + l.split.makerTakeFen * l.quantity,
      fundFen: t.fundFen + l.split.fundFen * l.quantity,
    }),
    { count: 0, totalFen: 0, makerTakeFen: 0, fundFen: 0 },
  );
}
