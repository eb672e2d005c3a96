import type { Executor } from '../../database.ts';
import type { Language } from '../../platform/errors.ts';
import { formatFen } from '../../platform/money.ts';
import { getPeople } from '../identity/index.ts';
import { maskName, type SourceDetailView, type SourceType } from '../ledger/index.ts';
import * as repo from './market.repository.ts';
import type { OrderChannel } from './market.tables.ts';

// What the fund's public source page shows about the shop's entries: an order (its lines and
// their split, never the buyer) and a maker's payouts (the maker's public name, never who signed
// for the money). The market's definition hands them to the ledger (`ledgerSources`).

const CHANNELS: Record<OrderChannel, { zh: string; en: string }> = {
  online: { zh: '线上', en: 'online' },
  counter: { zh: '门店收银', en: 'shop counter' },
  kiosk: { zh: '自助机', en: 'self-service kiosk' },
};

const idOf = (id: string) => (/^[1-9][0-9]{0,15}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : null);
const dateOf = (at: Date, language: Language) =>
  new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** A maker's name as the public sees it: an organisation's in full, a person's masked unless they agreed to be shown. */
async function getMakerPublic(db: Executor, communityId: number, makerId: number) {
  const maker = await db
    .selectFrom('market_makers as m')
    .select(['m.name', 'm.kind', 'm.user_id'])
    .where('m.community_id', '=', communityId)
    .where('m.id', '=', makerId)
    .executeTakeFirst();
  if (!maker) return undefined;
  const person = maker.user_id === null ? undefined : (await getPeople(db, [maker.user_id])).get(maker.user_id);
  return { name: maker.name, kind: maker.kind, name_public: person?.namePublic ?? false };
}

async function presentOrderSource(db: Executor, communityId: number, id: string, language: Language): Promise<SourceDetailView | null> {
  const orderId = idOf(id);
  const order = orderId === null ? undefined : await repo.getOrder(db, communityId, orderId);
  if (!order || orderId === null) return null;
  const en = language === 'en';
  const lines = await repo.listLines(db, communityId, [orderId]);
  return {
    title: en ? `Shop order ${id}` : `微益+ 订单 ${id}`,
    lines: [
      ...lines.map((l) => {
        const takeFen = l.unit_take_fen * l.quantity;
        const fundFen = l.unit_margin_fen * l.quantity;
        const to = l.maker_kind === 'organisation' ? (en ? 'to the troupe' : '给演出团队') : en ? 'to the maker' : '给手艺人';
        return {
          label: `${l.title} × ${l.quantity}`,
          value: en
            ? `${formatFen(l.unit_take_fen + l.unit_margin_fen)} each: ${formatFen(takeFen)} ${to} / ${formatFen(fundFen)} to the fund`
            : `单价 ${formatFen(l.unit_take_fen + l.unit_margin_fen)}：${formatFen(takeFen)} ${to} / ${formatFen(fundFen)} 进社区公益基金`,
        };
      }),
      { label: en ? 'Channel' : '渠道', value: en ? CHANNELS[order.channel].en : CHANNELS[order.channel].zh },
      ...(order.paid_at ? [{ label: en ? 'Paid' : '已付', value: `${formatFen(order.total_fen)} · ${dateOf(order.paid_at, language)}` }] : []),
      ...(order.refunded_fen > 0 ? [{ label: en ? 'Refunded' : '已退款', value: formatFen(order.refunded_fen) }] : []),
    ],
  };
}

async function presentMakerSource(db: Executor, communityId: number, id: string, language: Language): Promise<SourceDetailView | null> {
  const makerId = idOf(id);
  const maker = makerId === null ? undefined : await getMakerPublic(db, communityId, makerId);
  if (!maker || makerId === null) return null;
  const en = language === 'en';
  const isPerson = maker.kind === 'person';
  const name = isPerson && maker.name_public !== true ? maskName(maker.name) : maker.name;
  const payouts = (await repo.listPayouts(db, communityId, makerId)).reverse();
  return {
    title: isPerson ? (en ? `Maker ${name}` : `手艺人 ${name}`) : en ? `Troupe ${name}` : `演出团队 ${name}`,
    lines: [
      ...payouts.map((p) => ({
        label: `${en ? 'Payout' : '结算'} ${dateOf(p.created_at, language)}`,
        value: en
          ? `${formatFen(p.amount_fen)} (${p.method === 'bank' ? 'bank transfer' : 'cash'})`
          : `${formatFen(p.amount_fen)}（${p.method === 'bank' ? '银行转账' : '现金'}）`,
      })),
      { label: en ? 'Paid out in all' : '累计结算', value: formatFen(payouts.reduce((t, p) => t + p.amount_fen, 0)) },
    ],
  };
}

export const MARKET_SOURCES: Record<string, SourceType> = {
  market_order: { name: { zh: '微益+ 订单', en: 'Shop order' }, present: presentOrderSource },
  market_maker: { name: { zh: '手艺人结算', en: 'Maker payouts' }, present: presentMakerSource },
};
