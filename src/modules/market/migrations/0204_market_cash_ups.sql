-- Day-end cash-up at the counter: one per business day (Asia/Shanghai) per community.

create table market_cash_ups (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  business_date date not null,
  opening_float_fen bigint not null check (opening_float_fen >= 0),
  cash_sales_fen bigint not null,
  cash_refunds_fen bigint not null,
  cash_payouts_fen bigint not null,
  expected_fen bigint not null,
  counted_fen bigint not null check (counted_fen >= 0),
  variance_fen bigint not null,
  note text check (note is null or length(note) <= 200),
  clerk_id bigint not null references users(id),
  clerk_signed_at timestamptz not null default now(),
  staff_id bigint references users(id),
  staff_signed_at timestamptz,
  primary key (community_id, id),
  unique (community_id, business_date),
  check (expected_fen = opening_float_fen + cash_sales_fen - cash_refunds_fen - cash_payouts_fen),
  check (variance_fen = counted_fen - expected_fen)
);
select weiyi_tenant_table('market_cash_ups');
