import { api, query } from '../../api.ts';
import type { AccountsView, CorrectionsView, ExpensesQueryInput, ExpensesView, RecordIncomeInput } from '../../../../src/modules/ledger/index.ts';
import { fundBase, fundUrls } from './urls.ts';

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
  CorrectionView as Correction,
  CorrectionsView as Corrections,
} from '../../../../src/modules/ledger/index.ts';
export type FundAccount = AccountsView['accounts'][number];
export type ExpenseStatus = NonNullable<ExpensesQueryInput['status']>;
export type CorrectionStatus = CorrectionsView['corrections'][number]['status'];
export type IncomeChannel = RecordIncomeInput['channel'];
export type ReceivedInto = RecordIncomeInput['receivedInto'];

export { fundBase, fundUrls, FUND_PAGE } from './urls.ts';

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
  corrections: (slug: string, status: CorrectionStatus, limit: number) => api.get<CorrectionsView>(`${fundBase(slug)}/corrections${query({ status, limit })}`),
};
