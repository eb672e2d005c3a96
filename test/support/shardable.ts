import type { OwnerConnection } from '../../src/platform/db.ts';

// The rules a schema keeps so that Citus can distribute its tenant tables by community_id
// (docs/scaling.md), read from the catalogue of a migrated database. Citus refuses, at
// create_distributed_table, a primary key, unique index or foreign key that leaves the
// distribution column out; these rules find them while the schema is still on one server.

/** How a table would live on Citus. Tenant tables are found by their community_id column; the others are listed by name with a reason. */
export interface TableClasses {
  /** Copied to every node: tenant tables may reference them and join them on any node. */
  reference: Readonly<Record<string, string>>;
  /** Kept on the coordinator only: nothing distributed references them or joins them. */
  local: Readonly<Record<string, string>>;
}

export type Rule =
  | 'unclassified'
  | 'listed-but-missing'
  | 'listed-but-tenant'
  | 'primary-key'
  | 'community-id-type'
  | 'unique-without-community'
  | 'foreign-key-without-community'
  | 'foreign-key-action'
  | 'foreign-key-to-local'
  | 'foreign-key-from-shared'
  | 'row-level-security';

export interface DistributionProblem {
  table: string;
  /** The constraint or index the problem is in, when it is in one. */
  constraint?: string;
  rule: Rule;
  /** What is wrong and what to change, for the developer who reads the failing test. */
  message: string;
}

type Kind = 'tenant' | 'reference' | 'local' | 'unclassified';

interface TableRow {
  schema: string;
  name: string;
  rls: boolean;
  forced: boolean;
  community_type: string | null;
  community_not_null: boolean | null;
}

interface ConstraintRow {
  table: string;
  name: string;
  columns: string[];
  referenced: string;
  referenced_columns: string[];
  on_update: string;
  on_delete: string;
  definition: string;
}

interface UniqueIndexRow {
  table: string;
  name: string;
  is_primary: boolean;
  constraint_name: string | null;
  columns: string[];
  definition: string;
}

interface PolicyRow {
  table: string;
  name: string;
  using: string | null;
}

// A table's name as the rules print it: bare in public, schema-qualified elsewhere.
const QUALIFIED = `case when n.nspname = 'public' then c.relname::text else n.nspname || '.' || c.relname end`;
const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

const ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** Every way the schema of `owner`'s database breaks a rule of distribution by community_id, given how the non-tenant tables are classified. */
export async function findDistributionProblems(owner: OwnerConnection, classes: TableClasses): Promise<DistributionProblem[]> {
  const tables = await owner.query<TableRow>(`
    select n.nspname as schema, ${QUALIFIED} as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           format_type(a.atttypid, a.atttypmod) as community_type, a.attnotnull as community_not_null
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attname = 'community_id' and not a.attisdropped
     where c.relkind in ('r', 'p') and not c.relispartition and ${USER_SCHEMAS}
     order by 2`);
  const kinds = new Map<string, Kind>(tables.map((t) => [t.name, kindOf(t, classes)]));
  const problems: DistributionProblem[] = [];
  const add = (table: string, rule: Rule, message: string, constraint?: string) =>
    problems.push({ table, rule, message, ...(constraint === undefined ? {} : { constraint }) });

  for (const [listName, list] of [
    ['reference', classes.reference],
    ['local', classes.local],
  ] as const) {
    for (const name of Object.keys(list)) {
      const kind = kinds.get(name);
      if (kind === undefined)
        add(name, 'listed-but-missing', `${name} is listed as a ${listName} table, but the schema has no such table: remove it from the list.`);
      else if (kind === 'tenant')
        add(
          name,
          'listed-but-tenant',
          `${name} has a community_id column, so it is a tenant table distributed by community, but it is also listed as a ${listName} table: remove it from the list.`,
        );
    }
  }

  for (const t of tables) {
    const kind = kinds.get(t.name)!;
    if (kind === 'unclassified')
      add(
        t.name,
        'unclassified',
        `${t.name} has no community_id column and is not classified: give it community_id (first in its primary key) if its rows belong to one community, ` +
          `or classify it in its module's definition (sharedTables: reference, copied to every node, or local, kept on the coordinator; the platform's in PLATFORM_SHARED_TABLES), with the reason.`,
      );
    if (kind !== 'tenant') continue;
    if (t.community_type !== 'bigint' || !t.community_not_null)
      add(
        t.name,
        'community-id-type',
        `${t.name}.community_id is ${t.community_type}${t.community_not_null ? ' not null' : ', nullable'}: make it bigint not null references communities(id), ` +
          `like every tenant table, so that all of them share one distribution and a row always has a shard.`,
      );
    if (!t.rls || !t.forced)
      add(
        t.name,
        'row-level-security',
        `${t.name} is a tenant table without row-level security ${t.rls ? 'forced' : 'enabled'}: add \`select weiyi_tenant_table('${t.name}');\` to the migration that creates it.`,
      );
  }

  const policies = await owner.query<PolicyRow>(`
    select ${QUALIFIED} as table, p.polname as name, pg_get_expr(p.polqual, p.polrelid) as using
      from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where ${USER_SCHEMAS}`);
  for (const t of tables) {
    if (kinds.get(t.name) !== 'tenant' || !t.rls || !t.forced) continue;
    const scoped = policies.some((p) => p.table === t.name && /\bcommunity_id = app_community_id\(\)/.test(p.using ?? ''));
    if (!scoped)
      add(
        t.name,
        'row-level-security',
        `${t.name} has row-level security forced but no policy that keeps a transaction to community_id = app_community_id(): use weiyi_tenant_table('${t.name}') for the standard policy.`,
      );
  }

  const uniques = await owner.query<UniqueIndexRow>(`
    select ${QUALIFIED} as table, ic.relname as name, i.indisprimary as is_primary, con.conname as constraint_name,
           array(select coalesce(a.attname::text, '(expression)') from generate_series(0, i.indnkeyatts - 1) k
                   left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k] order by k) as columns,
           pg_get_indexdef(i.indexrelid) as definition
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_class ic on ic.oid = i.indexrelid
      left join pg_constraint con on con.conindid = i.indexrelid and con.contype in ('p', 'u')
     where i.indisunique and ${USER_SCHEMAS}
     order by 1, 2`);
  for (const t of tables) {
    if (kinds.get(t.name) !== 'tenant') continue;
    const primary = uniques.find((u) => u.table === t.name && u.is_primary);
    if (!primary)
      add(
        t.name,
        'primary-key',
        `${t.name} is a tenant table without a primary key: give it one that starts with community_id, e.g. primary key (community_id, id).`,
      );
    else if (primary.columns[0] !== 'community_id')
      add(
        t.name,
        'primary-key',
        `${t.name}'s primary key ${primary.name} is (${primary.columns.join(', ')}): make it (community_id, ${primary.columns.filter((c) => c !== 'community_id').join(', ')}), ` +
          `so that a community's rows sort together and Citus can distribute the table by community_id.`,
        primary.constraint_name ?? primary.name,
      );
  }
  for (const u of uniques) {
    if (kinds.get(u.table) !== 'tenant' || u.is_primary || u.columns.includes('community_id')) continue;
    const what = u.constraint_name ? `unique constraint ${u.constraint_name}` : `unique index ${u.name} (${u.definition})`;
    add(
      u.table,
      'unique-without-community',
      `${u.table}: ${what} on (${u.columns.join(', ')}) leaves out community_id: make it (community_id, ${u.columns.join(', ')}). ` +
        `Citus checks uniqueness inside one shard only, so it refuses a unique index without the distribution column.`,
      u.constraint_name ?? u.name,
    );
  }

  const foreignKeys = await owner.query<ConstraintRow>(`
    select ${QUALIFIED} as table, con.conname as name,
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
           (select case when rn.nspname = 'public' then rc.relname::text else rn.nspname || '.' || rc.relname end
              from pg_class rc join pg_namespace rn on rn.oid = rc.relnamespace where rc.oid = con.confrelid) as referenced,
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as referenced_columns,
           con.confupdtype as on_update, con.confdeltype as on_delete, pg_get_constraintdef(con.oid) as definition
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
     where con.contype = 'f' and ${USER_SCHEMAS}
     order by 1, 2`);
  for (const fk of foreignKeys) {
    const from = kinds.get(fk.table);
    const to = kinds.get(fk.referenced);
    if (from === undefined || to === undefined || from === 'unclassified' || to === 'unclassified') continue;
    const where = `${fk.table}: foreign key ${fk.name} (${fk.definition})`;
    if (from === 'tenant' && to === 'tenant') {
      if (fk.columns[0] !== 'community_id' || fk.referenced_columns[0] !== 'community_id') {
        const own = fk.columns.filter((c) => c !== 'community_id');
        const theirs = fk.referenced_columns.filter((c) => c !== 'community_id');
        add(
          fk.table,
          'foreign-key-without-community',
          `${where} does not start with community_id on both sides: make it foreign key (community_id, ${own.join(', ')}) references ${fk.referenced} (community_id, ${theirs.join(', ')}) ` +
            `(with a unique key on those columns there), so that both rows live in the same shard and a row can never point into another community.`,
          fk.name,
        );
      }
    } else if (from === 'tenant' && to === 'local') {
      add(
        fk.table,
        'foreign-key-to-local',
        `${where} points from a tenant table to ${fk.referenced}, which stays on the coordinator: a distributed table may reference only tenant tables and reference tables. ` +
          `Classify ${fk.referenced} as a reference table if every node may hold a copy, or drop the foreign key.`,
        fk.name,
      );
    } else if (from !== 'tenant' && to === 'tenant') {
      add(
        fk.table,
        'foreign-key-from-shared',
        `${where} points from a ${from} table into tenant table ${fk.referenced}: Citus refuses a reference or local table's foreign key to a distributed table. ` +
          `Give ${fk.table} a community_id (a tenant table) or drop the foreign key.`,
        fk.name,
      );
    } else if (from === 'reference' && to === 'local') {
      add(
        fk.table,
        'foreign-key-from-shared',
        `${where} points from a reference table (copied to every node) to ${fk.referenced}, which stays on the coordinator: classify ${fk.referenced} as a reference table too, or drop the foreign key.`,
        fk.name,
      );
    }
    // The distribution column cannot be set to null, to a default or changed through a foreign key (Citus refuses these actions when the key includes it).
    if (from === 'tenant' && fk.columns.includes('community_id')) {
      const onDelete = fk.on_delete === 'n' || fk.on_delete === 'd';
      const onUpdate = fk.on_update === 'n' || fk.on_update === 'd' || fk.on_update === 'c';
      if (onDelete || onUpdate)
        add(
          fk.table,
          'foreign-key-action',
          `${where} would ${onDelete ? `${ACTIONS[fk.on_delete]} on delete` : `${ACTIONS[fk.on_update]} on update`} through community_id, the distribution column: ` +
            `Citus refuses ON DELETE/UPDATE SET NULL or SET DEFAULT and ON UPDATE CASCADE there. Use the default (no action), restrict or on delete cascade.`,
          fk.name,
        );
    }
  }
  return problems;
}

