import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ChainVerifier, sha256Hex } from '../../src/modules/ledger/index.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { OwnerConnection } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { checkModules, defineModule, type ModuleDefinition } from '../../src/platform/module.ts';
import { Client } from '../support/client.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-db.ts';
import { createTestApp } from '../support/test-app.ts';

// The migrator: modules' migrations in dependency order, databases from before upgraded in place,
// and the three ways a migration history can go wrong refused with a message that names the file.

/** `pg_dump --inserts` of the demo install made by `weiyi migrate && weiyi seed` at commit aae32ed, the last before module folders. */
const OLD_DUMP = path.resolve('test/fixtures/database-made-by-aae32ed.sql.gz');

const opened: ScratchDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
async function scratch() {
  const db = await scratchDatabase();
  opened.push(db);
  return db;
}

/** Everything a migration makes, one line each, in a stable order. */
async function schemaOf(owner: OwnerConnection): Promise<string[]> {
  const rows = await owner.query<{ line: string }>(`
    select 'column ' || table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
      from information_schema.columns where table_schema = 'public'
    union all select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
    union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'
    union all select 'trigger ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all select 'function ' || pg_get_functiondef(p.oid) from pg_proc p where pronamespace = 'public'::regnamespace
    union all select 'policy ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') from pg_policies where schemaname = 'public'
    union all select 'rls ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')
    union all select 'grant ' || table_name || ' ' || privilege_type from information_schema.role_table_grants where table_schema = 'public' and grantee = 'weiyi_app'
    order by 1`);
  return rows.map((r) => r.line);
}

async function restoreOldDump(owner: OwnerConnection) {
  await owner.exec(`do $$ begin if not exists (select 1 from pg_roles where rolname = 'weiyi_app') then create role weiyi_app nologin; end if; end $$;`);
  await owner.exec(zlib.gunzipSync(fs.readFileSync(OLD_DUMP)).toString('utf8'));
  // the dump empties search_path for its own session
  await owner.exec(`reset search_path`);
}

/** A module of its own with the given migration files, for the history checks. */
function moduleWith(files: Record<string, string>): ModuleDefinition {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-migrations-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return defineModule({ name: 'scratch', dependsOn: [], migrations: pathToFileURL(`${dir}/`) });
}

describe('the migrator', () => {
  it('upgrades a database made before modules had their own migrations: the same schema as a fresh one, and the demo still sells', async () => {
    const old = await scratch();
    await restoreOldDump(old.owner);
    const { applied } = await migrate(old.owner, MODULES);
    expect(applied).toEqual(['platform/0002_roles.sql', 'platform/0003_wechat_tokens.sql', 'identity/0004_known_roles.sql']);
    const names = (await old.owner.query<{ name: string }>(`select name from schema_migrations order by name`)).map((r) => r.name);
    expect(names).toContain('ledger/0100_ledger_book.sql');
    expect(names.filter((n) => !n.includes('/'))).toEqual([]);
    expect((await migrate(old.owner, MODULES)).applied).toEqual([]);

    const fresh = await scratch();
    await migrate(fresh.owner, MODULES);
    expect(await schemaOf(old.owner)).toEqual(await schemaOf(fresh.owner));

    // The upgraded demo: the clerk sells at the counter, the fund's book takes the sale and verifies.
    const t = await createTestApp({ database: await old.forApp() });
    try {
      const clerk = new Client(t.app);
      await clerk.login('13800000004', 'weiyi2026');
      const found = await clerk.get<{ listings: { id: number; stock: number | null }[] }>('/api/v1/communities/nanhu/market/listings?limit=50');
      const item = found.body.listings.find((l) => (l.stock ?? 0) > 0)!;
      const before = await clerk.get<{ entries: { seq: number }[] }>('/api/v1/communities/nanhu/fund/entries?limit=1');
      const sale = await clerk.post(
        '/api/v1/communities/nanhu/market/counter/sales',
        { items: [{ listingId: item.id, quantity: 1 }], payment: { method: 'cash' } },
        { idempotencyKey: 'upgrade-sale-1' },
      );
      expect(sale.status).toBe(201);
      const after = await clerk.get<{ entries: { seq: number; kind: string }[] }>('/api/v1/communities/nanhu/fund/entries?limit=1');
      expect(after.body.entries[0]).toMatchObject({ seq: before.body.entries[0]!.seq + 1, kind: 'sale' });
      const book = await t.app.inject({ method: 'GET', url: '/api/v1/communities/nanhu/fund/ledger.jsonl' });
      const verifier = new ChainVerifier(sha256Hex);
      for (const line of book.body.split('\n')) if (line) await verifier.add(line);
      expect(verifier.report()).toMatchObject({ ok: true, entries: before.body.entries[0]!.seq + 1 });
    } finally {
      await t.close();
    }
  }, 120_000);

  it('refuses a new file that sorts before one of its module already applied, naming both', async () => {
    const db = await scratch();
    await migrate(db.owner, MODULES);
    await migrate(db.owner, [...MODULES, moduleWith({ '0002_b.sql': 'create table scratch_b (id int primary key);' })]);
    const late = moduleWith({ '0001_a.sql': 'create table scratch_a (id int primary key);', '0002_b.sql': 'create table scratch_b (id int primary key);' });
    await expect(migrate(db.owner, [...MODULES, late])).rejects.toThrow(/migration scratch\/0001_a\.sql sorts before scratch\/0002_b\.sql/);
    expect(await db.owner.query(`select 1 from pg_tables where tablename = 'scratch_a'`)).toEqual([]);
  }, 60_000);

  it('refuses a file changed after it was applied, and a missing one', async () => {
    const db = await scratch();
    await migrate(db.owner, MODULES);
    await migrate(db.owner, [...MODULES, moduleWith({ '0001_a.sql': 'create table scratch_a (id int primary key);' })]);
    await expect(migrate(db.owner, [...MODULES, moduleWith({ '0001_a.sql': 'create table scratch_a (id bigint primary key);' })])).rejects.toThrow(
      /migration scratch\/0001_a\.sql was changed after it was applied/,
    );
    await expect(migrate(db.owner, [...MODULES, moduleWith({})])).rejects.toThrow(
      /migration scratch\/0001_a\.sql was applied to this database, but its file is missing/,
    );
  }, 60_000);

  it('applies a module after the modules it depends on, and refuses a list in the wrong order', async () => {
    const db = await scratch();
    const first = moduleWith({ '0001_first.sql': 'create table scratch_first (id int primary key);' });
    const second = defineModule({
      ...moduleWith({ '0001_second.sql': 'create table scratch_second (id int primary key references scratch_first(id));' }),
      name: 'second',
      dependsOn: [first],
    });
    const { applied } = await migrate(db.owner, [...MODULES, first, second]);
    expect(applied.slice(-2)).toEqual(['scratch/0001_first.sql', 'second/0001_second.sql']);
    expect(() => checkModules([second, first])).toThrow('module second depends on scratch, which must come before it in MODULES');
  }, 60_000);
});
