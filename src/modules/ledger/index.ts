// The ledger module's public API: the community fund's book. Other modules post through
// `postEntry` inside their own transaction.
import { onCommunityCreated } from '../communities/index.ts';
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
export { ledgerRoutes } from './ledger.routes.ts';
export { ledgerDemoStep } from './ledger.demo.ts';
export { CHART, maskName } from './ledger.chart.ts';
export { registerSourceDetail, type SourceDetailPresenter, type SourceDetailView } from './ledger.sources.ts';

// Every community opens its book in the transaction that creates it. This module is imported by
// src/app.ts and src/seed.ts, both loaded before any community is created.
onCommunityCreated(openBooks);
export { ledgerCommand } from './ledger.cli.ts';
