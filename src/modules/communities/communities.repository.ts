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

export async function getSettingsForUpdate(db: Executor, id: number): Promise<CommunitySettings> {
  const row = await db.selectFrom('communities').select('settings').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return row.settings;
}

export async function getSettings(db: Executor, id: number): Promise<CommunitySettings> {
  const row = await db.selectFrom('communities').select('settings').where('id', '=', id).executeTakeFirstOrThrow();
  return row.settings;
}

// --- changes of settings waiting for a supervisor (communities.service.ts)

const CHANGE_COLUMNS = ['id', 'changes', 'before', 'proposed_by', 'state', 'decided_by', 'decided_at', 'created_at'] as const;

export function insertSettingChange(db: Executor, row: { community_id: number; changes: CommunitySettings; before: CommunitySettings; proposed_by: number }) {
  return db
    .insertInto('setting_changes')
    .values({ ...row, changes: JSON.stringify(row.changes), before: JSON.stringify(row.before) })
    .returning(CHANGE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function getSettingChangeForUpdate(db: Executor, communityId: number, id: number) {
  return db.selectFrom('setting_changes').select(CHANGE_COLUMNS).where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideSettingChange(
  db: Executor,
  communityId: number,
  id: number,
  decision: { state: 'approved' | 'refused' | 'withdrawn'; decided_by: number },
) {
  return db
    .updateTable('setting_changes')
    .set({ ...decision, decided_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .returning(CHANGE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function listSettingChanges(db: Executor, communityId: number, filter: { state: 'pending' | 'approved' | 'refused' | 'withdrawn'; limit: number }) {
  return db
    .selectFrom('setting_changes')
    .select(CHANGE_COLUMNS)
    .where('community_id', '=', communityId)
    .where('state', '=', filter.state)
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
