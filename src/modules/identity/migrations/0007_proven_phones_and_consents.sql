-- Who a person is (issue 11): a phone number is proven by a code before it is anyone's, and 代办,
-- a family carer and a guardian rest on consent that the person gave, in a form that proves it.

-- A person the community registered who has no phone of their own (many elders, every child) has
-- a row here with no number: they cannot sign in, and staff act for them only with their consent.
-- A number is written here only once a code sent to it has come back.
alter table users alter column phone drop not null;
-- Closing an account (PIPL Art. 47) keeps the row, for the records that must outlive it (the fund's
-- book, sales), and removes what identified the person.
alter table users add column closed_at timestamptz;
alter table users add constraint users_closed_has_no_number
  check (closed_at is null or (phone is null and password_hash is null and not name_public));

alter table one_time_codes drop constraint one_time_codes_purpose_check;
alter table one_time_codes add constraint one_time_codes_purpose_check
  check (purpose in ('login', 'reset', 'register', 'link', 'consent'));

-- Consent, the person's own. `person_id` is whose data or whose acts it is about; `given_by` is
-- who consented: the person, or for a child under 14 their guardian (PIPL Art. 31).
--   act_for   staff may act on the person's behalf (代办)
--   carer     `grantee_id`, a family member, may act for the person (a son orders his mother's meals)
--   guardian  `grantee_id` is the child's guardian, who consents for the child
-- It is given by a code sent to the giver's phone and read back (code), by the giver signed in
-- (self), or on a signed paper form whose photo is kept and which a second staff member
-- countersigns (paper). Until it is countersigned a paper consent authorises nothing.
create table consents (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  person_id bigint not null references users(id),
  purpose text not null check (purpose in ('act_for', 'carer', 'guardian')),
  grantee_id bigint references users(id),
  given_by bigint not null references users(id),
  method text not null check (method in ('recorded', 'code', 'paper', 'self')),
  note text not null check (length(note) between 1 and 200),
  form_sha256 text,
  recorded_by bigint references users(id),
  countersigned_by bigint references users(id),
  countersigned_at timestamptz,
  created_at timestamptz not null default now(),
  active_from timestamptz,
  withdrawn_at timestamptz,
  withdrawn_by bigint references users(id),
  primary key (community_id, id),
  foreign key (community_id, form_sha256) references files(community_id, sha256),
  check ((purpose = 'act_for') = (grantee_id is null)),
  check (grantee_id is null or grantee_id <> person_id),
  check (given_by = case when purpose = 'guardian' then grantee_id else person_id end),
  check ((method = 'paper') = (form_sha256 is not null)),
  check (method = 'self' or recorded_by is not null),
  -- the four eyes: a paper form is countersigned by someone other than who recorded it
  check (countersigned_by is null or countersigned_by <> recorded_by),
  check ((countersigned_by is null) = (countersigned_at is null)),
  check (method = 'paper' or countersigned_by is null),
  check (case method when 'recorded' then active_from is null
                     when 'paper' then (active_from is null) = (countersigned_by is null)
                     else active_from is not null end),
  check ((withdrawn_at is null) = (withdrawn_by is null))
);
create unique index consents_one_open on consents (community_id, person_id, purpose, coalesce(grantee_id, 0))
  where withdrawn_at is null and method <> 'recorded';
create index consents_grantee on consents (community_id, grantee_id) where grantee_id is not null;
select weiyi_tenant_table('consents');
revoke delete on consents from weiyi_app;

-- Consents recorded before proof was asked for are kept for the record but authorise nothing:
-- staff confirm them again by a code or a countersigned form.
insert into consents (community_id, person_id, purpose, given_by, method, note, recorded_by, created_at, withdrawn_at, withdrawn_by)
  select community_id, resident_id, 'act_for', resident_id, 'recorded', note, recorded_by, recorded_at, revoked_at,
         case when revoked_at is null then null else recorded_by end
  from proxy_consents;
drop function has_proxy_consent(bigint, bigint);
drop table proxy_consents;

create function has_proxy_consent(c bigint, resident bigint) returns boolean language sql stable security definer
  set search_path = public as
  $$ select exists (select 1 from consents where community_id = c and person_id = resident and purpose = 'act_for'
                     and active_from is not null and withdrawn_at is null) $$;
