import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

export type Channel = 'sms' | 'wechat';
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotificationTables {
  notifications: {
    community_id: number;
    id: Generated<number>;
    user_id: number;
    topic: string;
    title: string;
    body: Generated<string>;
    link: string | null;
    urgent: Generated<boolean>;
    created_at: CreatedAt;
    read_at: Date | null;
  };
  notification_deliveries: {
    community_id: number;
    id: Generated<number>;
    notification_id: number;
    channel: Channel;
    state: Generated<DeliveryState>;
    attempts: Generated<number>;
    held_until: Date | null;
    error: string | null;
    provider_id: string | null;
    created_at: CreatedAt;
    sent_at: Date | null;
  };
  notification_preferences: {
    user_id: number;
    sms: Generated<boolean>;
    wechat: Generated<boolean>;
    /** 'HH:MM:SS', China time */
    quiet_start: string | null;
    quiet_end: string | null;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  notification_wechat_bindings: {
    user_id: number;
    appid: string;
    openid: string;
    bound_at: ColumnType<Date, Date | undefined, Date>;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends NotificationTables {}
}
