-- Payouts of a maker's pending take, acknowledged by the maker or a family member.

create table market_payouts (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  maker_id bigint not null,
  amount_fen bigint not null check (amount_fen > 0),
  method text not null check (method in ('cash', 'bank')),
  reference text check (reference is null or length(reference) <= 100),
  acknowledged_by text not null check (length(acknowledged_by) between 1 and 40),
  acknowledged_relation text not null check (length(acknowledged_relation) between 1 and 20),
  entry_id bigint not null,
  created_by bigint not null references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, maker_id) references market_makers(community_id, id)
);
create index market_payouts_maker on market_payouts(community_id, maker_id);
select weiyi_tenant_table('market_payouts');
revoke update, delete on market_payouts from weiyi_app;
create trigger market_payouts_append_only before update or delete on market_payouts
  for each row execute function weiyi_refuse_change();
