import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { CommunitySettings } from '../../platform/tables.ts';

export function listCommunities(db: Executor) {
  return db.selectFrom('communities').selectAll().orderBy('id').execute();
}

export function getCommunityBySlug(db: Executor, slug: string) {
  return db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function insertCommunity(db: Executor, row: { slug: string; name: string; district: string; street: string; settings: CommunitySettings }) {
  return db
    .insertInto('communities')
    .values({ ...row, settings: JSON.stringify(row.settings) })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Sets the given keys and keeps the others as they are in the row: two changes of different keys both stay. */
export function mergeSettings(db: Executor, id: number, patch: CommunitySettings) {
  return db
    .updateTable('communities')
    .set({ settings: sql`settings || ${JSON.stringify(patch)}::jsonb` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getSettings(db: Executor, id: number): Promise<CommunitySettings> {
  const row = await db.selectFrom('communities').select('settings').where('id', '=', id).executeTakeFirstOrThrow();
  return row.settings;
}
