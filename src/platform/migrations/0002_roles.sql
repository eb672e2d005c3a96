-- The roles a member can hold: the platform's and each installed module's. The migrator records
-- them from the module definitions after every run (platform/migrate.ts), so a module that adds a
-- role needs no migration of another module's table for it.
create table known_roles (
  name text primary key check (name ~ '^[a-z][a-z_]{1,30}$'),
  module text not null
);
grant select on known_roles to weiyi_app;
revoke insert, update, delete on known_roles from weiyi_app;
