-- Orders (online, counter, kiosk), their lines and refunds. Money is integer fen; each line
-- keeps the split it was sold at and the ledger account its maker's take is owed on.

create table market_orders (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  channel text not null check (channel in ('online', 'counter', 'kiosk')),
  state text not null check (state in ('placed', 'paid', 'ready', 'completed', 'cancelled', 'refunded')),
  fulfilment text not null check (fulfilment in ('counter', 'pickup', 'delivery')),
  delivery_address text check (delivery_address is null or length(delivery_address) between 1 and 200),
  note text check (note is null or length(note) <= 200),
  buyer_id bigint references users(id),
  placed_by bigint not null references users(id),
  total_fen bigint not null check (total_fen > 0),
  take_fen bigint not null check (take_fen >= 0),
  margin_fen bigint not null check (margin_fen >= 0),
  payment_method text check (payment_method in ('cash', 'qr', 'online')),
  payment_reference text,
  tendered_fen bigint,
  change_fen bigint,
  paid_at timestamptz,
  paid_by bigint references users(id),
  sale_entry_id bigint,
  refunded_fen bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (community_id, id),
  check (total_fen = take_fen + margin_fen),
  check (refunded_fen between 0 and total_fen),
  check ((paid_at is null) = (payment_method is null)),
  check (state in ('placed', 'cancelled') or paid_at is not null),
  check (fulfilment <> 'delivery' or delivery_address is not null)
);
create index market_orders_state on market_orders(community_id, state, created_at);
create index market_orders_buyer on market_orders(community_id, buyer_id) where buyer_id is not null;
create index market_orders_paid on market_orders(community_id, paid_at) where paid_at is not null;
select weiyi_tenant_table('market_orders');

create table market_order_lines (
  community_id bigint not null references communities(id),
  order_id bigint not null,
  line_no int not null check (line_no between 1 and 100),
  listing_id bigint not null,
  slot_id bigint,
  maker_id bigint not null,
  title text not null,
  quantity int not null check (quantity between 1 and 1000),
  unit_take_fen bigint not null check (unit_take_fen > 0),
  unit_margin_fen bigint not null check (unit_margin_fen >= 0),
  payable_account text not null,
  margin_account text not null,
  primary key (community_id, order_id, line_no),
  foreign key (community_id, order_id) references market_orders(community_id, id),
  foreign key (community_id, listing_id) references market_listings(community_id, id),
  foreign key (community_id, maker_id) references market_makers(community_id, id)
);
create index market_order_lines_maker on market_order_lines(community_id, maker_id);
select weiyi_tenant_table('market_order_lines');

create table market_refunds (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  order_id bigint not null,
  amount_fen bigint not null check (amount_fen > 0),
  method text not null check (method in ('cash', 'qr', 'online')),
  restocked boolean not null,
  reason text not null check (length(reason) between 1 and 200),
  entry_id bigint not null,
  created_by bigint not null references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, order_id) references market_orders(community_id, id)
);
select weiyi_tenant_table('market_refunds');
revoke update, delete on market_refunds from weiyi_app;
create trigger market_refunds_append_only before update or delete on market_refunds
  for each row execute function weiyi_refuse_change();
