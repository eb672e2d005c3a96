import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules/index.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { sharedTablesOf } from '../../src/platform/module.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-db.ts';
import { distributionScript, findDistributionProblems, type TableClasses } from '../support/shardable.ts';

// The schema stays ready to be distributed by community on Citus (docs/scaling.md): every table
// with a community_id is a tenant table, distributed by it and colocated with the others; every
// other table is classified by its module (`sharedTables`) as a reference table or a local one,
// with the reason. A new table without community_id fails this test until its module decides which.

// The classification lives with the tables: the platform's, and each module's `sharedTables`.
const CLASSES: TableClasses = sharedTablesOf(MODULES);

let db: ScratchDatabase;
beforeAll(async () => {
  db = await scratchDatabase();
  await migrate(db.owner, MODULES);
}, 120_000);
afterAll(() => db.close());

async function tenantTables(): Promise<string[]> {
  const rows = await db.owner.query<{ name: string }>(
    `select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'community_id' and not a.attisdropped)`,
  );
  return rows.map((r) => r.name).sort();
}

describe('the schema can be distributed by community_id', () => {
  it('keeps community_id first in every tenant key and foreign key, in every unique index, with RLS forced, and every other table classified', async () => {
    const problems = await findDistributionProblems(db.owner, CLASSES);
    expect(problems.map((p) => p.message)).toEqual([]);
    expect((await tenantTables()).length).toBeGreaterThan(20);
  });

  it('has a distribution script that copies every reference table and distributes every tenant table after the tables it references', async () => {
    const calls = (await distributionScript(db.owner, CLASSES)).map((line) => {
      const [, call, table] = /select (create_reference_table|create_distributed_table)\('(\w+)'/.exec(line)!;
      return { call: call!, table: table! };
    });
    expect(
      calls
        .filter((c) => c.call === 'create_reference_table')
        .map((c) => c.table)
        .sort(),
    ).toEqual(Object.keys(CLASSES.reference).sort());
    expect(
      calls
        .filter((c) => c.call === 'create_distributed_table')
        .map((c) => c.table)
        .sort(),
    ).toEqual(await tenantTables());
    const position = new Map(calls.map((c, i) => [c.table, i]));
    const references = await db.owner.query<{ from: string; to: string }>(
      `select conrelid::regclass::text as from, confrelid::regclass::text as to
         from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace and conrelid <> confrelid`,
    );
    const tooEarly = references
      .filter((r) => position.has(r.from) && position.has(r.to) && position.get(r.to)! > position.get(r.from)!)
      .map((r) => `${r.from} comes before ${r.to}, which it references`);
    expect(tooEarly).toEqual([]);
  });

  it('names the table and the constraint of each kind of break', async () => {
    // Probe tables in a transaction that is rolled back: the first test's schema is untouched.
    await db.owner.exec(`begin;
      create table probe_parent (community_id bigint not null references communities(id), id bigint not null, primary key (community_id, id));
      select weiyi_tenant_table('probe_parent');
      create table probe_no_rls (community_id bigint not null, id bigint not null, primary key (community_id, id));
      create table probe_open_policy (community_id bigint not null, id bigint not null, primary key (community_id, id));
      alter table probe_open_policy enable row level security;
      alter table probe_open_policy force row level security;
      create policy everyone on probe_open_policy using (true);
      create table probe_global_key (id bigint primary key, community_id bigint not null);
      select weiyi_tenant_table('probe_global_key');
      create table probe_int_tenant (community_id int not null, id bigint not null, primary key (community_id, id));
      select weiyi_tenant_table('probe_int_tenant');
      create table probe_child (
        community_id bigint not null,
        id bigint not null,
        code text not null,
        parent_id bigint,
        session_id bigint,
        primary key (community_id, id),
        constraint probe_child_code unique (code),
        constraint probe_child_global foreign key (parent_id) references probe_global_key (id),
        constraint probe_child_parent_late foreign key (parent_id, community_id) references probe_parent (id, community_id),
        constraint probe_child_session foreign key (session_id) references sessions (id),
        constraint probe_child_community foreign key (community_id) references communities (id) on delete set null
      );
      create unique index probe_child_code_lower on probe_child (lower(code)) where parent_id is null;
      select weiyi_tenant_table('probe_child');
      create table probe_unlisted (id bigint primary key);
      create table probe_register (id bigint primary key, community_id_of bigint, parent_id bigint,
        constraint probe_register_parent foreign key (community_id_of, parent_id) references probe_parent (community_id, id));`);
    try {
      const classes: TableClasses = {
        reference: { ...CLASSES.reference, probe_register: 'a probe', probe_gone: 'a probe' },
        local: { ...CLASSES.local, probe_parent: 'a probe' },
      };
      const problems = (await findDistributionProblems(db.owner, classes)).filter((p) => p.table.startsWith('probe_'));
      expect(problems.map((p) => [p.table, p.constraint ?? '', p.rule]).sort()).toEqual(
        [
          ['probe_gone', '', 'listed-but-missing'],
          ['probe_parent', '', 'listed-but-tenant'],
          ['probe_unlisted', '', 'unclassified'],
          ['probe_no_rls', '', 'row-level-security'],
          ['probe_open_policy', '', 'row-level-security'],
          ['probe_global_key', 'probe_global_key_pkey', 'primary-key'],
          ['probe_int_tenant', '', 'community-id-type'],
          ['probe_child', 'probe_child_code', 'unique-without-community'],
          ['probe_child', 'probe_child_code_lower', 'unique-without-community'],
          ['probe_child', 'probe_child_global', 'foreign-key-without-community'],
          ['probe_child', 'probe_child_parent_late', 'foreign-key-without-community'],
          ['probe_child', 'probe_child_session', 'foreign-key-to-local'],
          ['probe_child', 'probe_child_community', 'foreign-key-action'],
          ['probe_register', 'probe_register_parent', 'foreign-key-from-shared'],
        ].sort(),
      );
      // Each message says what to change.
      const message = (constraint: string) => problems.find((p) => p.constraint === constraint)!.message;
      expect(message('probe_global_key_pkey')).toContain('make it (community_id, id)');
      expect(message('probe_child_code')).toContain('make it (community_id, code)');
      expect(message('probe_child_global')).toContain('make it foreign key (community_id, parent_id) references probe_global_key (community_id, id)');
      expect(problems.find((p) => p.rule === 'unclassified')!.message).toContain('sharedTables');
      expect(problems.find((p) => p.table === 'probe_no_rls')!.message).toContain(`select weiyi_tenant_table('probe_no_rls');`);
    } finally {
      await db.owner.exec('rollback');
    }
  });
});
