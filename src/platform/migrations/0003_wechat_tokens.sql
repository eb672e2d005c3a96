-- The access token of each WeChat service account, shared by every app process: WeChat keeps one
-- live token per account, so processes that each fetched their own would waste the daily quota
-- and, when one forces a refresh, knock the others' tokens out. Not a tenant table: an account
-- may serve several communities. Refreshed under an advisory lock (platform/wechat.ts).
create table wechat_tokens (
  appid text primary key check (appid ~ '^wx[0-9a-f]{16}$'),
  token text not null check (length(token) between 1 and 2048),
  expires_at timestamptz not null,
  refreshed_at timestamptz not null default now()
);
grant select, insert, update on wechat_tokens to weiyi_app;
revoke delete, truncate on wechat_tokens from weiyi_app;