function kindOf(t: TableRow, classes: TableClasses): Kind {
  // Another schema is a library's (a job queue's): it stays on the coordinator.
  if (t.schema !== 'public') return 'local';
  if (t.community_type !== null) return 'tenant';
  if (Object.hasOwn(classes.reference, t.name)) return 'reference';
  if (Object.hasOwn(classes.local, t.name)) return 'local';
  return 'unclassified';
}

/**
 * The create_reference_table / create_distributed_table calls for the schema as it is: reference
 * tables first, then every tenant table after the tables it references, colocated with the first.
 * `npm run citus:script` prints it for the current migrations (docs/scaling.md).
 */
export async function distributionScript(owner: OwnerConnection, classes: TableClasses): Promise<string[]> {
  const tenants = (
    await owner.query<{ name: string }>(
      `select c.relname as name from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'community_id' and not a.attisdropped)
        order by c.oid`,
    )
  ).map((r) => r.name);
  const references = await owner.query<{ from: string; to: string }>(
    `select conrelid::regclass::text as from, confrelid::regclass::text as to
       from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace and conrelid <> confrelid`,
  );
  const reference = Object.keys(classes.reference)
    .filter((t) => !tenants.includes(t))
    .sort();
  /** `tables` in an order where each comes after the tables of `tables` it references. */
  const inOrder = (tables: string[]) => {
    const ordered: string[] = [];
    const visit = (table: string, path: string[]) => {
      if (ordered.includes(table) || !tables.includes(table)) return;
      if (path.includes(table)) throw new Error(`tables reference each other in a cycle: ${[...path, table].join(' → ')}`);
      for (const r of references.filter((r) => r.from === table)) visit(r.to, [...path, table]);
      ordered.push(table);
    };
    for (const table of tables) visit(table, []);
    return ordered;
  };
  const ordered = inOrder(tenants);
  const first = ordered[0];
  return [
    ...inOrder(reference).map((t) => `select create_reference_table('${t}');`),
    ...ordered.map((t) =>
      t === first
        ? `select create_distributed_table('${t}', 'community_id');`
        : `select create_distributed_table('${t}', 'community_id', colocate_with => '${first}');`,
    ),
  ];
}
