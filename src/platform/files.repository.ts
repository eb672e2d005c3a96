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

/**
 * The community's files among `sha256s`, each held (FOR KEY SHARE) until the transaction ends, so
 * the sweep cannot delete one that this transaction is about to refer to.
 */
export async function holdFiles(tx: Tx, communityId: number, sha256s: readonly string[]): Promise<FileRow[]> {
  if (sha256s.length === 0) return [];
  return tx.selectFrom('files').select(FILE_COLUMNS).where('community_id', '=', communityId).where('sha256', 'in', sha256s).forKeyShare().execute();
}
