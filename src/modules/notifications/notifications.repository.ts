import type { Executor } from '../../database.ts';
import type { Channel, DeliveryState } from './notifications.tables.ts';

export async function insertNotifications(
  db: Executor,
  rows: { community_id: number; user_id: number; topic: string; title: string; body: string; link: string | null; urgent: boolean }[],
) {
  if (rows.length === 0) return [];
  return db.insertInto('notifications').values(rows).returning(['id', 'user_id']).execute();
}

export async function insertDeliveries(db: Executor, rows: { community_id: number; notification_id: number; channel: Channel }[]) {
  if (rows.length === 0) return [];
  return db.insertInto('notification_deliveries').values(rows).returning(['id', 'channel', 'notification_id']).execute();
}

export async function getPreferences(db: Executor, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .execute();
}

export async function upsertPreferences(
  db: Executor,
  row: { user_id: number; sms: boolean; wechat: boolean; quiet_start: string | null; quiet_end: string | null },
) {
  return db
    .insertInto('notification_preferences')
    .values({ ...row, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ sms: row.sms, wechat: row.wechat, quiet_start: row.quiet_start, quiet_end: row.quiet_end, updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getWeChatBindings(db: Executor, appid: string, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('notification_wechat_bindings')
    .select(['user_id', 'openid'])
    .where('appid', '=', appid)
    .where('user_id', 'in', [...userIds])
    .execute();
}

export async function bindWeChat(db: Executor, row: { user_id: number; appid: string; openid: string }) {
  await db
    .insertInto('notification_wechat_bindings')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ appid: row.appid, openid: row.openid, bound_at: new Date() }))
    .execute();
}

/** A delivery with what sending it needs, locked for the caller's transaction. */
export async function getDeliveryForUpdate(db: Executor, communityId: number, id: number) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', (j) => j.onRef('n.community_id', '=', 'd.community_id').onRef('n.id', '=', 'd.notification_id'))
    .innerJoin('communities as c', 'c.id', 'd.community_id')
    .select([
      'd.id',
      'd.channel',
      'd.state',
      'd.attempts',
      'd.held_until',
      'n.user_id',
      'n.title',
      'n.link',
      'n.urgent',
      'n.created_at',
      'c.name as community_name',
    ])
    .where('d.community_id', '=', communityId)
    .where('d.id', '=', id)
    .forUpdate('d')
    .executeTakeFirst();
}

export async function updateDelivery(
  db: Executor,
  communityId: number,
  id: number,
  set: { state?: DeliveryState; attempts?: number; held_until?: Date | null; error?: string | null; provider_id?: string | null; sent_at?: Date | null },
) {
  await db.updateTable('notification_deliveries').set(set).where('community_id', '=', communityId).where('id', '=', id).execute();
}

/** My notifications across my communities (the policy lets a person read their own rows), newest first. */
export async function listMine(db: Executor, userId: number, page: { unreadOnly: boolean; limit: number; before?: number | undefined }) {
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('communities as c', 'c.id', 'n.community_id')
    .select(['n.id', 'n.topic', 'n.title', 'n.body', 'n.link', 'n.urgent', 'n.created_at', 'n.read_at', 'c.slug', 'c.name as community_name'])
    .where('n.user_id', '=', userId);
  if (page.unreadOnly) q = q.where('n.read_at', 'is', null);
  if (page.before !== undefined) q = q.where('n.id', '<', page.before);
  return q.orderBy('n.id', 'desc').limit(page.limit).execute();
}

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRead(db: Executor, userId: number, ids: readonly number[] | 'all') {
  let q = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', [...ids]);
  await q.execute();
}

/** The community's record of what went out by which channel, newest first (staff). */
export async function listDeliveries(db: Executor, communityId: number, filter: { state?: DeliveryState | undefined; limit: number }) {
  let q = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', (j) => j.onRef('n.community_id', '=', 'd.community_id').onRef('n.id', '=', 'd.notification_id'))
    .select(['d.id', 'd.channel', 'd.state', 'd.attempts', 'd.held_until', 'd.error', 'd.created_at', 'd.sent_at', 'n.user_id', 'n.topic', 'n.title'])
    .where('d.community_id', '=', communityId);
  if (filter.state) q = q.where('d.state', '=', filter.state);
  return q.orderBy('d.id', 'desc').limit(filter.limit).execute();
}

export async function unbindOpenid(db: Executor, appid: string, openid: string) {
  await db.deleteFrom('notification_wechat_bindings').where('appid', '=', appid).where('openid', '=', openid).execute();
}

export async function unbindUser(db: Executor, userId: number) {
  await db.deleteFrom('notification_wechat_bindings').where('user_id', '=', userId).execute();
}
