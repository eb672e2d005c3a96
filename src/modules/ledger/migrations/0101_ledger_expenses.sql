-- Expenses from the fund go through four eyes: staff propose, supervisors who did not propose
-- approve (two of them above the community's threshold), staff pay, and paying posts the entry.

create table ledger_expenses (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  purpose text not null,
  payee text not null check (length(payee) between 1 and 80),
  payee_is_person boolean not null,
  payee_name_public boolean not null default false,
  amount_fen bigint not null check (amount_fen between 1 and 10000000000),
  memo text not null check (length(memo) between 1 and 500),
  attachments text[] not null default '{}',
  status text not null default 'proposed' check (status in ('proposed', 'approved', 'rejected', 'paid')),
  required_approvals smallint not null check (required_approvals in (1, 2)),
  proposed_by bigint not null references users(id),
  proposed_at timestamptz not null default now(),
  rejected_by bigint references users(id),
  reject_reason text check (length(reject_reason) between 1 and 500),
  decided_at timestamptz,
  paid_by bigint references users(id),
  paid_at timestamptz,
  paid_from text check (paid_from in ('cash', 'bank')),
  entry_seq bigint,
  primary key (community_id, id),
  foreign key (community_id, purpose) references ledger_accounts(community_id, code),
  foreign key (community_id, entry_seq) references ledger_entries(community_id, seq),
  check ((status = 'paid') = (entry_seq is not null)),
  check ((status = 'rejected') = (reject_reason is not null))
);
create index ledger_expenses_status on ledger_expenses(community_id, status, id);
select weiyi_tenant_table('ledger_expenses');
revoke delete, truncate on ledger_expenses from weiyi_app;

create table ledger_expense_approvals (
  community_id bigint not null,
  expense_id bigint not null,
  supervisor_id bigint not null references users(id),
  at timestamptz not null default now(),
  primary key (community_id, expense_id, supervisor_id),
  foreign key (community_id, expense_id) references ledger_expenses(community_id, id)
);
select weiyi_tenant_table('ledger_expense_approvals');
revoke update, delete, truncate on ledger_expense_approvals from weiyi_app;
create trigger ledger_expense_approvals_append_only before update or delete on ledger_expense_approvals
  for each row execute function weiyi_refuse_change();

-- Nobody approves their own expense, whatever the application does.
create function ledger_check_not_own_expense() returns trigger language plpgsql as $$
begin
  if exists (select 1 from ledger_expenses where community_id = new.community_id and id = new.expense_id and proposed_by = new.supervisor_id) then
    raise exception 'expense % cannot be approved by its proposer', new.expense_id using errcode = '23514';
  end if;
  return new;
end $$;
create trigger ledger_expense_approvals_not_own before insert on ledger_expense_approvals
  for each row execute function ledger_check_not_own_expense();
