-- 微益+ makers (社区达人): a resident who applied, or a maker staff created on someone's behalf
-- with their consent recorded. An organisation (a troupe) is paid through org_payable.

create table market_makers (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  user_id bigint references users(id),
  kind text not null check (kind in ('person', 'organisation')),
  name text not null check (length(name) between 1 and 60),
  story text not null default '' check (length(story) <= 2000),
  crafts text not null default '' check (length(crafts) <= 200),
  photo_sha256 text,
  status text not null check (status in ('applied', 'approved', 'rejected')),
  -- how the maker agreed that staff list on their behalf (null when they applied themselves)
  consent_note text check (consent_note is null or length(consent_note) between 1 and 200),
  decision_reason text,
  payable_account text,
  created_by bigint not null references users(id),
  decided_by bigint references users(id),
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, photo_sha256) references files(community_id, sha256),
  check (status <> 'approved' or payable_account is not null)
);
create unique index market_makers_user on market_makers(community_id, user_id) where user_id is not null;
select weiyi_tenant_table('market_makers');
