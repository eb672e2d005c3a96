import type { Tx } from '../../database.ts';
import { hasRole, requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { IdempotencyKey } from '../../platform/idempotency.ts';
import { allocate, MAX_AMOUNT_FEN } from '../../platform/money.ts';
import { recordAudit } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { postEntry, type PostingInput } from '../ledger/index.ts';
import { LISTING } from './listings.service.ts';
import { checkBuyerHolds, holdUntil, releaseOrder, scheduleRelease } from './market.holds.ts';
import { idempotently, inCommunity } from './makers.service.ts';
import { paymentProviderFor } from './market.payments.ts';
import { presentOrder } from './market.present.ts';
import * as repo from './market.repository.ts';
import type { OrderItemInput, OrderView, OrdersQueryInput, PaymentInput, PlaceOrderInput, RefundInput } from './market.schemas.ts';
import type { Fulfilment, OrderChannel, PaymentMethod } from './market.tables.ts';

const ORDER = { zh: '订单', en: 'order' };
const FUND_ACCOUNT: Record<PaymentMethod, 'cash' | 'clearing'> = { cash: 'cash', qr: 'clearing', online: 'clearing' };

interface OrderSpec {
  channel: OrderChannel;
  items: OrderItemInput[];
  fulfilment: Fulfilment;
  deliveryAddress: string | null;
  note: string | null;
  buyerId: number | null;
  /** Until when an unpaid order holds what it reserves; null when it is paid as it is placed. */
  holdUntil: Date | null;
}

/**
 * Places an order and reserves what it takes, inside the caller's transaction: the listings
 * (and slots) are locked, availability re-checked, stock moved by a movement row. Returns the new
 * order and its lines.
 */
export async function reserve(tx: Tx, ctx: CommunityContext, actor: Actor, spec: OrderSpec): Promise<{ order: repo.OrderRow; lines: repo.LineRow[] }> {
  const communityId = ctx.community.id;
  const listings = new Map(
    (
      await repo.lockListings(
        tx,
        communityId,
        spec.items.map((i) => i.listingId),
      )
    ).map((l) => [l.id, l]),
  );
  const wanted = new Map<number, number>();
  for (const item of spec.items) wanted.set(item.listingId, (wanted.get(item.listingId) ?? 0) + item.quantity);
  for (const [listingId, quantity] of wanted) {
    const listing = listings.get(listingId);
    if (!listing) throw notFound(LISTING);
    if (listing.state === 'sold_out') throw new AppError('OUT_OF_STOCK', { title: listing.title, available: 0 });
    if (listing.state !== 'on_sale') throw new AppError('LISTING_NOT_ON_SALE', { title: listing.title });
    if (listing.kind === 'good' && listing.stock < quantity) throw new AppError('OUT_OF_STOCK', { title: listing.title, available: listing.stock });
  }
  const items: { item: OrderItemInput; listing: repo.ListingRow }[] = [];
  // places this order takes of each slot so far: two lines on one slot count together
  const taking = new Map<number, number>();
  for (const [index, item] of spec.items.entries()) {
    const listing = listings.get(item.listingId)!;
    if (listing.kind === 'service') {
      if (item.slotId === undefined) throw new AppError('VALIDATION_FAILED', { detail: `items/${index}/slotId is required for a service` });
      const slot = await repo.lockSlot(tx, communityId, item.slotId);
      if (!slot || slot.listing_id !== listing.id) throw notFound({ zh: '时段', en: 'time slot' });
      const free = slot.capacity - slot.booked - (taking.get(slot.id) ?? 0);
      if (free < item.quantity) throw new AppError('OUT_OF_STOCK', { title: listing.title, available: Math.max(0, free) });
      taking.set(slot.id, (taking.get(slot.id) ?? 0) + item.quantity);
    } else if (item.slotId !== undefined) throw new AppError('VALIDATION_FAILED', { detail: `items/${index}/slotId is only for services` });
    items.push({ item, listing });
  }
  const takeFen = items.reduce((t, l) => t + l.listing.maker_take_fen * l.item.quantity, 0);
  const marginFen = items.reduce((t, l) => t + l.listing.margin_fen * l.item.quantity, 0);
  // an order the fund could never book is refused now, not when its payment fails
  if (takeFen + marginFen > MAX_AMOUNT_FEN) throw new AppError('AMOUNT_OUT_OF_RANGE');
  const lines = items.map(({ item, listing }, i) => ({
    line_no: i + 1,
    listing_id: listing.id,
    slot_id: item.slotId ?? null,
    maker_id: listing.maker_id,
    title: listing.title,
    quantity: item.quantity,
    unit_take_fen: listing.maker_take_fen,
    unit_margin_fen: listing.margin_fen,
    payable_account: listing.payable_account!,
    margin_account: listing.kind === 'performance' ? 'income:performance_share' : 'income:sale_margin',
  }));
  const order = await repo.insertOrderWithLines(
    tx,
    {
      community_id: communityId,
      channel: spec.channel,
      state: 'placed',
      fulfilment: spec.fulfilment,
      delivery_address: spec.deliveryAddress,
      note: spec.note,
      buyer_id: spec.buyerId,
      placed_by: actor.userId,
      hold_until: spec.holdUntil,
      total_fen: takeFen + marginFen,
      take_fen: takeFen,
      margin_fen: marginFen,
    },
    lines,
    items.filter(({ listing }) => listing.kind === 'good').map(({ item, listing }) => ({ listing_id: listing.id, quantity: item.quantity })),
    actor.userId,
  );
  for (const { item } of items) if (item.slotId !== undefined) await repo.changeSlotBooked(tx, communityId, item.slotId, item.quantity);
  for (const [listingId, quantity] of wanted) {
    const listing = listings.get(listingId)!;
    if (listing.kind === 'good' && listing.stock === quantity) await repo.updateListing(tx, communityId, listingId, { state: 'sold_out' });
  }
  return {
    order,
    lines: lines.map((line, i) => ({
      ...line,
      community_id: communityId,
      order_id: order.id,
      maker_name: items[i]!.listing.maker_name,
      maker_kind: items[i]!.listing.maker_kind,
    })),
  };
}

/** Who gets what from an order: the makers' (troupes') payables first, then the fund's income accounts. */
export function creditGroups(lines: repo.LineRow[]): { account: string; fen: number }[] {
  const takes = new Map<string, number>();
  const margins = new Map<string, number>();
  for (const l of lines) {
    takes.set(l.payable_account, (takes.get(l.payable_account) ?? 0) + l.unit_take_fen * l.quantity);
    margins.set(l.margin_account, (margins.get(l.margin_account) ?? 0) + l.unit_margin_fen * l.quantity);
  }
  return [...takes, ...margins].map(([account, fen]) => ({ account, fen }));
}

/**
 * How a refund of `amountFen` is taken back from each credit of the sale, after the earlier
 * refunds `earlierFen` (in the order they were made). Each refund is shared in proportion to what
 * each account still holds of the sale (largest remainder; makers' payables are listed first and
 * get the odd fen). So no part is negative, none takes back more than its account was credited,
 * and refunds that add up to the sale take back exactly its credits.
 */
export function refundParts(groups: { account: string; fen: number }[], earlierFen: readonly number[], amountFen: number) {
  const remaining = groups.map((g) => g.fen);
  const take = (amount: number) => {
    const parts = amount === 0 ? remaining.map(() => 0) : allocate(amount, remaining);
    parts.forEach((fen, i) => (remaining[i]! -= fen));
    return parts;
  };
  for (const earlier of earlierFen) take(earlier);
  return take(amountFen).map((fen, i) => ({ account: groups[i]!.account, fen }));
}

/**
 * Takes the payment of a placed order and posts its one journal entry, in the caller's
 * transaction. The entry locks the community's book until commit, so everything else is done
 * before it and only the order's own update after. Returns the order as it now is, or null when
 * an online payment is still pending with the provider.
 */
export async function takePayment(
  tx: Tx,
  ctx: CommunityContext,
  actor: Actor,
  order: repo.OrderRow,
  payment: PaymentInput,
  finalState: 'paid' | 'completed' = 'paid',
  knownLines?: repo.LineRow[],
): Promise<OrderView | null> {
  if (order.state !== 'placed') throw order.paid_at ? new AppError('ORDER_ALREADY_PAID') : new AppError('INVALID_STATE', { state: order.state });
  if (payment.method !== 'online') requireRole(ctx, 'clerk', 'staff');
  let reference: string | null = null;
  let tenderedFen: number | null = null;
  let changeFen: number | null = null;
  if (payment.method === 'cash') {
    tenderedFen = payment.tenderedFen ?? order.total_fen;
    if (tenderedFen < order.total_fen)
      throw new AppError('VALIDATION_FAILED', { detail: `tenderedFen ${tenderedFen} is less than the total ${order.total_fen}` });
    changeFen = tenderedFen - order.total_fen;
  } else if (payment.method === 'qr') {
    reference = payment.reference ?? null;
  } else {
    const provider = paymentProviderFor(ctx.deps);
    const started = await provider.createPayment({
      communityId: ctx.community.id,
      orderId: order.id,
      amountFen: order.total_fen,
      description: `微益+ 订单 ${order.id}`,
    });
    reference = started.reference;
    const confirmed = await provider.confirm(reference);
    if (!confirmed.paid || confirmed.amountFen !== order.total_fen) {
      await repo.updateOrder(tx, ctx.community.id, order.id, { payment_reference: reference });
      return null;
    }
  }
  const lines = knownLines ?? (await repo.listLines(tx, ctx.community.id, [order.id]));
  const postings: PostingInput[] = [
    { account: FUND_ACCOUNT[payment.method], amountFen: order.total_fen },
    ...creditGroups(lines)
      .filter((g) => g.fen > 0)
      .map((g) => ({ account: g.account, amountFen: -g.fen })),
  ];
  const isPerformance = lines.every((l) => l.margin_account === 'income:performance_share');
  await recordAudit(tx, ctx, {
    action: 'market.order_paid',
    subjectType: 'order',
    subjectId: order.id,
    detail: { method: payment.method, totalFen: order.total_fen },
  });
  const entry = await postEntry(tx, ctx.community.id, {
    kind: isPerformance ? 'performance' : 'sale',
    memo: `${isPerformance ? '微益+ 演出预订' : '微益+ 销售'}（订单 ${order.id}）`,
    source: { type: 'market_order', id: String(order.id) },
    postings,
  });
  const paid = await repo.updateOrderReturning(tx, ctx.community.id, order.id, {
    state: finalState,
    payment_method: payment.method,
    payment_reference: reference,
    tendered_fen: tenderedFen,
    change_fen: changeFen,
    paid_at: new Date(),
    paid_by: actor.userId,
    sale_entry_id: entry.id,
  });
  return presentOrder(paid, lines);
}

export async function loadOrder(tx: Tx, ctx: CommunityContext, orderId: number): Promise<OrderView> {
  const order = await repo.getOrder(tx, ctx.community.id, orderId);
  if (!order) throw notFound(ORDER);
  return presentOrder(order, await repo.listLines(tx, ctx.community.id, [orderId]));
}

/** The order, locked, if the actor may act on it: clerks and staff, or its buyer. Others: 404 (not theirs). */
export async function lockOrderFor(tx: Tx, ctx: CommunityContext, actor: Actor, orderId: number) {
  const order = await repo.getOrderForUpdate(tx, ctx.community.id, orderId);
  if (!order) throw notFound(ORDER);
  if (!hasRole(ctx, 'clerk', 'staff') && order.buyer_id !== actor.userId) throw notFound(ORDER);
  return order;
}

/**
 * Online (a member for themselves) or kiosk (the shop's touch screen, signed in as a clerk; the
 * customer takes the order number to the counter). Stock is reserved now.
 */
export function placeOrder(ctx: CommunityContext, input: PlaceOrderInput, idempotency: IdempotencyKey) {
  const actor = input.channel === 'kiosk' ? requireRole(ctx, 'clerk', 'staff') : requireRole(ctx);
  if (input.fulfilment === 'delivery' && !input.deliveryAddress)
    throw new AppError('VALIDATION_FAILED', { detail: 'deliveryAddress is required for delivery' });
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    const buyerId = input.channel === 'online' ? actor.userId : null;
    if (buyerId !== null)
      await checkBuyerHolds(
        tx,
        ctx.community.id,
        buyerId,
        input.items.reduce((n, i) => n + i.quantity, 0),
      );
    const until = await holdUntil(tx, ctx);
    const { order, lines } = await reserve(tx, ctx, actor, {
      channel: input.channel,
      items: input.items,
      fulfilment: input.fulfilment,
      deliveryAddress: input.fulfilment === 'delivery' ? (input.deliveryAddress ?? null) : null,
      note: input.note ?? null,
      buyerId,
      holdUntil: until,
    });
    await scheduleRelease(tx, ctx, order.id, until);
    await recordAudit(tx, ctx, { action: 'market.order_placed', subjectType: 'order', subjectId: order.id, detail: { channel: input.channel } });
    return presentOrder(order, lines);
  });
}

