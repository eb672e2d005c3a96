-- A membership's roles were checked against a fixed list; now against the roles the platform and
-- the installed modules declare (known_roles, recorded by the migrator).
alter table memberships drop constraint memberships_roles_check;

create function memberships_roles_known() returns trigger language plpgsql security definer
  set search_path = public as $$
declare
  unknown text;
begin
  select r into unknown from unnest(new.roles) as r where r not in (select name from known_roles) limit 1;
  if unknown is not null then
    raise exception 'role % is not declared by the platform or any installed module', unknown using errcode = '23514';
  end if;
  return new;
end $$;

create trigger memberships_roles_known before insert or update of roles on memberships
  for each row execute function memberships_roles_known();
