-- Shop jobs: residents employed in the shop, their shifts, and the wage expense each shift was
-- proposed under (through the ledger's approval flow).

create table market_shop_workers (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  user_id bigint not null references users(id),
  job text not null check (length(job) between 1 and 40),
  hourly_wage_fen bigint not null check (hourly_wage_fen > 0 and hourly_wage_fen <= 100000),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  unique (community_id, user_id)
);
select weiyi_tenant_table('market_shop_workers');

create table market_shifts (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  worker_id bigint not null,
  work_date date not null,
  minutes int not null check (minutes between 15 and 960),
  wage_fen bigint not null check (wage_fen >= 0),
  expense_id bigint,
  recorded_by bigint not null references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, worker_id) references market_shop_workers(community_id, id)
);
create index market_shifts_date on market_shifts(community_id, work_date);
select weiyi_tenant_table('market_shifts');
