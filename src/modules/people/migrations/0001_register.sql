-- The resident register (issue 11): who lives in the community, with the least data that serves.
-- A register entry belongs to a member (a row of `memberships`), so leaving the community or
-- closing the account removes it; the person themselves, a guardian for a child, or staff keep it.

-- People who live together, at an address from the community's address book.
create table households (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  address_id bigint,
  label text check (length(label) between 1 and 40),
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, address_id) references address_units(community_id, id),
  check (address_id is not null or label is not null)
);
select weiyi_tenant_table('households');

create table residents (
  community_id bigint not null,
  user_id bigint not null,
  -- the birth year, or where a person would rather not give it, an age band; never both
  birth_year int check (birth_year between 1900 and 2100),
  age_band text check (age_band in ('under_14', '14_17', '18_59', '60_79', '80_plus')),
  address_id bigint,
  household_id bigint,
  -- the groups the community serves that are not sensitive; hardship, disability and health are
  -- kept apart in resident_sensitive
  groups text[] not null default '{}' check (groups <@ array['children', 'youth', 'women', 'elderly']::text[]),
  -- null when the person registered themself
  registered_by bigint references users(id),
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (community_id, user_id),
  foreign key (community_id, user_id) references memberships(community_id, user_id) on delete cascade,
  foreign key (community_id, address_id) references address_units(community_id, id),
  foreign key (community_id, household_id) references households(community_id, id),
  check (birth_year is null or age_band is null)
);
create index residents_household on residents (community_id, household_id) where household_id is not null;
create index residents_address on residents (community_id, address_id) where address_id is not null;
select weiyi_tenant_table('residents');

-- Hardship, disability, health (PIPL Art. 28): read only by the roles that need them, and every
-- read is written to the audit log by the service that reads.
create table resident_sensitive (
  community_id bigint not null,
  user_id bigint not null,
  tags text[] not null check (tags <@ array['hardship', 'disabled', 'health']::text[]),
  note text check (length(note) between 1 and 200),
  updated_by bigint not null references users(id),
  updated_at timestamptz not null default now(),
  primary key (community_id, user_id),
  foreign key (community_id, user_id) references residents(community_id, user_id) on delete cascade
);
select weiyi_tenant_table('resident_sensitive');
