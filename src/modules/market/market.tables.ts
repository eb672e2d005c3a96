import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';

type Updated = ColumnType<Date, Date | undefined, Date>;
type DateText = ColumnType<string, string | undefined, string>;

export type MakerKind = 'person' | 'organisation';
export type MakerStatus = 'applied' | 'approved' | 'rejected';
export type ListingKind = 'good' | 'service' | 'performance';
export type ListingState = 'draft' | 'in_review' | 'on_sale' | 'paused' | 'sold_out' | 'withdrawn';
export type MovementKind = 'intake' | 'return' | 'sale' | 'release' | 'restock';
export type OrderChannel = 'online' | 'counter' | 'kiosk';
export type OrderState = 'placed' | 'paid' | 'ready' | 'completed' | 'cancelled' | 'refunded';
export type Fulfilment = 'counter' | 'pickup' | 'delivery';
export type PaymentMethod = 'cash' | 'qr' | 'online';

export interface MarketTables {
  market_makers: {
    community_id: number;
    id: Generated<number>;
    user_id: number | null;
    kind: MakerKind;
    name: string;
    story: string;
    crafts: string;
    photo_sha256: string | null;
    status: MakerStatus;
    consent_note: string | null;
    decision_reason: string | null;
    payable_account: string | null;
    created_by: number;
    decided_by: number | null;
    created_at: CreatedAt;
  };
  market_listings: {
    community_id: number;
    id: Generated<number>;
    code: string;
    barcode: string | null;
    maker_id: number;
    kind: ListingKind;
    title: string;
    description: string;
    category: string;
    photos: ColumnType<string[], string[] | undefined, string[]>;
    maker_take_fen: number;
    margin_fen: number;
    price_fen: ColumnType<number, never, never>;
    fund_share_percent: number | null;
    state: ListingState;
    stock: ColumnType<number, never, never>;
    consent_note: string | null;
    review_note: string | null;
    created_by: number;
    created_at: CreatedAt;
    updated_at: Updated;
  };
  market_slots: {
    community_id: number;
    id: Generated<number>;
    listing_id: number;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    booked: Generated<number>;
  };
  market_stock_movements: {
    community_id: number;
    id: Generated<number>;
    listing_id: number;
    kind: MovementKind;
    quantity_delta: number;
    happened_on: DateText;
    condition: string | null;
    note: string | null;
    order_id: number | null;
    recorded_by: number | null;
    created_at: CreatedAt;
  };
  market_orders: {
    community_id: number;
    id: Generated<number>;
    channel: OrderChannel;
    state: OrderState;
    fulfilment: Fulfilment;
    delivery_address: string | null;
    note: string | null;
    buyer_id: number | null;
    placed_by: number;
    total_fen: number;
    take_fen: number;
    margin_fen: number;
    payment_method: PaymentMethod | null;
    payment_reference: string | null;
    tendered_fen: number | null;
    change_fen: number | null;
    paid_at: Date | null;
    paid_by: number | null;
    sale_entry_id: number | null;
    refunded_fen: Generated<number>;
    hold_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
    created_at: CreatedAt;
    updated_at: Updated;
  };
  market_order_lines: {
    community_id: number;
    order_id: number;
    line_no: number;
    listing_id: number;
    slot_id: number | null;
    maker_id: number;
    title: string;
    quantity: number;
    unit_take_fen: number;
    unit_margin_fen: number;
    payable_account: string;
    margin_account: string;
  };
  market_refunds: {
    community_id: number;
    id: Generated<number>;
    order_id: number;
    amount_fen: number;
    method: PaymentMethod;
    restocked: boolean;
    reason: string;
    entry_id: number;
    created_by: number;
    created_at: CreatedAt;
  };
  market_payouts: {
    community_id: number;
    id: Generated<number>;
    maker_id: number;
    amount_fen: number;
    method: 'cash' | 'bank';
    reference: string | null;
    acknowledged_by: string;
    acknowledged_relation: string;
    entry_id: number;
    created_by: number;
    created_at: CreatedAt;
  };
  market_cash_ups: {
    community_id: number;
    id: Generated<number>;
    business_date: string;
    opening_float_fen: number;
    cash_sales_fen: number;
    cash_refunds_fen: number;
    cash_payouts_fen: number;
    expected_fen: number;
    counted_fen: number;
    variance_fen: number;
    note: string | null;
    clerk_id: number;
    clerk_signed_at: CreatedAt;
    staff_id: number | null;
    staff_signed_at: Date | null;
  };
  market_shop_workers: {
    community_id: number;
    id: Generated<number>;
    user_id: number;
    job: string;
    hourly_wage_fen: number;
    active: Generated<boolean>;
    created_at: CreatedAt;
  };
  market_shifts: {
    community_id: number;
    id: Generated<number>;
    worker_id: number;
    work_date: string;
    minutes: number;
    wage_fen: number;
    expense_id: number | null;
    recorded_by: number;
    created_at: CreatedAt;
  };
}

// The module's tables join the one Database type by declaration merging.
declare module '../../database.ts' {
  interface Database extends MarketTables {}
}
