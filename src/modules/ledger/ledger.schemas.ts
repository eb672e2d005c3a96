import { Type, type Static } from 'typebox';

export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of a file uploaded to this community' });
const AccountCode = Type.String({ pattern: '^[a-z][a-z0-9_]*(:[a-z0-9][a-z0-9_-]{0,39}){0,3}$', maxLength: 160 });
/** Whole fen, ¥0.01 … ¥100,000,000 (range checked by the service so the answer is AMOUNT_OUT_OF_RANGE). */
const AmountFen = Type.Integer({ description: 'Whole fen (¥1 = 100), 1 … 10,000,000,000' });
const Attachments = Type.Array(Sha256, { maxItems: 20, default: [] });
const Memo = Type.String({ minLength: 1, pattern: '\\S', maxLength: 500 });
const Party = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '\\S', maxLength: 80 }),
    isPerson: Type.Boolean({ description: 'A person’s name is masked in public (张*明) unless showName' }),
    showName: Type.Boolean({ default: false, description: 'The person agreed that their name be shown' }),
  },
  { additionalProperties: false },
);

export const SlugParams = Type.Object({ slug: Slug });
export const SeqParams = Type.Object({ slug: Slug, seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const IdParams = Type.Object({ slug: Slug, id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const DisclosureParams = Type.Object({
  slug: Slug,
  file: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])\\.(pdf|csv|xlsx)$', description: '2026-10.pdf, 2026-Q3.xlsx …' }),
});

export const INCOME_CHANNEL_NAMES = ['donation', 'tuition', 'government', 'foundation', 'street_grant', 'performance_share', 'other'] as const;
export const IncomeChannel = Type.Union([
  Type.Literal('donation'),
  Type.Literal('tuition'),
  Type.Literal('government'),
  Type.Literal('foundation'),
  Type.Literal('street_grant'),
  Type.Literal('performance_share'),
  Type.Literal('other'),
]);

export const RecordIncome = Type.Object(
  {
    channel: IncomeChannel,
    account: Type.Optional(AccountCode),
    amountFen: AmountFen,
    receivedInto: Type.Union([Type.Literal('cash'), Type.Literal('bank'), Type.Literal('clearing')]),
    memo: Memo,
    payer: Type.Union([Party, Type.Null()], { description: 'Donor or payer; null for an anonymous donation' }),
    attachments: Attachments,
  },
  { additionalProperties: false },
);
export type RecordIncomeInput = Static<typeof RecordIncome>;

export const ProposeExpense = Type.Object(
  {
    purpose: AccountCode,
    payee: Party,
    amountFen: AmountFen,
    memo: Memo,
    attachments: Attachments,
  },
  { additionalProperties: false },
);
export type ProposeExpenseInput = Static<typeof ProposeExpense>;

export const RejectExpense = Type.Object({ reason: Type.String({ minLength: 1, pattern: '\\S', maxLength: 500 }) }, { additionalProperties: false });
export const PayExpense = Type.Object({ from: Type.Union([Type.Literal('cash'), Type.Literal('bank')]) }, { additionalProperties: false });
export const AddAccount = Type.Object(
  {
    parent: AccountCode,
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }),
    nameZh: Type.String({ minLength: 1, pattern: '\\S', maxLength: 80 }),
    nameEn: Type.String({ minLength: 1, pattern: '\\S', maxLength: 80 }),
  },
  { additionalProperties: false },
);
export type AddAccountInput = Static<typeof AddAccount>;

const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A date in China time, YYYY-MM-DD' });
export const EntriesQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Keyset: entries with seq below this' })),
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
    kind: Type.Optional(Type.String({ pattern: '^[a-z]{1,20}$' })),
    channel: Type.Optional(AccountCode),
    purpose: Type.Optional(AccountCode),
  },
  { additionalProperties: false },
);
export type EntriesQueryInput = Static<typeof EntriesQuery>;
export const ExpensesQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('paid')])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ExpensesQueryInput = Static<typeof ExpensesQuery>;

// --- output

