import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

export interface CommunitySettings {
  /** Default community margin, percent of the price (微益+: ¥30 of ¥150 is 20). */
  defaultMarginPercent?: number;
  /** Who residents ask about the fund's disclosures. */
  disclosureContact?: string;
  /** Expenses above this need two supervisors' approval. */
  expenseTwoApprovalsOverFen?: number;
}

export interface CommunityTables {
  communities: {
    id: Generated<number>;
    slug: string;
    name: string;
    district: string;
    street: string;
    settings: ColumnType<CommunitySettings, string | undefined, string>;
    created_at: CreatedAt;
  };
}
