-- The community fund's book: chart of accounts, a per-community head row, journal entries and
-- their postings. The database itself keeps the rules (DESIGN §5 "The ledger"):
--   * an entry's postings sum to zero and there are at least two (checked at commit);
--   * entries and postings are never updated, deleted or truncated;
--   * a posting's account belongs to the entry's community (composite foreign key);
--   * entries are numbered 1, 2, 3… per community without gaps, each carrying the previous hash.
-- The hash itself is computed by the application over the canonical encoding in
-- docs/ledger-format.md and checked by `weiyi ledger verify`.

create table ledger_accounts (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  code text not null check (code ~ '^[a-z][a-z0-9_]*(:[a-z0-9][a-z0-9_-]{0,39}){0,3}$'),
  parent_code text,
  kind text not null check (kind in ('asset', 'liability', 'income', 'expense')),
  name_zh text not null check (length(name_zh) between 1 and 80),
  name_en text not null check (length(name_en) between 1 and 80),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  unique (community_id, code),
  foreign key (community_id, parent_code) references ledger_accounts(community_id, code)
);
select weiyi_tenant_table('ledger_accounts');
revoke delete, truncate on ledger_accounts from weiyi_app;

-- One row per community: the number and hash of the last entry. Locked FOR UPDATE by the
-- transaction that posts, which serialises numbering within a community only.
create table ledger_heads (
  community_id bigint not null references communities(id),
  seq bigint not null default 0 check (seq >= 0),
  hash text not null default repeat('0', 64) check (hash ~ '^[0-9a-f]{64}$'),
  primary key (community_id)
);
select weiyi_tenant_table('ledger_heads');
revoke delete, truncate on ledger_heads from weiyi_app;

create table ledger_entries (
  community_id bigint not null references communities(id),
  seq bigint not null check (seq >= 1),
  at timestamptz not null,
  kind text not null check (kind in ('sale', 'refund', 'payout', 'income', 'expense', 'performance', 'grant', 'correction', 'opening')),
  memo text not null check (length(memo) between 1 and 500),
  -- the counterparty as the public sees it (a person's name masked unless they agreed)
  party text check (length(party) between 1 and 80),
  source_type text check (source_type ~ '^[a-z][a-z_]{0,39}$'),
  source_id text check (length(source_id) between 1 and 80),
  reverses bigint,
  correction_note text check (length(correction_note) between 1 and 500),
  attachments text[] not null default '{}',
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  recorded_at timestamptz not null default now(),
  primary key (community_id, seq),
  foreign key (community_id, reverses) references ledger_entries(community_id, seq),
  check ((source_type is null) = (source_id is null)),
  check (reverses is null or correction_note is not null)
);
-- An entry is reversed at most once.
create unique index ledger_entries_reverses on ledger_entries(community_id, reverses) where reverses is not null;
create index ledger_entries_at on ledger_entries(community_id, at);
select weiyi_tenant_table('ledger_entries');

create table ledger_postings (
  community_id bigint not null,
  seq bigint not null,
  line smallint not null check (line >= 1),
  account_id bigint not null,
  amount_fen bigint not null check (amount_fen <> 0 and abs(amount_fen) <= 10000000000),
  primary key (community_id, seq, line),
  foreign key (community_id, seq) references ledger_entries(community_id, seq),
  foreign key (community_id, account_id) references ledger_accounts(community_id, id)
);
create index ledger_postings_account on ledger_postings(community_id, account_id, seq);
select weiyi_tenant_table('ledger_postings');

-- Append-only: no privilege, and a trigger for anyone who has the privilege anyway.
revoke update, delete, truncate on ledger_entries, ledger_postings from weiyi_app;
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function weiyi_refuse_change();
create trigger ledger_postings_append_only before update or delete on ledger_postings
  for each row execute function weiyi_refuse_change();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
  for each statement execute function weiyi_refuse_change();
create trigger ledger_postings_no_truncate before truncate on ledger_postings
  for each statement execute function weiyi_refuse_change();

-- Gap-free numbering and the chain link: entry n carries entry n-1's hash (or 64 zeros for n = 1).
create function ledger_check_link() returns trigger language plpgsql as $$
declare
  previous text;
begin
  if new.seq = 1 then
    previous := repeat('0', 64);
  else
    select hash into previous from ledger_entries where community_id = new.community_id and seq = new.seq - 1;
    if previous is null then
      raise exception 'ledger entry % of community % leaves a gap', new.seq, new.community_id using errcode = '23514';
    end if;
  end if;
  if new.prev_hash <> previous then
    raise exception 'ledger entry % of community % does not link to entry %', new.seq, new.community_id, new.seq - 1 using errcode = '23514';
  end if;
  return new;
end $$;
create trigger ledger_entries_link before insert on ledger_entries
  for each row execute function ledger_check_link();

-- Balanced, with two or more postings: checked at commit, once every posting is in.
create function ledger_check_balanced() returns trigger language plpgsql as $$
declare
  total numeric;
  lines int;
begin
  select coalesce(sum(amount_fen), 0), count(*) into total, lines
    from ledger_postings where community_id = new.community_id and seq = new.seq;
  if lines < 2 then
    raise exception 'ledger entry % of community % has % posting(s); two or more are needed', new.seq, new.community_id, lines using errcode = '23514';
  end if;
  if total <> 0 then
    raise exception 'ledger entry % of community % does not balance (off by % fen)', new.seq, new.community_id, total using errcode = '23514';
  end if;
  return null;
end $$;
create constraint trigger ledger_entries_balanced after insert on ledger_entries
  deferrable initially deferred for each row execute function ledger_check_balanced();
create constraint trigger ledger_postings_balanced after insert on ledger_postings
  deferrable initially deferred for each row execute function ledger_check_balanced();
