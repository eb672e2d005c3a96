// Shapes of the public fund API (src/modules/ledger/ledger.schemas.ts).

export interface AmountLine {
  account: string;
  name: string;
  fen: number;
}
export interface PeriodTotals {
  label: string;
  from: string;
  to: string;
  incomeFen: number;
  expenseFen: number;
  incomeByChannel: AmountLine[];
  expenseByPurpose: AmountLine[];
}
export interface FundSummary {
  community: { slug: string; name: string };
  balanceFen: number;
  head: { seq: number; hash: string };
  month: PeriodTotals;
  quarter: PeriodTotals;
  year: PeriodTotals;
}
export interface FundAccount {
  code: string;
  parent: string | null;
  kind: string;
  name: string;
  balanceFen: number;
}
export interface Entry {
  seq: number;
  at: string;
  kind: string;
  memo: string;
  party: string | null;
  source: { type: string; id: string; href: string } | null;
  reverses: number | null;
  reversedBy: number | null;
  correctionNote: string | null;
  attachments: { sha256: string; url: string }[];
  postings: { account: string; name: string; fen: number }[];
  prevHash: string;
  hash: string;
}
/** GET …/fund/sources/{type}/{id} (src/modules/ledger/ledger.sources.ts). */
export interface FundSource {
  source: { type: string; id: string };
  label: string;
  entries: Entry[];
  detail: { title: string; lines: { label: string; value: string; href?: string }[] } | null;
}
export const ENTRY_KINDS = ['sale', 'refund', 'payout', 'income', 'expense', 'performance', 'grant', 'correction', 'opening'] as const;

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
