-- Per-account, per-month totals of the postings, so the public summary, balances and a
-- disclosure's opening/closing balances read a few hundred rows instead of every posting.
-- It is derived data: kept by a trigger in the transaction that inserts the postings (under
-- the head lock postEntry already holds, so no row shared across communities), readable by the
-- app, writable only through that trigger, and rebuildable and checkable against the postings
-- (ledger_rebuild_totals, ledger_totals_mismatches).
--
-- The balance check also moves from "once per posting row plus once per entry" to "once per
-- entry": the entry's deferred trigger sums every posting of the entry at commit, and postings
-- may only be inserted for an entry created in the same transaction, so no posting can be
-- added to an entry whose balance was already checked.

create table ledger_account_months (
  community_id bigint not null,
  account_id bigint not null,
  -- the first day of the month, China time (UTC+8), of the entries' `at`
  month date not null,
  fen bigint not null,
  postings bigint not null check (postings >= 1),
  primary key (community_id, account_id, month),
  foreign key (community_id, account_id) references ledger_accounts(community_id, id)
);
select weiyi_tenant_table('ledger_account_months');
revoke insert, update, delete, truncate on ledger_account_months from weiyi_app;

-- The month an entry counts in, China time.
create function ledger_month(at timestamptz) returns date language sql immutable as
  $$ select date_trunc('month', (at at time zone 'UTC') + interval '8 hours')::date $$;

-- True when a row visible to this transaction was inserted by it (or one of its
-- subtransactions): a visible row whose inserting transaction is still in progress is ours.
-- xmin is 32 bits; it is placed in the epoch that puts it within 2^31 of our own xid.
create function ledger_is_own_row(row_xmin xid) returns boolean language sql volatile as $$
  select case when full_xid < 3 then false else pg_xact_status(full_xid::text::xid8) = 'in progress' end
    from (select case when base + lo > cur + 2147483648 then base + lo - 4294967296
                      when base + lo < cur - 2147483648 then base + lo + 4294967296
                      else base + lo end as full_xid
            from (select cur, cur - cur % 4294967296 as base, lo
                    from (select pg_current_xact_id()::text::bigint as cur, row_xmin::text::bigint as lo) raw) parts) ids
$$;

create function ledger_postings_inserted() returns trigger language plpgsql security definer set search_path = public as $$
declare
  stale record;
begin
  select n.community_id, n.seq into stale
    from (select distinct community_id, seq from new_postings) n
    join ledger_entries e on e.community_id = n.community_id and e.seq = n.seq
   where not ledger_is_own_row(e.xmin)
   limit 1;
  if found then
    raise exception 'ledger entry % of community % was posted by an earlier transaction: its postings are closed', stale.seq, stale.community_id
      using errcode = '23514';
  end if;
  insert into ledger_account_months as t (community_id, account_id, month, fen, postings)
  select n.community_id, n.account_id, ledger_month(e.at), sum(n.amount_fen), count(*)
    from new_postings n
    join ledger_entries e on e.community_id = n.community_id and e.seq = n.seq
   group by 1, 2, 3
   order by 1, 2, 3
  on conflict (community_id, account_id, month)
    do update set fen = t.fen + excluded.fen, postings = t.postings + excluded.postings;
  return null;
end $$;
revoke execute on function ledger_postings_inserted() from public, weiyi_app;

drop trigger ledger_postings_balanced on ledger_postings;
create trigger ledger_postings_inserted after insert on ledger_postings
  referencing new table as new_postings
  for each statement execute function ledger_postings_inserted();

-- The cached chart (ledger.service.ts) maps codes to ids: an account keeps its code and id.
create trigger ledger_accounts_code_fixed before update on ledger_accounts
  for each row when (old.code is distinct from new.code or old.id is distinct from new.id or old.community_id is distinct from new.community_id)
  execute function weiyi_refuse_change();

-- Rows where the stored totals differ from the postings' sums (none in a sound book).
create function ledger_totals_mismatches(p_community bigint)
  returns table (account_id bigint, month date, stored_fen bigint, computed_fen bigint, stored_postings bigint, computed_postings bigint)
  language sql stable as $$
  with computed as (
    select p.account_id, ledger_month(e.at) as month, sum(p.amount_fen)::bigint as fen, count(*)::bigint as postings
      from ledger_postings p
      join ledger_entries e on e.community_id = p.community_id and e.seq = p.seq
     where p.community_id = p_community
     group by 1, 2
  ), stored as (
    select t.account_id, t.month, t.fen, t.postings from ledger_account_months t where t.community_id = p_community
  )
  select coalesce(s.account_id, c.account_id), coalesce(s.month, c.month), s.fen, c.fen, s.postings, c.postings
    from stored s full join computed c on c.account_id = s.account_id and c.month = s.month
   where s.fen is distinct from c.fen or s.postings is distinct from c.postings
$$;

-- Recomputes a community's totals from its postings: after a bulk load with triggers off, or
-- if ledger_totals_mismatches ever finds a difference. Owner only.
create function ledger_rebuild_totals(p_community bigint) returns bigint language plpgsql as $$
declare
  written bigint;
begin
  delete from ledger_account_months where community_id = p_community;
  insert into ledger_account_months (community_id, account_id, month, fen, postings)
  select p.community_id, p.account_id, ledger_month(e.at), sum(p.amount_fen), count(*)
    from ledger_postings p
    join ledger_entries e on e.community_id = p.community_id and e.seq = p.seq
   where p.community_id = p_community
   group by 1, 2, 3;
  get diagnostics written = row_count;
  return written;
end $$;
revoke execute on function ledger_rebuild_totals(bigint) from public, weiyi_app;

-- Books posted before this migration.
insert into ledger_account_months (community_id, account_id, month, fen, postings)
select p.community_id, p.account_id, ledger_month(e.at), sum(p.amount_fen), count(*)
  from ledger_postings p
  join ledger_entries e on e.community_id = p.community_id and e.seq = p.seq
 group by 1, 2, 3;
