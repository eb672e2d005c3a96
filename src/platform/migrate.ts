import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ROLE, type OwnerConnection } from './db.ts';
import { PLATFORM_ROLES } from './context.ts';
import { installJobQueue } from './jobs.ts';
import type { ModuleDefinition } from './module.ts';

/** The platform's own migrations (tenancy helpers, communities, the role register): applied first. */
export const PLATFORM_MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationResult {
  applied: string[];
}

/** A folder of migrations and the namespace its files are recorded under (`ledger/0100_ledger_book.sql`). */
interface Source {
  name: string;
  dir: string;
}

function sourcesOf(modules: readonly ModuleDefinition[]): Source[] {
  return [
    { name: 'platform', dir: PLATFORM_MIGRATIONS },
    ...modules.filter((m) => m.migrations).map((m) => ({ name: m.name, dir: fileURLToPath(m.migrations!) })),
  ];
}

function filesOf(source: Source): string[] {
  return fs
    .readdirSync(source.dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Applies the forward-only migrations of the platform and then of each module in `modules`
 * (dependency order), each module's files in name order, each file in its own transaction, under
 * an advisory lock so that two starting processes do not race. Refuses to start:
 * - when a file applied earlier has changed (history is not rewritten);
 * - when a new file sorts before one of its module already applied (it would run in a different
 *   order here than on a fresh database), naming both;
 * - when the database records a migration that no installed module has.
 * Then records every role of the platform and the modules, so memberships may hold them, and
 * installs the job queue with a queue for every job of the modules (platform/jobs.ts).
 */
export async function migrate(owner: OwnerConnection, modules: readonly ModuleDefinition[]): Promise<MigrationResult> {
  await owner.exec(`select pg_advisory_lock(715100)`);
  try {
    await ensureAppRole(owner);
    await owner.exec(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const sources = sourcesOf(modules);
    await adoptFlatNames(owner, sources);
    const done = new Map(
      (await owner.query<{ name: string; checksum: string }>(`select name, checksum from schema_migrations`)).map((r) => [r.name, r.checksum]),
    );
    const pending: { name: string; text: string; checksum: string }[] = [];
    for (const source of sources) {
      const files = filesOf(source);
      const applied = files.filter((f) => done.has(`${source.name}/${f}`));
      const lastApplied = applied.at(-1);
      for (const file of files) {
        const name = `${source.name}/${file}`;
        const text = fs.readFileSync(path.join(source.dir, file), 'utf8');
        const checksum = crypto.createHash('sha256').update(text).digest('hex');
        const previous = done.get(name);
        if (previous !== undefined) {
          if (previous !== checksum) throw new Error(`migration ${name} was changed after it was applied: add a new migration instead`);
          continue;
        }
        if (lastApplied !== undefined && file < lastApplied) {
          throw new Error(
            `migration ${name} sorts before ${source.name}/${lastApplied}, which this database has already applied: a fresh database would run them in another order. Rename it to sort after ${lastApplied}.`,
          );
        }
        pending.push({ name, text, checksum });
      }
    }
    const known = new Set(sources.flatMap((s) => filesOf(s).map((f) => `${s.name}/${f}`)));
    const installed = new Set(sources.map((s) => s.name));
    for (const name of done.keys()) {
      const source = name.split('/')[0]!;
      if (installed.has(source) && !known.has(name)) throw new Error(`migration ${name} was applied to this database, but its file is missing`);
    }
    for (const migration of pending) {
      await owner
        .exec(
          `begin;\n${migration.text}\n;insert into schema_migrations (name, checksum) values (${literal(migration.name)}, ${literal(migration.checksum)});\ncommit;`,
        )
        .catch(async (error: unknown) => {
          await owner.exec('rollback').catch(() => {});
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
        });
    }
    await recordRoles(owner, modules);
    await installJobQueue(owner, modules);
    return { applied: pending.map((m) => m.name) };
  } finally {
    await owner.exec(`select pg_advisory_unlock(715100)`);
  }
}

/**
 * Databases made before migrations lived with their modules recorded bare file names
 * (`0100_ledger_book.sql`): each is renamed to the source that now holds the file. The files
 * moved unchanged, so their checksums still match.
 */
async function adoptFlatNames(owner: OwnerConnection, sources: Source[]) {
  const flat = await owner.query<{ name: string }>(`select name from schema_migrations where name not like '%/%'`);
  if (flat.length === 0) return;
  const home = new Map(sources.flatMap((s) => filesOf(s).map((f) => [f, s.name] as const)));
  for (const { name } of flat) {
    const source = home.get(name);
    if (!source) throw new Error(`migration ${name} was applied to this database, but no installed module has it`);
    await owner.query(`update schema_migrations set name = $1 where name = $2`, [`${source}/${name}`, name]);
  }
}

/** Every role the platform and the installed modules declare, so that memberships may hold it (platform/0002_roles.sql). */
async function recordRoles(owner: OwnerConnection, modules: readonly ModuleDefinition[]) {
  const roles = [
    ...Object.keys(PLATFORM_ROLES).map((name) => [name, 'platform'] as const),
    ...modules.flatMap((m) => Object.keys(m.roles ?? {}).map((name) => [name, m.name] as const)),
  ];
  for (const [name, module] of roles) {
    await owner.query(`insert into known_roles (name, module) values ($1, $2) on conflict (name) do update set module = excluded.module`, [name, module]);
  }
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The application role is cluster-wide: created once, granted to whoever runs migrations. */
async function ensureAppRole(owner: OwnerConnection) {
  await owner.exec(`do $$ begin
    if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
      begin
        create role ${APP_ROLE} nologin nosuperuser nobypassrls noinherit;
      exception when duplicate_object or unique_violation then null;
      end;
    end if;
  end $$;`);
  await owner.exec(`grant ${APP_ROLE} to current_user`).catch(() => {});
}
