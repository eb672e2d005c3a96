-- The person behind a maker's sub-account (maker_payable:…), so public views can show the name
-- only when that person agreed (users.name_public) and mask it (张*兰) otherwise. A maker
-- sub-account without a row here is always masked.
create table ledger_account_people (
  community_id bigint not null,
  account_id bigint not null,
  user_id bigint not null references users(id),
  primary key (community_id, account_id),
  foreign key (community_id, account_id) references ledger_accounts(community_id, id)
);
select weiyi_tenant_table('ledger_account_people');
revoke update, delete, truncate on ledger_account_people from weiyi_app;
