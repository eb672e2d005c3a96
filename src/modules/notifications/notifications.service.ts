import type { Tx } from '../../database.ts';
import { requireActor, requireRole, type CommunityContext, type Deps, type RequestContext } from '../../platform/context.ts';
import { linkBase } from '../../platform/config.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { WeChatSendError } from '../../platform/wechat.ts';
import { getPeople } from '../identity/index.ts';
import * as repo from './notifications.repository.ts';
import type { DeliveryView, NotificationView, PreferencesInput, PreferencesView } from './notifications.schemas.ts';
import { DEFAULT_QUIET } from './notifications.quiet.ts';
import type { Channel, DeliveryState } from './notifications.tables.ts';

/** What a module tells people: one notice, to each of them. */
export interface NotifyInput {
  communityId: number;
  userIds: readonly number[];
  /** `<module>.<what>`, e.g. `ledger.expense_to_approve`: people and staff see it, filters use it. */
  topic: string;
  /** Short and plain: a text message and a WeChat notice carry only this (≤ 100 characters). */
  title: string;
  body?: string;
  /** The app's page about it, e.g. `/c/nanhu/orders`. */
  link?: string;
  /** Outside channels besides the inbox, each only if the person allows it and can be reached by it. */
  channels?: readonly Channel[];
  /** Care alerts and the like: sent at once, quiet hours or not. */
  urgent?: boolean;
}

/**
 * Tells people something, inside the caller's transaction: the inbox entries, and a delivery job
 * per outside channel the person allows, exist only if the caller's change commits. Every module
 * calls this; none sends a text message or a WeChat notice itself.
 */
export async function notify(tx: Tx, deps: Deps, input: NotifyInput): Promise<{ notifications: number; deliveries: number }> {
  const userIds = [...new Set(input.userIds)];
  const rows = await repo.insertNotifications(
    tx,
    userIds.map((userId) => ({
      community_id: input.communityId,
      user_id: userId,
      topic: input.topic,
      title: input.title.trim().slice(0, 100),
      body: (input.body ?? '').trim().slice(0, 1000),
      link: input.link ?? null,
      urgent: input.urgent ?? false,
    })),
  );
  const wanted = new Set(input.channels ?? []);
  if (!deps.wechat || !deps.config.wechat?.noticeTemplateId) wanted.delete('wechat');
  if (wanted.size === 0 || rows.length === 0) return { notifications: rows.length, deliveries: 0 };
  const preferences = new Map((await repo.getPreferences(tx, userIds)).map((p) => [p.user_id, p]));
  const bound = new Set(deps.wechat ? (await repo.getWeChatBindings(tx, deps.wechat.appid, userIds)).map((b) => b.user_id) : []);
  const deliveries = rows.flatMap((row) =>
    [...wanted]
      .filter((channel) => preferences.get(row.user_id)?.[channel] ?? true)
      .filter((channel) => channel !== 'wechat' || bound.has(row.user_id))
      .map((channel) => ({ community_id: input.communityId, notification_id: row.id, channel })),
  );
  const inserted = await repo.insertDeliveries(tx, deliveries);
  for (const delivery of inserted) {
    await deps.jobs.enqueue(tx, 'notifications.deliver', { communityId: input.communityId, deliveryId: delivery.id }, { communityId: input.communityId });
  }
  return { notifications: rows.length, deliveries: inserted.length };
}

function presentNotification(row: Awaited<ReturnType<typeof repo.listMine>>[number]): NotificationView {
  return {
    id: row.id,
    community: { slug: row.slug, name: row.community_name },
    topic: row.topic,
    title: row.title,
    body: row.body,
    link: row.link,
    urgent: row.urgent,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

/** My inbox, across my communities. */
export async function listMyNotifications(ctx: RequestContext, query: { unread?: boolean | undefined; limit: number; before?: number | undefined }) {
  const actor = requireActor(ctx);
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => ({
    notifications: (await repo.listMine(tx, actor.userId, { unreadOnly: query.unread ?? false, limit: query.limit, before: query.before })).map(
      presentNotification,
    ),
    unread: await repo.countUnread(tx, actor.userId),
  }));
}

export async function countMyUnread(ctx: RequestContext): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => ({ unread: await repo.countUnread(tx, actor.userId) }));
}

/** Marks some of my notifications read (ids of others' are simply not mine), or all of them. */
export async function markMyNotificationsRead(
  ctx: RequestContext,
  input: { ids?: number[] | undefined; all?: boolean | undefined },
): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  if (!input.all && (!input.ids || input.ids.length === 0)) throw new AppError('VALIDATION_FAILED', { detail: 'give ids or all' });
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => {
    await repo.markRead(tx, actor.userId, input.all ? 'all' : input.ids!);
    return { unread: await repo.countUnread(tx, actor.userId) };
  });
}

