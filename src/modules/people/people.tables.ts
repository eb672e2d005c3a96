import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

export type AgeBand = 'under_14' | '14_17' | '18_59' | '60_79' | '80_plus';
export type ServedGroup = 'children' | 'youth' | 'women' | 'elderly';
export type SensitiveTag = 'hardship' | 'disabled' | 'health';

export interface PeopleTables {
  households: {
    community_id: number;
    id: Generated<number>;
    address_id: number | null;
    label: string | null;
    created_by: number | null;
    created_at: CreatedAt;
  };
  residents: {
    community_id: number;
    user_id: number;
    birth_year: number | null;
    age_band: AgeBand | null;
    address_id: number | null;
    household_id: number | null;
    groups: Generated<ServedGroup[]>;
    registered_by: number | null;
    registered_at: CreatedAt;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  resident_sensitive: {
    community_id: number;
    user_id: number;
    tags: SensitiveTag[];
    note: string | null;
    updated_by: number;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
}

declare module '../../database.ts' {
  interface Database extends PeopleTables {}
}
