-- Platform foundation: tenancy helpers, the application role's rights, communities.
-- Tenant tables have community_id first in their primary key and row-level security FORCEd, with
-- a policy that reads the community from the transaction setting app.community_id.

create function app_community_id() returns bigint language sql stable as
  $$ select nullif(current_setting('app.community_id', true), '')::bigint $$;
create function app_user_id() returns bigint language sql stable as
  $$ select nullif(current_setting('app.user_id', true), '')::bigint $$;

-- Turns on forced row-level security with the standard tenant policy.
create function weiyi_tenant_table(t regclass) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format('create policy tenant_isolation on %s using (community_id = app_community_id()) with check (community_id = app_community_id())', t);
end $$;

-- Refuses UPDATE and DELETE: for append-only tables.
create function weiyi_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
end $$;

grant usage on schema public to weiyi_app;
alter default privileges in schema public grant select, insert, update, delete on tables to weiyi_app;
alter default privileges in schema public grant usage, select on sequences to weiyi_app;
alter default privileges in schema public grant execute on functions to weiyi_app;

create table communities (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null check (length(name) between 1 and 80),
  district text not null default '' check (length(district) <= 40),
  street text not null default '' check (length(street) <= 40),
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);
