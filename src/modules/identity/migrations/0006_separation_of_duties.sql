-- Nobody moves the fund's money alone (issue 11): whoever checks the work does not do it.

-- Nobody is both community staff and supervisor (居务监督) in one community. NOT VALID: a member an
-- older install made both keeps their row until someone changes their roles, which must then drop
-- one of the two; every new or changed row is checked.
alter table memberships add constraint memberships_staff_not_supervisor
  check (not (roles @> array['staff', 'supervisor'])) not valid;

-- A supervisor is appointed by a platform administrator, or proposed by staff and confirmed by a
-- platform administrator or a supervisor who is neither the proposer nor the appointee. Staff may
-- withdraw a pending proposal (it grants nothing).
create table role_appointments (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  user_id bigint not null references users(id),
  role text not null check (role = 'supervisor'),
  proposed_by bigint not null references users(id),
  state text not null default 'pending' check (state in ('pending', 'confirmed', 'refused', 'withdrawn')),
  decided_by bigint references users(id),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  check ((state = 'pending') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  check (proposed_by <> user_id),
  -- the four eyes, kept by the database: a proposal is confirmed or refused by someone else
  check (state in ('pending', 'withdrawn') or (decided_by <> proposed_by and decided_by <> user_id))
);
create unique index role_appointments_one_pending on role_appointments (community_id, user_id, role) where state = 'pending';
select weiyi_tenant_table('role_appointments');
