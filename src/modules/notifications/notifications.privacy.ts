import { sql } from 'kysely';
import type { PersonalData } from '../../platform/module.ts';

/** My inbox, my choices of channel and quiet hours, and whether a WeChat account is bound (never its id). */
export const notificationsPersonalData: PersonalData = {
  async export(tx, communityId, userId) {
    const inbox = await tx
      .selectFrom('notifications')
      .select(['topic', 'title', 'body', 'created_at', 'read_at'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    const preferences = await tx.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
    const bound = await tx.selectFrom('notification_wechat_bindings').select('user_id').where('user_id', '=', userId).executeTakeFirst();
    const { user_id: _user, ...choices } = preferences ?? { user_id: userId };
    return {
      inbox: inbox.map((n) => ({ topic: n.topic, title: n.title, body: n.body, at: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null })),
      preferences: preferences ? choices : null,
      wechatBound: bound !== undefined,
    };
  },
  async close(tx, communityId, userId) {
    await sql`select notifications_forget(${communityId}, ${userId})`.execute(tx);
    await tx.deleteFrom('notification_preferences').where('user_id', '=', userId).execute();
    await tx.deleteFrom('notification_wechat_bindings').where('user_id', '=', userId).execute();
  },
};
