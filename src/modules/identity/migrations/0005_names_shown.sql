-- Whether people agreed that their names be shown, for other modules' SQL: they ask here rather
-- than reading users themselves (the ledger's public version, which changes when one agrees).
create function names_shown(ids bigint[]) returns bigint[] language sql stable security definer
  set search_path = public as
  $$ select coalesce(array_agg(id order by id), '{}') from users where id = any(ids) and name_public $$;
