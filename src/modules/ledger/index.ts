// The ledger module: the community fund's book. Other modules post through `postEntry` inside
// their own transaction, and name the sources of their entries in their definition
// (`ledgerSources`).
import { defineModule } from '../../platform/module.ts';
import { communities } from '../communities/index.ts';
import { identity } from '../identity/index.ts';
import { notifications } from '../notifications/index.ts';
import { ledgerCommand } from './ledger.cli.ts';
import { ledgerDemoStep } from './ledger.demo.ts';
import { LEDGER_ERRORS } from './ledger.errors.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { openBooks } from './ledger.service.ts';

export {
  postEntry,
  reverseEntry,
  ensureSubAccount,
  getBalances,
  openBooks,
  ENTRY_KINDS,
  type EntryKind,
  type PostingInput,
  type PostEntryInput,
  type PartyInput,
  type PostedEntry,
} from './ledger.service.ts';
export { proposeExpense } from './ledger.work.service.ts';
export type { ProposeExpenseInput, ExpenseView } from './ledger.schemas.ts';
// The shapes of its answers and requests, for the web app (type-only imports: nothing of the server is bundled).
export type {
  EntryView,
  EntriesView,
  PostedView,
  PeriodTotalsView,
  SummaryView,
  AccountsView,
  ExpensesView,
  ExpensesQueryInput,
  CorrectionView,
  CorrectionsView,
  RecordIncomeInput,
} from './ledger.schemas.ts';
export { CHART, maskName } from './ledger.chart.ts';
export { ChainVerifier, type VerifyReport } from './ledger.chain.ts';
export { sha256Hex } from './ledger.service.ts';
export type { SourceDetailPresenter, SourceDetailView, SourceType, SourceView } from './ledger.sources.ts';

export const ledger = defineModule({
  name: 'ledger',
  dependsOn: [identity, communities, notifications],
  migrations: new URL('./migrations/', import.meta.url),
  routes: ledgerRoutes,
  errors: LEDGER_ERRORS,
  // Every community opens its book in the transaction that creates it.
  onCommunityCreated: openBooks,
  demo: ledgerDemoStep,
  // Receipts and invoices of entries and expenses: kept while the entry or expense names them (always).
  fileReferences: [
    { table: 'ledger_entries', column: 'attachments', many: true },
    { table: 'ledger_expenses', column: 'attachments', many: true },
  ],
  commands: {
    ledger: { usage: 'ledger verify <file or URL>   recompute a fund’s hash chain and balances', run: (args) => ledgerCommand(args) },
  },
});
