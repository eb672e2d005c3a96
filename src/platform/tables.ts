import type { ColumnType, Generated } from 'kysely';

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PlatformTables {
  idempotency_keys: {
    community_id: number;
    user_id: number;
    key: string;
    request_hash: Buffer;
    status_code: number | null;
    response_body: string | null;
    created_at: CreatedAt;
  };
  files: {
    community_id: number;
    sha256: string;
    mime: string;
    size_bytes: number;
    width: number | null;
    height: number | null;
    original_name: string;
    uploaded_by: number | null;
    uploaded_at: CreatedAt;
  };
}
export type { Generated };
