-- A test-only module's table: each run of its jobs, to count how often a job really ran.
create table probe_runs (
  community_id bigint not null references communities(id),
  id bigint generated always as identity,
  job_id uuid not null,
  key text not null,
  attempt int not null,
  pid int not null default pg_backend_pid(),
  at timestamptz not null default now(),
  primary key (community_id, id)
);
select weiyi_tenant_table('probe_runs');
