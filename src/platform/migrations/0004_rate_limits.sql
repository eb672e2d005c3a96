-- Rate limits shared by every app process: each accepted attempt of a key within its window.
-- Keys are SHA-256 digests (a key may hold a phone number). Not a tenant table: the limits are
-- per person and per address across communities.
create table rate_limit_hits (
  key bytea not null,
  at timestamptz not null
);
create index rate_limit_hits_key_at on rate_limit_hits (key, at);

-- One attempt of `k` at `at`: 0 when allowed (and recorded), otherwise the seconds until the
-- oldest attempt of the window leaves it. The key's lock makes concurrent attempts from several
-- processes count one after another, as one process would.
create function rate_limit_hit(k bytea, at timestamptz, window_ms bigint, max_hits int) returns int
  language plpgsql as $$
declare
  recent int;
  oldest timestamptz;
  since timestamptz := at - window_ms * interval '1 millisecond';
begin
  perform pg_advisory_xact_lock(715101, hashtext(encode(k, 'hex')));
  delete from rate_limit_hits h where h.key = k and h.at <= since;
  select count(*), min(h.at) into recent, oldest from rate_limit_hits h where h.key = k;
  if recent >= max_hits then
    return greatest(1, ceil(extract(epoch from (oldest - since))))::int;
  end if;
  insert into rate_limit_hits (key, at) values (k, at);
  return 0;
end $$;
