import { sql, type RawBuilder } from 'kysely';
import type { Executor, Tx } from '../database.ts';
import type { FileReference } from './module.ts';

// SQL of the files table (platform/files.ts, files.sweep.ts). Rows are per community; the bytes on
// disk are shared by every community that keeps the same content.

export interface FileRow {
  sha256: string;
  mime: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
}

const FILE_COLUMNS = ['sha256', 'mime', 'size_bytes', 'width', 'height'] as const;

/** Holds `key` until the transaction ends. */
export async function lockKey(tx: Tx, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/** The community's file with these bytes, its grace period started again (it was uploaded again), or nothing. */
export async function touchFile(tx: Tx, communityId: number, sha256: string): Promise<FileRow | undefined> {
  return tx
    .updateTable('files')
    .set({ uploaded_at: sql<Date>`now()` })
    .where('community_id', '=', communityId)
    .where('sha256', '=', sha256)
    .returning(FILE_COLUMNS)
    .executeTakeFirst();
}

/** Bytes the community's files take, and those of them one person uploaded. */
export async function usageOf(tx: Tx, communityId: number, userId: number | null): Promise<{ community: number; person: number }> {
  const row = await tx
    .selectFrom('files')
    .select([
      sql<string>`coalesce(sum(size_bytes), 0)`.as('community'),
      sql<string>`coalesce(sum(size_bytes) filter (where uploaded_by = ${userId}), 0)`.as('person'),
    ])
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return { community: Number(row.community), person: Number(row.person) };
}

export async function insertFile(tx: Tx, row: FileRow & { community_id: number; original_name: string; uploaded_by: number | null }): Promise<void> {
  await tx.insertInto('files').values(row).execute();
}

/**
 * The community's files among `sha256s`, each held (FOR KEY SHARE) until the transaction ends, so
 * the sweep cannot delete one that this transaction is about to refer to.
 */
export async function holdFiles(tx: Tx, communityId: number, sha256s: readonly string[]): Promise<FileRow[]> {
  if (sha256s.length === 0) return [];
  return tx.selectFrom('files').select(FILE_COLUMNS).where('community_id', '=', communityId).where('sha256', 'in', sha256s).forKeyShare().execute();
}

export async function listCommunityIds(db: Executor): Promise<number[]> {
  return (await db.selectFrom('communities').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Every hash the community's rows name in the declared columns. */
function referenced(communityId: number, references: readonly FileReference[]): RawBuilder<unknown> {
  const parts = references.map(({ table, column, many }) =>
    many
      ? sql`select u.sha256 from ${sql.table(table)} r cross join unnest(${sql.ref(`r.${column}`)}) as u(sha256) where r.community_id = ${communityId}`
      : sql`select ${sql.ref(`r.${column}`)} as sha256 from ${sql.table(table)} r where r.community_id = ${communityId}`,
  );
  return parts.length > 0 ? sql.join(parts, sql` union all `) : sql`select null::text as sha256 where false`;
}

/**
 * Locks (FOR UPDATE) up to `limit` of the community's files uploaded before the grace period and
 * named by no reference; a file held by a transaction about to refer to it is skipped.
 */
export async function lockUnreferenced(
  tx: Tx,
  communityId: number,
  references: readonly FileReference[],
  graceSeconds: number,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ sha256: string }>`
    select f.sha256 from files f
     where f.community_id = ${communityId}
       and f.uploaded_at < now() - make_interval(secs => ${graceSeconds})
       and not exists (select 1 from (${referenced(communityId, references)}) ref where ref.sha256 = f.sha256)
     order by f.uploaded_at
     limit ${limit}
     for update of f skip locked`.execute(tx);
  return rows.map((r) => r.sha256);
}

/**
 * Deletes the locked files that are still named by no reference, looked at afresh: a reference
 * committed after the lock query's snapshot keeps its file. Returns the hashes deleted.
 */
export async function deleteUnreferenced(tx: Tx, communityId: number, references: readonly FileReference[], sha256s: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ sha256: string }>`
    delete from files f
     where f.community_id = ${communityId}
       and f.sha256 = any(${sha256s}::text[])
       and not exists (select 1 from (${referenced(communityId, references)}) ref where ref.sha256 = f.sha256)
    returning f.sha256`.execute(tx);
  return rows.map((r) => r.sha256);
}

/** Whether any community keeps a file with these bytes (file_bytes_kept looks past row-level security). */
export async function bytesKept(tx: Tx, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ kept: boolean }>`select file_bytes_kept(${sha256}) as kept`.execute(tx);
  return rows[0]?.kept === true;
}
