-- A change of settings that weakens a check (raising the amount above which an expense needs two
-- supervisors) is not applied when it is asked for: a supervisor who did not ask approves it first.
create table setting_changes (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  changes jsonb not null check (jsonb_typeof(changes) = 'object'),
  -- the values the changed settings had when it was asked for, to show what it weakens
  before jsonb not null check (jsonb_typeof(before) = 'object'),
  proposed_by bigint not null references users(id),
  state text not null default 'pending' check (state in ('pending', 'approved', 'refused', 'withdrawn')),
  decided_by bigint references users(id),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  check ((state = 'pending') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  -- the four eyes, kept by the database: whoever asked does not approve or refuse it
  check (state in ('pending', 'withdrawn') or decided_by <> proposed_by)
);
select weiyi_tenant_table('setting_changes');
