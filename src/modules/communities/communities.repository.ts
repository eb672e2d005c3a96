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

export function updateSettings(db: Executor, id: number, settings: CommunitySettings) {
  return db
    .updateTable('communities')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
