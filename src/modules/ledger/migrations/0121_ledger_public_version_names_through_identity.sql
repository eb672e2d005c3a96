-- ledger_public_version (0111) read users itself; identity now answers who agreed to show their
-- name (names_shown, identity/0005), so the ledger's SQL reads only the ledger's tables. Same result.
create or replace function ledger_public_version(c bigint) returns text language plpgsql stable security definer
  set search_path = public as $$
begin
  return concat_ws('/',
    coalesce((select seq::text from ledger_heads where community_id = c), '-'),
    (select count(*)::text from ledger_accounts where community_id = c),
    coalesce((select md5(string_agg(lp.account_id::text, ',' order by lp.account_id))
                from ledger_account_people lp
               where lp.community_id = c
                 and lp.user_id = any(names_shown(array(select user_id from ledger_account_people where community_id = c)))), '-'));
end $$;
