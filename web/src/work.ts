import { api, query } from './api.ts';
import { marketBase, type Listing } from './market.ts';

// Shapes of the work APIs: makers, payouts and shop jobs (src/modules/market/market.schemas.ts).

export interface Maker {
  id: number;
  kind: 'person' | 'organisation';
  name: string;
  story: string;
  crafts: string;
  photoUrl: string | null;
  status: 'applied' | 'approved' | 'rejected';
  userId: number | null;
  listedOnBehalf: boolean;
  decisionReason: string | null;
  createdAt: string;
}
export interface MakerSummary {
  maker: Maker;
  pendingTakeFen: number;
  soldFen: number;
  makerTakeFen: number;
  fundFen: number;
  paidOutFen: number;
  recentSales: { orderId: number; paidAt: string; title: string; quantity: number; makerTakeFen: number; state: string }[];
}
export interface PayoutView {
  id: number;
  makerId: number;
  amountFen: number;
  method: 'cash' | 'bank';
  reference: string | null;
  acknowledgedBy: string;
  acknowledgedRelation: string;
  pendingTakeFen: number;
  createdAt: string;
}
export interface Worker {
  id: number;
  userId: number;
  name: string;
  job: string;
  hourlyWageFen: number;
  active: boolean;
}
export interface Shift {
  id: number;
  workerId: number;
  name: string;
  workDate: string;
  hours: number;
  wageFen: number;
  expenseId: number | null;
}
export interface ListingInput {
  makerId?: number;
  kind: Listing['kind'];
  title: string;
  description: string;
  category: string;
  photos: string[];
  makerTakeFen?: number;
  priceFen?: number;
  marginFen?: number;
  fundSharePercent?: number;
  consentNote?: string;
}

export const makers = {
  mine: async (slug: string): Promise<Maker | null> => {
    // The API answers { maker } (null when I never applied).
    const r = await api.get<{ maker: Maker | null } | Maker>(`${marketBase(slug)}/makers/me`);
    return 'maker' in r ? r.maker : r;
  },
  list: (slug: string, status?: Maker['status']) => api.get<{ makers: Maker[] }>(`${marketBase(slug)}/makers${query({ status })}`),
  summary: (slug: string, id: number) => api.get<MakerSummary>(`${marketBase(slug)}/makers/${id}/summary`),
  payouts: (slug: string, id: number) => api.get<{ payouts: PayoutView[] }>(`${marketBase(slug)}/makers/${id}/payouts`),
  statementCsvUrl: (slug: string, id: number, month: string) => `${marketBase(slug)}/makers/${id}/statement${query({ month, format: 'csv' })}`,
  statementPdfUrl: (slug: string, id: number, month: string) => `${marketBase(slug)}/makers/${id}/statement${query({ month, format: 'pdf' })}`,
};

export const manage = {
  listings: (slug: string, params: { state?: string; q?: string; makerId?: number; limit?: number }) =>
    api.get<{ listings: Listing[]; total: number }>(`${marketBase(slug)}/manage/listings${query(params)}`),
  setState: (slug: string, id: number, action: 'submit' | 'pause' | 'resume' | 'withdraw') =>
    api.post<Listing>(`${marketBase(slug)}/listings/${id}/state`, { action }),
};

/** Mirrors marginForTake (src/platform/money.ts): margin = percent% of the price, rounded down, the odd fen to the maker. */
export function marginForTake(makerTakeFen: number, percent: number): number {
  if (percent <= 0 || percent >= 100) return 0;
  return Math.floor((makerTakeFen * percent) / (100 - percent));
}

export function thisMonth(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
}
export function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
