import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';
import type { Role } from '../../platform/context.ts';

export type ConsentPurpose = 'act_for' | 'carer' | 'guardian';

export interface IdentityTables {
  users: {
    id: Generated<number>;
    /** Null for a person registered without a phone of their own, and after an account is closed. */
    phone: string | null;
    display_name: string;
    password_hash: string | null;
    name_public: Generated<boolean>;
    is_platform_admin: Generated<boolean>;
    created_at: CreatedAt;
    password_changed_at: ColumnType<Date, Date | undefined, Date>;
    closed_at: Date | null;
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
    purpose: 'login' | 'reset' | 'register' | 'link' | 'consent';
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
  consents: {
    community_id: number;
    id: Generated<number>;
    person_id: number;
    purpose: ConsentPurpose;
    grantee_id: number | null;
    given_by: number;
    method: 'recorded' | 'code' | 'paper' | 'self';
    note: string;
    form_sha256: string | null;
    recorded_by: number | null;
    countersigned_by: number | null;
    countersigned_at: Date | null;
    created_at: CreatedAt;
    active_from: Date | null;
    withdrawn_at: Date | null;
    withdrawn_by: number | null;
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
