-- Accounts are global (one person, several communities); memberships and the audit log are
-- per community.

create table users (
  id bigint generated always as identity primary key,
  phone text not null unique check (phone ~ '^1[3-9][0-9]{9}$'),
  display_name text not null check (length(display_name) between 1 and 40),
  -- null for a resident registered by staff who has never set a password
  password_hash text,
  name_public boolean not null default false,
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);

create table sessions (
  id bigint generated always as identity primary key,
  token_hash bytea not null unique,
  user_id bigint not null references users(id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions(user_id) where revoked_at is null;

create table one_time_codes (
  id bigint generated always as identity primary key,
  phone text not null,
  purpose text not null check (purpose in ('login', 'reset')),
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts int not null default 0,
  used_at timestamptz
);
create index one_time_codes_phone on one_time_codes(phone, created_at desc);

-- Account-level events that belong to no community (login, password change).
create table account_events (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id),
  action text not null,
  at timestamptz not null default now()
);
revoke update, delete on account_events from weiyi_app;

create table memberships (
  community_id bigint not null references communities(id),
  user_id bigint not null references users(id),
  roles text[] not null default '{resident}'
    check (roles <@ array['resident','maker','org_leader','volunteer','clerk','staff','supervisor']::text[]),
  joined_at timestamptz not null default now(),
  primary key (community_id, user_id)
);
create index memberships_user on memberships(user_id);
alter table memberships enable row level security;
alter table memberships force row level security;
-- A member's own rows are visible across communities (my communities); others only inside one.
create policy tenant_isolation on memberships
  using (community_id = app_community_id() or user_id = app_user_id())
  with check (community_id = app_community_id());

-- A resident's consent that staff act on their behalf (代办).
create table proxy_consents (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  resident_id bigint not null references users(id),
  note text not null check (length(note) between 1 and 200),
  recorded_by bigint not null references users(id),
  recorded_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (community_id, id)
);
create unique index proxy_consents_active on proxy_consents(community_id, resident_id) where revoked_at is null;
select weiyi_tenant_table('proxy_consents');

create table audit_log (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  at timestamptz not null default now(),
  actor_id bigint references users(id),
  on_behalf_of bigint references users(id),
  action text not null,
  subject_type text not null,
  subject_id text not null,
  detail jsonb not null default '{}',
  primary key (community_id, id)
);
select weiyi_tenant_table('audit_log');
revoke update, delete on audit_log from weiyi_app;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function weiyi_refuse_change();

-- Looked up on every community request before any tenant transaction opens: one round trip,
-- and it returns only the asking pair's roles.
create function member_roles(c bigint, u bigint) returns text[] language sql stable security definer
  set search_path = public as
  $$ select roles from memberships where community_id = c and user_id = u $$;

create function has_proxy_consent(c bigint, resident bigint) returns boolean language sql stable security definer
  set search_path = public as
  $$ select exists (select 1 from proxy_consents where community_id = c and resident_id = resident and revoked_at is null) $$;
