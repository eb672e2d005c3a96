import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ROLE, type OwnerConnection } from './db.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the forward-only migrations in `migrations/` in name order, each in its own
 * transaction, under an advisory lock so that two starting processes do not race.
 * A migration already applied whose file has since changed is an error: history is not rewritten.
 */
export async function migrate(owner: OwnerConnection, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await owner.exec(`select pg_advisory_lock(715100)`);
  try {
    await ensureAppRole(owner);
    await owner.exec(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(
      (await owner.query<{ name: string; checksum: string }>(`select name, checksum from schema_migrations`)).map((r) => [r.name, r.checksum]),
    );
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const applied: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${file} was changed after it was applied`);
        continue;
      }
      await owner
        .exec(`begin;\n${text}\n;insert into schema_migrations (name, checksum) values ('${file}', '${checksum}');\ncommit;`)
        .catch(async (error: unknown) => {
          await owner.exec('rollback').catch(() => {});
          throw new Error(`migration ${file} failed: ${(error as Error).message}`);
        });
      applied.push(file);
    }
    return { applied };
  } finally {
    await owner.exec(`select pg_advisory_unlock(715100)`);
  }
}

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
