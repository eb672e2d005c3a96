import { Type } from 'typebox';
import type { Deps } from './context.ts';
import { transact } from './db.ts';
import { bytesLockKey, FILE_GRACE_HOURS } from './files.ts';
import * as repo from './files.repository.ts';
import type { JobDefinition } from './jobs.ts';
import { fileReferencesOf } from './module.ts';

// Uploads nothing refers to are deleted once a grace period is over, so a form being filled in
// keeps its photo and an abandoned upload does not keep its space. The columns that refer to files
// are the modules' `fileReferences`, so a module adding a photo column declares it in its folder.
//
// Races, and what settles them:
// - A reference made while the sweep runs: the module checks its files with requireFiles, which
//   holds them (FOR KEY SHARE) until it commits. The sweep locks its candidates FOR UPDATE SKIP
//   LOCKED, so a held file is skipped, then deletes only those still named by no reference, looked
//   at afresh (a new statement sees what committed before the lock); a module that comes after
//   the lock waits, then finds the file gone (422 FILE_NOT_FOUND). A foreign key (a maker's photo)
//   takes the same lock.
// - The same bytes uploaded to another community: the bytes on disk are shared, so they are
//   removed only when no community keeps a row for them, checked and removed under the bytes lock
//   that an upload holds from writing them until its row commits. They are removed before the
//   rows' deletion commits: should the commit fail, a row of a file nothing refers to is left
//   without bytes, which its next upload writes again and the next sweep deletes.

/** Files locked and deleted per transaction. */
const BATCH = 200;

/** In every community, deletes the files nothing refers to that were (last) uploaded before the grace period: the row, and the bytes once no community keeps them. */
export async function sweepUnreferencedFiles(deps: Deps, options: { graceHours?: number } = {}): Promise<{ rows: number; bytes: number }> {
  const references = fileReferencesOf(deps.modules);
  const graceSeconds = (options.graceHours ?? FILE_GRACE_HOURS) * 3600;
  const swept = { rows: 0, bytes: 0 };
  for (const communityId of await repo.listCommunityIds(deps.db)) {
    for (;;) {
      const batch = await transact(deps.db, { communityId }, async (tx) => {
        const locked = await repo.lockUnreferenced(tx, communityId, references, graceSeconds, BATCH);
        const deleted = locked.length > 0 ? await repo.deleteUnreferenced(tx, communityId, references, locked) : [];
        let bytes = 0;
        for (const sha256 of deleted) {
          await repo.lockKey(tx, bytesLockKey(sha256));
          if (await repo.bytesKept(tx, sha256)) continue;
          await deps.files.removeBytes(sha256);
          bytes += 1;
        }
        return { locked: locked.length, deleted: deleted.length, bytes };
      });
      swept.rows += batch.deleted;
      swept.bytes += batch.bytes;
      if (batch.locked < BATCH || batch.deleted === 0) break;
    }
  }
  return swept;
}

/** The sweep, every hour (China time); a platform job (jobs.ts), queued as `platform.sweepFiles`. */
export const sweepFilesJob: JobDefinition<Record<string, never>> = {
  payload: Type.Object({}, { additionalProperties: false }),
  schedule: '23 * * * *',
  retryLimit: 2,
  handle: async (_payload, { deps, log }) => {
    const swept = await sweepUnreferencedFiles(deps);
    if (swept.rows > 0) log.info(swept, 'unreferenced files deleted');
  },
};