export const PostingOut = Type.Object({ account: Type.String(), name: Type.String(), fen: Type.Integer() });
export const EntryOut = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  memo: Type.String(),
  party: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Object({ type: Type.String(), id: Type.String(), href: Type.String() }), Type.Null()]),
  reverses: Type.Union([Type.Integer(), Type.Null()]),
  reversedBy: Type.Union([Type.Integer(), Type.Null()]),
  correctionNote: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(Type.Object({ sha256: Type.String(), url: Type.String() })),
  postings: Type.Array(PostingOut),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type EntryView = Static<typeof EntryOut>;
export const EntriesOut = Type.Object({ entries: Type.Array(EntryOut), nextBefore: Type.Union([Type.Integer(), Type.Null()]) });
export const PostedOut = Type.Object({ seq: Type.Integer(), hash: Type.String() });
export const ProposeCorrection = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The entry to reverse' }),
    note: Type.String({ minLength: 1, pattern: '\\S', maxLength: 500, description: '更正说明, published with the reversal' }),
  },
  { additionalProperties: false },
);
export const CorrectionsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected')])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
const PersonRef = Type.Object({ userId: Type.Integer(), name: Type.String() });
export const CorrectionOut = Type.Object({
  id: Type.Integer(),
  entrySeq: Type.Integer(),
  /** The entry's memo and amount, to decide on. */
  entryMemo: Type.String(),
  entryFen: Type.Integer({ description: 'The largest posting of the entry, what moved' }),
  note: Type.String(),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected')]),
  proposedBy: PersonRef,
  decidedBy: Type.Union([PersonRef, Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rejectReason: Type.Union([Type.String(), Type.Null()]),
  reversalSeq: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export const CorrectionsOut = Type.Object({ corrections: Type.Array(CorrectionOut) });
export type CorrectionView = Static<typeof CorrectionOut>;
export type CorrectionsView = Static<typeof CorrectionsOut>;
export type ProposeCorrectionInput = Static<typeof ProposeCorrection>;
export type CorrectionsQueryInput = Static<typeof CorrectionsQuery>;
export type EntriesView = Static<typeof EntriesOut>;
export type PostedView = Static<typeof PostedOut>;

const AmountLine = Type.Object({ account: Type.String(), name: Type.String(), fen: Type.Integer() });
const PeriodTotals = Type.Object({
  label: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date', description: 'Last day, inclusive' }),
  incomeFen: Type.Integer(),
  expenseFen: Type.Integer(),
  incomeByChannel: Type.Array(AmountLine),
  expenseByPurpose: Type.Array(AmountLine),
});
export type PeriodTotalsView = Static<typeof PeriodTotals>;
export const SummaryOut = Type.Object({
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  balanceFen: Type.Integer({ description: 'Cash + bank + payment clearing' }),
  head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  month: PeriodTotals,
  quarter: PeriodTotals,
  year: PeriodTotals,
});
export const AccountsOut = Type.Object({
  head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  accounts: Type.Array(
    Type.Object({
      code: Type.String(),
      parent: Type.Union([Type.String(), Type.Null()]),
      kind: Type.String(),
      name: Type.String(),
      balanceFen: Type.Integer(),
    }),
  ),
});
export const AccountOut = Type.Object({ code: Type.String() });
export type SummaryView = Static<typeof SummaryOut>;
export type AccountsView = Static<typeof AccountsOut>;

export const ExpenseOut = Type.Object({
  id: Type.Integer(),
  purpose: Type.String(),
  purposeName: Type.String(),
  payee: Type.String(),
  amountFen: Type.Integer(),
  memo: Type.String(),
  attachments: Type.Array(Type.Object({ sha256: Type.String(), url: Type.String() })),
  status: Type.String(),
  requiredApprovals: Type.Integer(),
  approvals: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String() })),
  proposedBy: Type.Object({ userId: Type.Integer(), name: Type.String() }),
  proposedAt: Type.String({ format: 'date-time' }),
  rejectReason: Type.Union([Type.String(), Type.Null()]),
  paidFrom: Type.Union([Type.String(), Type.Null()]),
  entrySeq: Type.Union([Type.Integer(), Type.Null()]),
});
export type ExpenseView = Static<typeof ExpenseOut>;
export const ExpensesOut = Type.Object({ expenses: Type.Array(ExpenseOut) });
export type ExpensesView = Static<typeof ExpensesOut>;
