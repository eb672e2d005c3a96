-- A correction of the fund's book is proposed by staff and posted only when a supervisor who did
-- not propose it approves (issue 11: nobody moves the fund's money alone). Until then the entry
-- stands; one open proposal per entry.
create table ledger_corrections (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  entry_seq bigint not null,
  note text not null check (length(note) between 1 and 500),
  proposed_by bigint not null references users(id),
  status text not null default 'proposed' check (status in ('proposed', 'approved', 'rejected')),
  decided_by bigint references users(id),
  decided_at timestamptz,
  reject_reason text check (reject_reason is null or length(reject_reason) between 1 and 500),
  reversal_seq bigint,
  created_at timestamptz not null default now(),
  primary key (community_id, id),
  foreign key (community_id, entry_seq) references ledger_entries (community_id, seq),
  foreign key (community_id, reversal_seq) references ledger_entries (community_id, seq),
  check ((status = 'proposed') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  check ((status = 'approved') = (reversal_seq is not null)),
  check ((status = 'rejected') = (reject_reason is not null)),
  -- the four eyes, kept by the database
  check (decided_by is null or decided_by <> proposed_by)
);
create unique index ledger_corrections_one_open on ledger_corrections (community_id, entry_seq) where status = 'proposed';
select weiyi_tenant_table('ledger_corrections');
