import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/module.ts';
import { getBalances } from '../ledger/index.ts';

const OPEN_ORDER_STATES = ['placed', 'paid', 'ready'] as const;
const LISTED_STATES = ['in_review', 'on_sale', 'paused'] as const;

/**
 * What the shop holds about me: my orders as a buyer, my maker profile, my shop job. A sale is a
 * record of the fund's book and stays (its amount and date, with nobody's name); what only served
 * the delivery (address, note) and my maker story and photo go when I close my account.
 */
export const marketPersonalData: PersonalData = {
  async export(tx, communityId, userId) {
    const orders = await tx
      .selectFrom('market_orders')
      .select(['id', 'created_at', 'state', 'channel', 'fulfilment', 'total_fen', 'delivery_address', 'note'])
      .where('community_id', '=', communityId)
      .where('buyer_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(1000)
      .execute();
    const maker = await tx
      .selectFrom('market_makers')
      .select(['name', 'story', 'crafts', 'photo_sha256', 'status', 'consent_note', 'created_at'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const worker = await tx
      .selectFrom('market_shop_workers')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (orders.length === 0 && !maker && !worker) return null;
    return {
      orders: orders.map((o) => ({
        id: o.id,
        at: o.created_at.toISOString(),
        state: o.state,
        channel: o.channel,
        fulfilment: o.fulfilment,
        totalFen: Number(o.total_fen),
        deliveryAddress: o.delivery_address,
        note: o.note,
      })),
      maker: maker
        ? {
            name: maker.name,
            story: maker.story,
            crafts: maker.crafts,
            photo: maker.photo_sha256 ? `/files/${maker.photo_sha256}` : null,
            status: maker.status,
            consent: maker.consent_note,
            since: maker.created_at.toISOString(),
          }
        : null,
      shopJob: worker ? { job: worker.job, hourlyWageFen: Number(worker.hourly_wage_fen) } : null,
    };
  },
  async refuseClosing(tx, communityId, userId) {
    const open = await tx
      .selectFrom('market_orders')
      .select('id')
      .where('community_id', '=', communityId)
      .where('buyer_id', '=', userId)
      .where('state', 'in', OPEN_ORDER_STATES)
      .limit(1)
      .executeTakeFirst();
    if (open) throw new AppError('CLOSE_OPEN_BUSINESS', { what: 'an order not yet completed or cancelled', whatZh: '未完成的订单' });
    const maker = await tx
      .selectFrom('market_makers')
      .select(['id', 'payable_account'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!maker) return;
    const listed = await tx
      .selectFrom('market_listings')
      .select('id')
      .where('community_id', '=', communityId)
      .where('maker_id', '=', maker.id)
      .where('state', 'in', LISTED_STATES)
      .limit(1)
      .executeTakeFirst();
    if (listed) throw new AppError('CLOSE_OPEN_BUSINESS', { what: 'a listing on offer', whatZh: '在售的商品' });
    if (maker.payable_account) {
      const owed = (await getBalances(tx, communityId, [maker.payable_account]))[maker.payable_account] ?? 0;
      if (owed !== 0) throw new AppError('CLOSE_OPEN_BUSINESS', { what: 'money the fund still owes you', whatZh: '基金待付给您的货款' });
    }
  },
  async close(tx, communityId, userId) {
    await tx
      .updateTable('market_orders')
      .set({ delivery_address: null, note: null })
      .where('community_id', '=', communityId)
      .where('buyer_id', '=', userId)
      .execute();
    await tx
      .updateTable('market_makers')
      .set({ story: '', crafts: '', photo_sha256: null })
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .execute();
  },
};
