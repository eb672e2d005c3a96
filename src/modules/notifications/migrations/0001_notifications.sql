-- Notifications: what the platform told a person (the in-app inbox), and each delivery of it by an
-- outside channel (SMS, WeChat) with its outcome. A person's choices are theirs across communities.

create table notifications (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  user_id bigint not null references users(id),
  topic text not null check (topic ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$' and length(topic) <= 60),
  title text not null check (length(title) between 1 and 100),
  body text not null default '' check (length(body) <= 1000),
  -- a page of the app, never another site
  link text check (link ~ '^/[a-z0-9]' and length(link) <= 300),
  urgent boolean not null default false,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  primary key (community_id, id)
);
create index notifications_user on notifications (user_id, created_at desc);
create index notifications_unread on notifications (user_id) where read_at is null;
select weiyi_tenant_table('notifications');
-- A person reads their own inbox across their communities, and marks it read; nothing else changes.
create policy own_rows on notifications for select using (user_id = app_user_id());
create policy own_rows_read on notifications for update using (user_id = app_user_id()) with check (user_id = app_user_id());
revoke update, delete on notifications from weiyi_app;
grant update (read_at) on notifications to weiyi_app;

create table notification_deliveries (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  notification_id bigint not null,
  channel text not null check (channel in ('sms', 'wechat')),
  state text not null default 'queued' check (state in ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts int not null default 0,
  -- kept back by the person's quiet hours until then
  held_until timestamptz,
  -- why it failed or was skipped, in words staff can act on
  error text check (length(error) <= 500),
  provider_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (community_id, id),
  foreign key (community_id, notification_id) references notifications (community_id, id),
  unique (community_id, notification_id, channel)
);
select weiyi_tenant_table('notification_deliveries');
revoke delete on notification_deliveries from weiyi_app;

-- A person's choices: which outside channels may reach them, and the hours they keep quiet (China time).
create table notification_preferences (
  user_id bigint primary key references users(id),
  sms boolean not null default true,
  wechat boolean not null default true,
  quiet_start time,
  quiet_end time,
  updated_at timestamptz not null default now(),
  check ((quiet_start is null) = (quiet_end is null))
);

-- The person's openid under the install's WeChat service account, once they have bound it.
create table notification_wechat_bindings (
  user_id bigint primary key references users(id),
  appid text not null,
  openid text not null check (length(openid) between 10 and 64),
  bound_at timestamptz not null default now(),
  unique (appid, openid)
);