/** Pays a placed order: cash or a scanned QR at the counter (clerk), or online (the buyer). */
export function payOrder(ctx: CommunityContext, orderId: number, payment: PaymentInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx);
  return idempotently(ctx, actor, idempotency, 200, async (tx) => {
    const order = await lockOrderFor(tx, ctx, actor, orderId);
    await takePayment(tx, ctx, actor, order, payment);
    const row = (await repo.getOrder(tx, ctx.community.id, orderId))!;
    return { order: await loadOrder(tx, ctx, orderId), providerReference: row.payment_reference, payUrl: null };
  });
}

export async function markReady(ctx: CommunityContext, orderId: number): Promise<OrderView> {
  const actor = requireRole(ctx, 'clerk', 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const order = await lockOrderFor(tx, ctx, actor, orderId);
    if (order.state !== 'paid') throw new AppError('INVALID_STATE', { state: order.state });
    await repo.updateOrder(tx, ctx.community.id, orderId, { state: 'ready' });
    await recordAudit(tx, ctx, { action: 'market.order_ready', subjectType: 'order', subjectId: orderId });
    if (order.buyer_id !== null) {
      await notify(tx, ctx.deps, {
        communityId: ctx.community.id,
        userIds: [order.buyer_id],
        topic: 'market.order_ready',
        title: `您的订单 ${orderId} 已备好，请到微益+ 门店取货`,
        link: `/c/${ctx.community.slug}/orders`,
        channels: ['wechat', 'sms'],
      });
    }
    return loadOrder(tx, ctx, orderId);
  });
}

