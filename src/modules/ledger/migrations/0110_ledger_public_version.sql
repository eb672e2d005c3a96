-- Everything a community's public fund pages depend on, as one short text: the head of the chain
-- (every entry, correction included, moves it), the number of accounts (accounts are never
-- removed or renamed; a new one adds a line to the summary) and which maker accounts show their
-- person's name (users.name_public can change at any time). The app keeps rendered public pages
-- per community and serves one again only while this text is unchanged. It is read in one round
-- trip before any tenant transaction opens (like member_roles), and says nothing that the public
-- pages do not already show.
create function ledger_public_version(c bigint) returns text language sql stable security definer
  set search_path = public as
  $$ select concat_ws('/',
       coalesce((select seq::text from ledger_heads where community_id = c), '-'),
       (select count(*)::text from ledger_accounts where community_id = c),
       coalesce((select md5(string_agg(lp.account_id::text, ',' order by lp.account_id))
                   from ledger_account_people lp join users u on u.id = lp.user_id
                  where lp.community_id = c and u.name_public), '-')) $$;
