import type { Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

export interface AddressTables {
  address_units: {
    community_id: number;
    id: Generated<number>;
    estate: string;
    building: string;
    entrance: Generated<string>;
    room: string;
    retired_at: Date | null;
    created_at: CreatedAt;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends AddressTables {}
}
