import { api, query } from './api.ts';

// Shapes of the shop API (src/modules/market/market.schemas.ts), under /api/v1/communities/:slug/market.

export interface Split {
  priceFen: number;
  makerTakeFen: number;
  fundFen: number;
  label: string;
}
export interface Listing {
  id: number;
  code: string;
  barcode: string | null;
  kind: 'good' | 'service' | 'performance';
  title: string;
  description: string;
  category: string;
  photos: { sha256: string; url: string; thumbnailUrl: string }[];
  split: Split;
  fundSharePercent: number | null;
  state: string;
  stock: number | null;
  maker: { id: number; name: string; kind: string };
  slots: { id: number; startsAt: string; endsAt: string; capacity: number; available: number }[];
  reviewNote: string | null;
}
export interface OrderLine {
  lineNo: number;
  listingId: number;
  slotId: number | null;
  title: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  makerTakeFen: number;
  fundFen: number;
  makerName: string;
  splitLabel: string;
}
export type OrderState = 'placed' | 'paid' | 'ready' | 'completed' | 'cancelled' | 'refunded';
export interface Order {
  id: number;
  number: string;
  channel: 'online' | 'counter' | 'kiosk';
  state: OrderState;
  fulfilment: 'counter' | 'pickup' | 'delivery';
  deliveryAddress: string | null;
  note: string | null;
  buyerId: number | null;
  totalFen: number;
  makerTakeFen: number;
  fundFen: number;
  refundedFen: number;
  payment: { method: 'cash' | 'qr' | 'online'; reference: string | null; tenderedFen: number | null; changeFen: number | null; paidAt: string } | null;
  lines: OrderLine[];
  createdAt: string;
}
export interface Receipt {
  community: string;
  order: Order;
  lines: string[];
  totalText: string;
  splitText: string;
}
export interface CashUpView {
  id: number | null;
  businessDate: string;
  openingFloatFen: number;
  cashSalesFen: number;
  cashRefundsFen: number;
  cashPayoutsFen: number;
  expectedFen: number;
  countedFen: number | null;
  varianceFen: number | null;
  clerk: string | null;
  staff: string | null;
  note: string | null;
}
export type Payment = { method: 'cash'; tenderedFen?: number } | { method: 'qr'; reference?: string } | { method: 'online' };

export const marketBase = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}/market`;

export const market = {
  categories: (slug: string) => api.get<{ categories: { name: string; count: number }[] }>(`${marketBase(slug)}/categories`),
  listings: (slug: string, params: { q?: string; category?: string; limit?: number; offset?: number }) =>
    api.get<{ listings: Listing[]; total: number }>(`${marketBase(slug)}/listings${query(params)}`),
  listing: (slug: string, id: number) => api.get<Listing>(`${marketBase(slug)}/listings/${id}`),
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

export function addToCart(lines: CartLine[], listing: Listing, quantity: number, slotId?: number): CartLine[] {
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
