import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

export type AccountKind = 'asset' | 'liability' | 'income' | 'expense';
export type ExpenseStatus = 'proposed' | 'approved' | 'rejected' | 'paid';

export type CorrectionStatus = 'proposed' | 'approved' | 'rejected';

export interface LedgerTables {
  ledger_corrections: {
    community_id: number;
    id: Generated<number>;
    entry_seq: number;
    note: string;
    proposed_by: number;
    status: Generated<CorrectionStatus>;
    decided_by: number | null;
    decided_at: Date | null;
    reject_reason: string | null;
    reversal_seq: number | null;
    created_at: CreatedAt;
  };
  ledger_accounts: {
    community_id: number;
    id: Generated<number>;
    code: string;
    parent_code: string | null;
    kind: AccountKind;
    name_zh: string;
    name_en: string;
    created_at: CreatedAt;
  };
  ledger_heads: {
    community_id: number;
    seq: Generated<number>;
    hash: Generated<string>;
  };
  ledger_entries: {
    community_id: number;
    seq: number;
    at: ColumnType<Date, Date, never>;
    kind: string;
    memo: string;
    party: string | null;
    source_type: string | null;
    source_id: string | null;
    reverses: number | null;
    correction_note: string | null;
    attachments: string[];
    prev_hash: string;
    hash: string;
    recorded_at: CreatedAt;
  };
  ledger_postings: {
    community_id: number;
    seq: number;
    line: number;
    account_id: number;
    amount_fen: number;
  };
  /** Derived: postings summed per account and China-time month (0102_ledger_totals.sql). */
  ledger_account_months: {
    community_id: number;
    account_id: number;
    /** YYYY-MM-01 */
    month: string;
    fen: number;
    postings: number;
  };
  ledger_account_people: {
    community_id: number;
    account_id: number;
    user_id: number;
  };
  ledger_expenses: {
    community_id: number;
    id: Generated<number>;
    purpose: string;
    payee: string;
    payee_is_person: boolean;
    payee_name_public: boolean;
    amount_fen: number;
    memo: string;
    attachments: string[];
    status: Generated<ExpenseStatus>;
    required_approvals: number;
    proposed_by: number;
    proposed_at: CreatedAt;
    rejected_by: number | null;
    reject_reason: string | null;
    decided_at: Date | null;
    paid_by: number | null;
    paid_at: Date | null;
    paid_from: 'cash' | 'bank' | null;
    entry_seq: number | null;
  };
  ledger_expense_approvals: {
    community_id: number;
    expense_id: number;
    supervisor_id: number;
    at: CreatedAt;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends LedgerTables {}
}
