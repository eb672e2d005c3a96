import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Tx } from '../../database.ts';
import { systemContext, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs.ts';
import { getSettingsIn } from '../communities/index.ts';
import { recordAudit } from '../identity/index.ts';
import * as repo from './market.repository.ts';

// Stock is scarce and an unpaid order holds it. So an unpaid order holds it for a while only
// (the community's `unpaidHoldMinutes`, 30 by default), after which a job cancels it and gives
// the stock and places back; and one buyer holds at most a few orders and units at a time.

/** Open (unpaid) online orders one buyer may hold at once. */
export const MAX_OPEN_ORDERS = 3;
/** Units one buyer's open online orders may hold together. */
export const MAX_HELD_UNITS = 20;

/**
 * Before a buyer places an online order: refuses a fourth open order, or more units held than the
 * cap. The buyer's orders are counted under a lock on the buyer, so orders placed at once are
 * counted one after the other.
 */
export async function checkBuyerHolds(tx: Tx, communityId: number, buyerId: number, units: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`market.buyer:${communityId}:${buyerId}`}, 0))`.execute(tx);
  const open = await repo.openOrdersOf(tx, communityId, buyerId);
  if (open.orders >= MAX_OPEN_ORDERS) throw new AppError('TOO_MANY_OPEN_ORDERS', { max: MAX_OPEN_ORDERS });
  if (open.units + units > MAX_HELD_UNITS) throw new AppError('TOO_MANY_UNITS_HELD', { max: MAX_HELD_UNITS, held: open.units });
}

/** When an order placed now stops holding its stock, and the job that releases it then, in the caller's transaction. */
export async function holdUntil(tx: Tx, ctx: CommunityContext): Promise<Date> {
  const { unpaidHoldMinutes } = await getSettingsIn(tx, ctx.community.id);
  return new Date(Date.now() + unpaidHoldMinutes * 60_000);
}

export async function scheduleRelease(tx: Tx, ctx: CommunityContext, orderId: number, until: Date): Promise<void> {
  await ctx.deps.jobs.enqueue(
    tx,
    'market.releaseUnpaid',
    { communityId: ctx.community.id, orderId },
    { communityId: ctx.community.id, startAfter: until, onceKey: `${orderId}@${until.toISOString()}` },
  );
}

/**
 * Cancels an order still unpaid when its hold ends and gives back what it reserved. Idempotent:
 * an order paid, cancelled or refunded meanwhile is left alone; one whose hold was moved later is
 * looked at again then.
 */
export const releaseUnpaidJob = defineJob({
  payload: Type.Object({ communityId: Type.Integer({ minimum: 1 }), orderId: Type.Integer({ minimum: 1 }) }),
  retryLimit: 10,
  retryDelaySeconds: 30,
  handle: async ({ communityId, orderId }, { deps, job }) => {
    await transact(deps.db, { communityId }, async (tx) => {
      const order = await repo.getOrderForUpdate(tx, communityId, orderId);
      if (!order || order.state !== 'placed' || order.paid_at !== null || order.hold_until === null) return;
      const community = await repo.getCommunityForJob(tx, communityId);
      const ctx = systemContext(deps, community);
      // the database's clock, which also decided that the job was due
      const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
      if (order.hold_until.getTime() > new Date(rows[0]!.now).getTime()) {
        // not yet (the hold was moved later): one follow-up per run of this job
        await ctx.deps.jobs.enqueue(
          tx,
          'market.releaseUnpaid',
          { communityId, orderId },
          { communityId, startAfter: order.hold_until, onceKey: `after:${job.id}` },
        );
        return;
      }
      await releaseOrder(tx, ctx, orderId, null);
      await repo.updateOrder(tx, communityId, orderId, { state: 'cancelled' });
      await recordAudit(tx, ctx, {
        action: 'market.order_expired',
        subjectType: 'order',
        subjectId: orderId,
        detail: { holdUntil: order.hold_until.toISOString() },
      });
    });
  },
});

/** Gives back what an order reserved: its stock and its places (cancel, expiry, or a full refund that restocks). */
export async function releaseOrder(tx: Tx, ctx: CommunityContext, orderId: number, recordedBy: number | null, kind: 'release' | 'restock' = 'release') {
  const communityId = ctx.community.id;
  const lines = await repo.listLines(tx, communityId, [orderId]);
  const listings = new Map(
    (
      await repo.lockListings(
        tx,
        communityId,
        lines.map((l) => l.listing_id),
      )
    ).map((l) => [l.id, l]),
  );
  for (const line of lines) {
    const listing = listings.get(line.listing_id)!;
    if (listing.kind === 'good') {
      await repo.insertMovement(tx, {
        community_id: communityId,
        listing_id: line.listing_id,
        kind,
        quantity_delta: line.quantity,
        order_id: orderId,
        recorded_by: recordedBy,
      });
      if (listing.state === 'sold_out') await repo.updateListing(tx, communityId, listing.id, { state: 'on_sale' });
    }
    if (line.slot_id !== null) await repo.changeSlotBooked(tx, communityId, line.slot_id, -line.quantity);
  }
}
