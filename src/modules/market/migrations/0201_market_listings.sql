-- Listings and their stock. Stock changes only through an append-only movement row (intake,
-- return, sale, release, restock): a trigger applies the movement, another refuses any other
-- change of the stock column, and a CHECK keeps it from going below zero.

create table market_listings (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  code text not null check (code ~ '^[A-Z0-9-]{3,32}$'),
  barcode text check (barcode is null or barcode ~ '^[0-9A-Za-z-]{4,40}$'),
  maker_id bigint not null,
  kind text not null check (kind in ('good', 'service', 'performance')),
  title text not null check (length(title) between 1 and 80),
  description text not null default '' check (length(description) <= 4000),
  category text not null check (length(category) between 1 and 30),
  photos text[] not null default '{}',
  maker_take_fen bigint not null check (maker_take_fen > 0),
  margin_fen bigint not null check (margin_fen >= 0),
  price_fen bigint generated always as (maker_take_fen + margin_fen) stored,
  -- performance: percent of the fee shared with the fund (the rest to the troupe)
  fund_share_percent int check (fund_share_percent between 0 and 100),
  state text not null check (state in ('draft', 'in_review', 'on_sale', 'paused', 'sold_out', 'withdrawn')),
  stock int not null default 0 check (stock >= 0),
  consent_note text,
  review_note text,
  created_by bigint not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, maker_id) references market_makers(community_id, id),
  check (price_fen <= 10000000000)
);
create unique index market_listings_code on market_listings(community_id, code);
create unique index market_listings_barcode on market_listings(community_id, barcode) where barcode is not null;
create index market_listings_browse on market_listings(community_id, state, category);
select weiyi_tenant_table('market_listings');

-- Time slots of a service listing (a haircut at the charity market), each with a capacity.
create table market_slots (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  listing_id bigint not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity int not null check (capacity between 1 and 10000),
  booked int not null default 0 check (booked >= 0),
  primary key (community_id, id),
  foreign key (community_id, listing_id) references market_listings(community_id, id),
  check (ends_at > starts_at),
  check (booked <= capacity)
);
select weiyi_tenant_table('market_slots');

create table market_stock_movements (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  listing_id bigint not null,
  kind text not null check (kind in ('intake', 'return', 'sale', 'release', 'restock')),
  quantity_delta int not null check (quantity_delta <> 0),
  happened_on date not null default current_date,
  condition text check (condition is null or length(condition) <= 200),
  note text check (note is null or length(note) <= 200),
  order_id bigint,
  recorded_by bigint references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, listing_id) references market_listings(community_id, id),
  check ((kind in ('intake', 'release', 'restock')) = (quantity_delta > 0))
);
create index market_stock_movements_listing on market_stock_movements(community_id, listing_id);
select weiyi_tenant_table('market_stock_movements');
revoke update, delete on market_stock_movements from weiyi_app;
create trigger market_stock_movements_append_only before update or delete on market_stock_movements
  for each row execute function weiyi_refuse_change();

create function market_apply_stock_movement() returns trigger language plpgsql as $$
begin
  perform set_config('market.stock_movement', new.id::text, true);
  update market_listings set stock = stock + new.quantity_delta
   where community_id = new.community_id and id = new.listing_id;
  perform set_config('market.stock_movement', '', true);
  return new;
end $$;
create trigger market_stock_movements_apply after insert on market_stock_movements
  for each row execute function market_apply_stock_movement();

create function market_guard_stock() returns trigger language plpgsql as $$
begin
  if new.stock <> old.stock and coalesce(current_setting('market.stock_movement', true), '') = '' then
    raise exception 'market_listings.stock changes only through market_stock_movements' using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger market_listings_guard_stock before update on market_listings
  for each row execute function market_guard_stock();