const hhmm = (time: string | null) => (time === null ? null : time.slice(0, 5));

export async function getMyPreferences(ctx: RequestContext): Promise<PreferencesView> {
  const actor = requireActor(ctx);
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => {
    const [row] = await repo.getPreferences(tx, [actor.userId]);
    const bound = ctx.deps.wechat ? (await repo.getWeChatBindings(tx, ctx.deps.wechat.appid, [actor.userId])).length > 0 : false;
    return presentPreferences(row, bound, ctx.deps);
  });
}

function presentPreferences(row: Awaited<ReturnType<typeof repo.getPreferences>>[number] | undefined, wechatBound: boolean, deps: Deps): PreferencesView {
  const quiet = row ? (row.quiet_start === null ? null : { start: hhmm(row.quiet_start)!, end: hhmm(row.quiet_end)! }) : { ...DEFAULT_QUIET };
  return {
    sms: row?.sms ?? true,
    wechat: row?.wechat ?? true,
    quietHours: quiet,
    wechatAvailable: Boolean(deps.wechat && deps.config.wechat?.noticeTemplateId),
    wechatBound,
  };
}

export async function setMyPreferences(ctx: RequestContext, input: PreferencesInput): Promise<PreferencesView> {
  const actor = requireActor(ctx);
  if (input.quietHours && input.quietHours.start === input.quietHours.end)
    throw new AppError('VALIDATION_FAILED', { detail: 'quietHours: start and end differ' });
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => {
    const row = await repo.upsertPreferences(tx, {
      user_id: actor.userId,
      sms: input.sms,
      wechat: input.wechat,
      quiet_start: input.quietHours?.start ?? null,
      quiet_end: input.quietHours?.end ?? null,
    });
    const bound = ctx.deps.wechat ? (await repo.getWeChatBindings(tx, ctx.deps.wechat.appid, [actor.userId])).length > 0 : false;
    return presentPreferences(row, bound, ctx.deps);
  });
}

/** What went out by SMS and WeChat in the community, and what failed and why (staff). */
export async function listDeliveries(
  ctx: CommunityContext,
  query: { state?: DeliveryState | undefined; limit: number },
): Promise<{ deliveries: DeliveryView[] }> {
  requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const rows = await repo.listDeliveries(tx, ctx.community.id, query);
    const people = await getPeople(
      tx,
      rows.map((r) => r.user_id),
    );
    return {
      deliveries: rows.map((r) => ({
        id: r.id,
        to: { userId: r.user_id, name: people.get(r.user_id)?.displayName ?? '' },
        topic: r.topic,
        title: r.title,
        channel: r.channel,
        state: r.state,
        attempts: r.attempts,
        heldUntil: r.held_until?.toISOString() ?? null,
        error: r.error,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
      })),
    };
  });
}

/** Where to send me, inside WeChat, to bind my WeChat to my account; `state` goes back in the code's answer. */
export function wechatAuthorizeUrl(ctx: RequestContext, state: string): { url: string } {
  requireActor(ctx);
  if (!ctx.deps.wechat) throw new AppError('WECHAT_OFF');
  return { url: ctx.deps.wechat.authorizeUrl(`${linkBase(ctx.deps.config)}/me/wechat`, state) };
}

/** Binds the WeChat user a 网页授权 code names to my account: WeChat notices may reach me from now on. */
export async function bindMyWeChat(ctx: RequestContext, code: string): Promise<PreferencesView> {
  const actor = requireActor(ctx);
  const wechat = ctx.deps.wechat;
  if (!wechat) throw new AppError('WECHAT_OFF');
  let openid: string;
  try {
    openid = await wechat.openidForCode(code);
  } catch (error) {
    if (error instanceof WeChatSendError) throw new AppError('WECHAT_CODE_REFUSED');
    throw error;
  }
  await transact(ctx.deps.db, { userId: actor.userId }, async (tx) => {
    // one WeChat user, one account: binding it here unbinds it from any other
    await repo.unbindOpenid(tx, wechat.appid, openid);
    await repo.bindWeChat(tx, { user_id: actor.userId, appid: wechat.appid, openid });
  });
  return getMyPreferences(ctx);
}

export async function unbindMyWeChat(ctx: RequestContext): Promise<PreferencesView> {
  const actor = requireActor(ctx);
  await transact(ctx.deps.db, { userId: actor.userId }, (tx) => repo.unbindUser(tx, actor.userId));
  return getMyPreferences(ctx);
}