/** Cancels an unpaid order (its buyer, a clerk or staff) and releases what it reserved. */
export async function cancelOrder(ctx: CommunityContext, orderId: number): Promise<OrderView> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const order = await lockOrderFor(tx, ctx, actor, orderId);
    if (order.state !== 'placed') throw order.paid_at ? new AppError('ORDER_ALREADY_PAID') : new AppError('INVALID_STATE', { state: order.state });
    await releaseOrder(tx, ctx, orderId, actor.userId, 'release');
    await repo.updateOrder(tx, ctx.community.id, orderId, { state: 'cancelled' });
    await recordAudit(tx, ctx, { action: 'market.order_cancelled', subjectType: 'order', subjectId: orderId });
    return loadOrder(tx, ctx, orderId);
  });
}

/**
 * Refunds all or part of a paid order and posts the reversal. A partial refund is shared in
 * proportion to what each account still holds of the sale, the makers' side first (see
 * refundParts), so several partial refunds add up exactly to a full one.
 */
export function refundOrder(ctx: CommunityContext, orderId: number, input: RefundInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'clerk', 'staff');
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    const order = await lockOrderFor(tx, ctx, actor, orderId);
    if (!order.paid_at || !order.payment_method) throw new AppError('INVALID_STATE', { state: order.state });
    const remaining = order.total_fen - order.refunded_fen;
    const amountFen = input.amountFen ?? remaining;
    if (amountFen > remaining || amountFen <= 0) throw new AppError('REFUND_EXCEEDS_SALE');
    const lines = await repo.listLines(tx, ctx.community.id, [orderId]);
    const earlier = await repo.listRefundAmounts(tx, ctx.community.id, orderId);
    const parts = refundParts(creditGroups(lines), earlier, amountFen);
    const entry = await postEntry(tx, ctx.community.id, {
      kind: 'refund',
      memo: `微益+ 退款（订单 ${orderId}）`,
      source: { type: 'market_order', id: String(orderId) },
      postings: [
        ...parts.filter((p) => p.fen > 0).map((p) => ({ account: p.account, amountFen: p.fen })),
        { account: FUND_ACCOUNT[order.payment_method], amountFen: -amountFen },
      ],
    });
    const isFull = amountFen === remaining;
    const restocked = isFull && input.restock && order.refunded_fen === 0;
    if (restocked) await releaseOrder(tx, ctx, orderId, actor.userId, 'restock');
    const refund = await repo.insertRefund(tx, {
      community_id: ctx.community.id,
      order_id: orderId,
      amount_fen: amountFen,
      method: order.payment_method,
      restocked,
      reason: input.reason,
      entry_id: entry.id,
      created_by: actor.userId,
    });
    await repo.updateOrder(tx, ctx.community.id, orderId, { refunded_fen: order.refunded_fen + amountFen, ...(isFull ? { state: 'refunded' as const } : {}) });
    await recordAudit(tx, ctx, {
      action: 'market.order_refunded',
      subjectType: 'order',
      subjectId: orderId,
      detail: { amountFen, entry: entry.id, reason: input.reason },
    });
    const takeParts = parts.filter((p) => p.account.startsWith('maker_payable') || p.account.startsWith('org_payable')).reduce((t, p) => t + p.fen, 0);
    return {
      id: refund.id,
      orderId,
      amountFen,
      makerTakeFen: takeParts,
      fundFen: amountFen - takeParts,
      method: order.payment_method,
      restocked,
      reason: input.reason,
      order: await loadOrder(tx, ctx, orderId),
    };
  });
}

export async function getOrder(ctx: CommunityContext, orderId: number): Promise<OrderView> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const order = await repo.getOrder(tx, ctx.community.id, orderId);
    if (!order) throw notFound(ORDER);
    if (!hasRole(ctx, 'clerk', 'staff') && order.buyer_id !== actor.userId) throw notFound(ORDER);
    return presentOrder(order, await repo.listLines(tx, ctx.community.id, [orderId]));
  });
}

/** Clerks and staff see every order; anyone else their own. */
export async function listOrders(ctx: CommunityContext, query: OrdersQueryInput): Promise<{ orders: OrderView[]; total: number }> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const mine = hasRole(ctx, 'clerk', 'staff') ? {} : { buyerId: actor.userId };
    const { rows, total } = await repo.findOrders(tx, ctx.community.id, { state: query.state, channel: query.channel, ...mine }, query);
    const lines = await repo.listLines(
      tx,
      ctx.community.id,
      rows.map((r) => r.id),
    );
    return { orders: rows.map((r) => presentOrder(r, lines)), total };
  });
}
