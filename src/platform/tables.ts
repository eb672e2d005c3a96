import type { ColumnType, Generated } from 'kysely';

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** A community's settings (JSON in communities.settings); a missing key takes its default (communities module). */
export interface CommunitySettings {
  /** Default community margin, percent of the price (微益+: ¥30 of ¥150 is 20). */
  defaultMarginPercent?: number;
  /** Who residents ask about the fund's disclosures. */
  disclosureContact?: string;
  /** Expenses above this need two supervisors' approval. */
  expenseTwoApprovalsOverFen?: number;
  /** How long an unpaid shop order holds its stock before it is cancelled and the stock released. */
  unpaidHoldMinutes?: number;
}

/** The platform's tables: the tenants every tenant table refers to, idempotency keys, files, WeChat tokens. */
export interface PlatformTables {
  communities: {
    id: Generated<number>;
    slug: string;
    name: string;
    district: string;
    street: string;
    settings: ColumnType<CommunitySettings, string | undefined, string>;
    created_at: CreatedAt;
  };
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
    /** When last uploaded: a second upload of the same bytes starts the sweep's grace period again. */
    uploaded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  /** One WeChat access token per service account, shared by every process (platform/wechat.ts). */
  wechat_tokens: {
    appid: string;
    token: string;
    expires_at: Date;
    refreshed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
}
export type { Generated };
