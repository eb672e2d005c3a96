import type { EntryKind } from '../../../../src/modules/ledger/index.ts';
import type { Entry } from './api.ts';

// What the fund's pages compute from entries.

/** The kinds of entry, in the order the fund page's filter offers them. */
export const ENTRY_KINDS = [
  'sale',
  'refund',
  'payout',
  'income',
  'expense',
  'performance',
  'grant',
  'correction',
  'opening',
] as const satisfies readonly EntryKind[];

const FUND = /^(cash|bank|clearing)(:|$)/;

/** What an entry did to the fund's result: income credited minus expenses debited (a sale counts its margin only). */
export function fundEffectFen(entry: Entry): number {
  let fen = 0;
  for (const p of entry.postings) {
    if (p.account === 'income' || p.account.startsWith('income:')) fen -= p.fen;
    if (p.account === 'expense' || p.account.startsWith('expense:')) fen -= p.fen;
  }
  return fen;
}

/** Money moved in or out of cash, bank and clearing by an entry (for payouts and transfers). */
export function cashMovementFen(entry: Entry): number {
  return entry.postings.filter((p) => FUND.test(p.account)).reduce((t, p) => t + p.fen, 0);
}
