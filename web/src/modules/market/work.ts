import { api, query } from '../../api.ts';
import {
  marketBase,
  type Listing,
  type ListingActionInput,
  type Listings,
  type Maker,
  type MakerSummary,
  type Makers,
  type MyMaker,
  type Payouts,
} from './api.ts';

// The shop's work APIs: makers, their listings, money and payouts (staff and makers).

export const makers = {
  // The API answers { maker } (null when I never applied).
  mine: async (slug: string): Promise<Maker | null> => (await api.get<MyMaker>(`${marketBase(slug)}/makers/me`)).maker,
  list: (slug: string, status?: Maker['status']) => api.get<Makers>(`${marketBase(slug)}/makers${query({ status })}`),
  summary: (slug: string, id: number) => api.get<MakerSummary>(`${marketBase(slug)}/makers/${id}/summary`),
  payouts: (slug: string, id: number) => api.get<Payouts>(`${marketBase(slug)}/makers/${id}/payouts`),
  statementCsvUrl: (slug: string, id: number, month: string) => `${marketBase(slug)}/makers/${id}/statement${query({ month, format: 'csv' })}`,
  statementPdfUrl: (slug: string, id: number, month: string) => `${marketBase(slug)}/makers/${id}/statement${query({ month, format: 'pdf' })}`,
};

export const manage = {
  listings: (slug: string, params: { state?: string; q?: string; makerId?: number; limit?: number }) =>
    api.get<Listings>(`${marketBase(slug)}/manage/listings${query(params)}`),
  setState: (slug: string, id: number, action: ListingActionInput['action']) => api.post<Listing>(`${marketBase(slug)}/listings/${id}/state`, { action }),
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
