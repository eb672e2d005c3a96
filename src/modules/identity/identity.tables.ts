import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';
import type { Role } from '../../platform/context.ts';

export interface IdentityTables {
  users: {
    id: Generated<number>;
    phone: string;
    display_name: string;
    password_hash: string | null;
    name_public: Generated<boolean>;
    is_platform_admin: Generated<boolean>;
    created_at: CreatedAt;
    password_changed_at: ColumnType<Date, Date | undefined, Date>;
  };
  sessions: {
    id: Generated<number>;
    token_hash: Buffer;
    user_id: number;
    created_at: CreatedAt;
    last_seen_at: ColumnType<Date, Date | undefined, Date>;
    expires_at: Date;
    revoked_at: Date | null;
  };
  one_time_codes: {
    id: Generated<number>;
    phone: string;
    purpose: 'login' | 'reset';
    code_hash: Buffer;
    created_at: CreatedAt;
    expires_at: Date;
    attempts: Generated<number>;
    used_at: Date | null;
  };
  account_events: { id: Generated<number>; user_id: number; action: string; at: CreatedAt };
  memberships: {
    community_id: number;
    user_id: number;
    roles: ColumnType<Role[], Role[] | undefined, Role[]>;
    joined_at: CreatedAt;
  };
  proxy_consents: {
    community_id: number;
    id: Generated<number>;
    resident_id: number;
    note: string;
    recorded_by: number;
    recorded_at: CreatedAt;
    revoked_at: Date | null;
  };
  role_appointments: {
    community_id: number;
    id: Generated<number>;
    user_id: number;
    role: Role;
    proposed_by: number;
    state: Generated<'pending' | 'confirmed' | 'refused' | 'withdrawn'>;
    decided_by: number | null;
    decided_at: Date | null;
    created_at: CreatedAt;
  };
  audit_log: {
    community_id: number;
    id: Generated<number>;
    at: CreatedAt;
    actor_id: number | null;
    on_behalf_of: number | null;
    action: string;
    subject_type: string;
    subject_id: string;
    detail: ColumnType<unknown, string | undefined, never>;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends IdentityTables {}
}
