-- Idempotency keys for requests that move money or stock, and uploaded files.

create table idempotency_keys (
  community_id bigint not null references communities(id),
  user_id bigint not null references users(id),
  key text not null check (length(key) between 8 and 100),
  request_hash bytea not null,
  status_code int,
  response_body text,
  created_at timestamptz not null default now(),
  primary key (community_id, user_id, key)
);
select weiyi_tenant_table('idempotency_keys');

create table files (
  community_id bigint not null references communities(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  mime text not null,
  size_bytes int not null check (size_bytes > 0),
  width int,
  height int,
  original_name text not null default '' check (length(original_name) <= 200),
  uploaded_by bigint references users(id),
  uploaded_at timestamptz not null default now(),
  primary key (community_id, sha256)
);
select weiyi_tenant_table('files');
