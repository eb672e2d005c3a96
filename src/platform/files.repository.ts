import { sql } from 'kysely';
import type { Tx } from '../database.ts';

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
