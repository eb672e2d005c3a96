-- The community's address book: every dwelling of its estates (小区 / 楼栋 / 单元 / 室). People
-- and services point at these rows instead of typing addresses, so counts by estate or building
-- add up. An address is never deleted: one that no longer exists is retired and kept for history.
create table address_units (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  estate text not null check (length(estate) between 1 and 40),
  building text not null check (length(building) between 1 and 20),
  entrance text not null default '' check (length(entrance) <= 20),
  room text not null check (length(room) between 1 and 20),
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  unique (community_id, estate, building, entrance, room)
);
create index address_units_building on address_units (community_id, estate, building);
select weiyi_tenant_table('address_units');
revoke delete on address_units from weiyi_app;
