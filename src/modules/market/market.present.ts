import { formatFen } from '../../platform/money.ts';
import type { LineRow, ListingRow, MakerRow, OrderRow, SlotRow } from './market.repository.ts';
import type { ListingView, MakerView, OrderView } from './market.schemas.ts';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** "¥120.00 给手艺人 / ¥30.00 进社区公益基金" (a troupe's share says 给演出团队). */
export function splitLabel(takeFen: number, fundFen: number, makerKind: 'person' | 'organisation' = 'person'): string {
  return `${formatFen(takeFen)} ${makerKind === 'organisation' ? '给演出团队' : '给手艺人'} / ${formatFen(fundFen)} 进社区公益基金`;
}

export function presentMaker(row: MakerRow): MakerView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    story: row.story,
    crafts: row.crafts,
    photoUrl: row.photo_sha256 ? `/files/${row.photo_sha256}` : null,
    status: row.status,
    userId: row.user_id,
    listedOnBehalf: row.consent_note !== null,
    decisionReason: row.decision_reason,
    createdAt: iso(row.created_at),
  };
}

export function presentListing(row: ListingRow, slots: SlotRow[] = []): ListingView {
  return {
    id: row.id,
    code: row.code,
    barcode: row.barcode,
    kind: row.kind,
    title: row.title,
    description: row.description,
    category: row.category,
    photos: row.photos.map((sha256) => ({ sha256, url: `/files/${sha256}`, thumbnailUrl: `/files/${sha256}/thumb` })),
    split: {
      priceFen: row.price_fen,
      makerTakeFen: row.maker_take_fen,
      fundFen: row.margin_fen,
      label: splitLabel(row.maker_take_fen, row.margin_fen, row.maker_kind),
    },
    fundSharePercent: row.fund_share_percent,
    state: row.state,
    stock: row.kind === 'good' ? row.stock : null,
    maker: { id: row.maker_id, name: row.maker_name, kind: row.maker_kind },
    slots: slots
      .filter((s) => s.listing_id === row.id)
      .map((s) => ({ id: s.id, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), capacity: s.capacity, available: s.capacity - s.booked })),
    reviewNote: row.review_note,
  };
}

export function presentOrder(row: OrderRow, lines: LineRow[]): OrderView {
  return {
    id: row.id,
    number: String(row.id),
    channel: row.channel,
    state: row.state,
    fulfilment: row.fulfilment,
    deliveryAddress: row.delivery_address,
    note: row.note,
    buyerId: row.buyer_id,
    totalFen: row.total_fen,
    makerTakeFen: row.take_fen,
    fundFen: row.margin_fen,
    refundedFen: row.refunded_fen,
    payment:
      row.payment_method && row.paid_at
        ? {
            method: row.payment_method,
            reference: row.payment_reference,
            tenderedFen: row.tendered_fen,
            changeFen: row.change_fen,
            paidAt: iso(row.paid_at),
          }
        : null,
    holdUntil: row.state === 'placed' && row.hold_until ? iso(row.hold_until) : null,
    lines: lines
      .filter((l) => l.order_id === row.id)
      .map((l) => ({
        lineNo: l.line_no,
        listingId: l.listing_id,
        slotId: l.slot_id,
        title: l.title,
        quantity: l.quantity,
        unitPriceFen: l.unit_take_fen + l.unit_margin_fen,
        amountFen: (l.unit_take_fen + l.unit_margin_fen) * l.quantity,
        makerTakeFen: l.unit_take_fen * l.quantity,
        fundFen: l.unit_margin_fen * l.quantity,
        makerName: l.maker_name,
        splitLabel: splitLabel(l.unit_take_fen * l.quantity, l.unit_margin_fen * l.quantity, l.maker_kind),
      })),
    createdAt: iso(row.created_at),
  };
}
