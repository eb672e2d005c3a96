import type { ColumnType, Generated } from 'kysely';
import type { CommunitySettings } from '../../platform/tables.ts';
import type { CreatedAt } from '../../platform/tables.ts';

export interface CommunitiesTables {
  setting_changes: {
    community_id: number;
    id: Generated<number>;
    changes: ColumnType<CommunitySettings, string, never>;
    before: ColumnType<CommunitySettings, string, never>;
    proposed_by: number;
    state: Generated<'pending' | 'approved' | 'refused' | 'withdrawn'>;
    decided_by: number | null;
    decided_at: Date | null;
    created_at: CreatedAt;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends CommunitiesTables {}
}
