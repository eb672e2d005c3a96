import { Type } from 'typebox';
import { linkBase } from '../../platform/config.ts';
import { transact } from '../../platform/db.ts';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import { composeSms, SmsSendError } from '../../platform/sms.ts';
import { WeChatSendError } from '../../platform/wechat.ts';
import { getPhones } from '../identity/index.ts';
import { releaseTime, DEFAULT_QUIET } from './notifications.quiet.ts';
import * as repo from './notifications.repository.ts';

/** Attempts of one delivery before it is given up: pg-boss retries the job with backoff meanwhile. */
const MAX_ATTEMPTS = 5;

class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * Sends one delivery by its channel. Idempotent and at least once: the state is checked and
 * claimed in a transaction, the provider is called outside it (a slow provider holds no lock), the
 * outcome is written in a second one. A process that dies in between leaves the delivery
 * `sending`; the job runs again after it expires and sends again (a duplicate text is better than
 * a lost care alert).
 */
async function deliver(payload: { communityId: number; deliveryId: number }, ctx: JobContext): Promise<void> {
  const { deps } = ctx;
  const { communityId, deliveryId } = payload;
  const claim = await transact(deps.db, { communityId }, async (tx) => {
    const d = await repo.getDeliveryForUpdate(tx, communityId, deliveryId);
    if (!d || d.state === 'sent' || d.state === 'failed' || d.state === 'skipped') return null;
    const [preferences] = await repo.getPreferences(tx, [d.user_id]);
    const quiet = preferences ? (preferences.quiet_start === null ? null : { start: preferences.quiet_start, end: preferences.quiet_end! }) : DEFAULT_QUIET;
    const now = new Date();
    const release = d.urgent ? now : releaseTime(now, quiet);
    if (release > now) {
      // Held for the quiet hours: one later job, however often this one runs.
      if (!d.held_until || d.held_until.getTime() !== release.getTime()) {
        await repo.updateDelivery(tx, communityId, deliveryId, { held_until: release });
        await deps.jobs.enqueue(tx, 'notifications.deliver', payload, { communityId, startAfter: release, onceKey: `${deliveryId}@${release.toISOString()}` });
      }
      return null;
    }
    await repo.updateDelivery(tx, communityId, deliveryId, { state: 'sending', attempts: d.attempts + 1 });
    const phone = d.channel === 'sms' ? (await getPhones(tx, [d.user_id])).get(d.user_id) : undefined;
    const openid = d.channel === 'wechat' && deps.wechat ? (await repo.getWeChatBindings(tx, deps.wechat.appid, [d.user_id]))[0]?.openid : undefined;
    return { ...d, attempts: d.attempts + 1, phone, openid };
  });
  if (!claim) return;

  const outcome = await send(claim, ctx).then(
    (providerId) => ({ state: 'sent' as const, providerId, error: null }),
    (error: unknown) => {
      const retryable = (error instanceof SmsSendError || error instanceof WeChatSendError) && error.retryable && claim.attempts < MAX_ATTEMPTS;
      return { state: retryable ? ('queued' as const) : ('failed' as const), providerId: null, error: reasonOf(error) };
    },
  );
  await transact(deps.db, { communityId }, (tx) =>
    repo.updateDelivery(tx, communityId, deliveryId, {
      state: outcome.state,
      error: outcome.error,
      provider_id: outcome.providerId,
      sent_at: outcome.state === 'sent' ? new Date() : null,
    }),
  );
  if (outcome.state === 'queued') throw new RetryLater(`delivery ${deliveryId} will be tried again: ${outcome.error}`);
}

async function send(
  d: {
    channel: 'sms' | 'wechat';
    title: string;
    link: string | null;
    created_at: Date;
    community_name: string;
    phone?: string | undefined;
    openid?: string | undefined;
  },
  ctx: JobContext,
): Promise<string | null> {
  const { deps } = ctx;
  if (d.channel === 'sms') {
    if (!d.phone) throw new Error('the person has no mobile number');
    const sent = await deps.sms.send(composeSms(d.phone, 'notice', { community: d.community_name, title: d.title }));
    return sent.providerMessageId;
  }
  const templateId = deps.config.wechat?.noticeTemplateId;
  if (!deps.wechat || !templateId) throw new Error('WeChat notices are not set up (WECHAT_APPID, WECHAT_TEMPLATE_NOTICE)');
  if (!d.openid) throw new Error('the person has not bound WeChat');
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d.created_at);
  const sent = await deps.wechat.sendSubscribeMessage({
    openid: d.openid,
    templateId,
    ...(d.link ? { page: `${linkBase(deps.config)}${d.link}` } : {}),
    data: { thing1: d.title, thing2: d.community_name, time3: when },
  });
  return sent.msgid === null ? null : String(sent.msgid);
}

/** Why a delivery failed, for staff: the provider's code and words, never a number or an openid. */
function reasonOf(error: unknown): string {
  if (error instanceof SmsSendError) return `SMS ${error.code}: ${error.message}`.slice(0, 500);
  if (error instanceof WeChatSendError) return `WeChat ${error.errcode ?? ''} ${error.reason}: ${error.message}`.slice(0, 500);
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export const deliverJob = defineJob({
  payload: Type.Object({ communityId: Type.Integer({ minimum: 1 }), deliveryId: Type.Integer({ minimum: 1 }) }),
  retryLimit: MAX_ATTEMPTS,
  retryDelaySeconds: 30,
  handle: deliver,
});

export { releaseTime };
