import { api, query } from '../../api.ts';
import type { AccountsView, ExpensesQueryInput, ExpensesView, RecordIncomeInput } from '../../../../src/modules/ledger/index.ts';

// The fund's API (src/modules/ledger on the server), under /api/v1/communities/:slug/fund: its
// answers typed by the server's schemas (type-only: nothing of the server is bundled).
export type {
  EntryView as Entry,
  EntriesView as Entries,
  SummaryView as FundSummary,
  AccountsView as FundAccounts,
  SourceView as FundSource,
  ExpenseView as Expense,
  ExpensesView as Expenses,
  PostedView as Posted,
} from '../../../../src/modules/ledger/index.ts';
export type FundAccount = AccountsView['accounts'][number];
export type ExpenseStatus = NonNullable<ExpensesQueryInput['status']>;
export type IncomeChannel = RecordIncomeInput['channel'];
export type ReceivedInto = RecordIncomeInput['receivedInto'];

const enc = encodeURIComponent;
export const fundBase = (slug: string) => `/api/v1/communities/${enc(slug)}/fund`;

/** The fund page's first page of entries (its size lives here so the server's first render and the page agree). */
export const FUND_PAGE = 20;

/** The GETs the server renders the fund page with; the page asks the same URLs, so the first data's keys match. */
export const fundUrls = {
  summary: (slug: string) => `${fundBase(slug)}/summary`,
  accounts: (slug: string) => `${fundBase(slug)}/accounts`,
  firstEntries: (slug: string) => `${fundBase(slug)}/entries?limit=${FUND_PAGE}`,
};

/** The income channels, in the order the form offers them. */
export const INCOME_CHANNELS = [
  'donation',
  'tuition',
  'government',
  'foundation',
  'street_grant',
  'performance_share',
  'other',
] as const satisfies readonly IncomeChannel[];

export const fundWork = {
  accounts: (slug: string) => api.get<AccountsView>(fundUrls.accounts(slug)),
  expenses: (slug: string, status?: ExpenseStatus) => api.get<ExpensesView>(`${fundBase(slug)}/expenses${query({ status, limit: 100 })}`),
};
