import { requireRole, type CommunityContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { IdempotencyKey } from '../../platform/idempotency.ts';
import { formatFen } from '../../platform/money.ts';
import { recordAudit } from '../identity/index.ts';
import { idempotently } from './makers.service.ts';
import { splitLabel } from './market.present.ts';
import * as repo from './market.repository.ts';
import type { CounterSaleInput, OrderView, PaymentInput } from './market.schemas.ts';
import { getOrder, loadOrder, lockOrderFor, reserve, takePayment } from './orders.service.ts';

// The counter (POS): a sale placed and paid in one request, collecting online and kiosk orders,
// and the receipt with the split per line.

/** The counter: several items placed and paid in one request; the answer is the receipt. */
export function counterSale(ctx: CommunityContext, input: CounterSaleInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'clerk', 'staff');
  if (input.payment.method === 'online') throw new AppError('PAYMENT_PROVIDER_REFUSED');
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    const { order, lines } = await reserve(tx, ctx, actor, {
      channel: 'counter',
      items: input.items,
      fulfilment: 'counter',
      deliveryAddress: null,
      note: null,
      buyerId: null,
      holdUntil: null, // paid as it is placed
    });
    const sold = await takePayment(tx, ctx, actor, order, input.payment, 'completed', lines);
    return receiptOf(ctx, sold!);
  });
}

/** Collect an online or kiosk order at the counter: pay it if unpaid, then hand it over. */
export function collectOrder(ctx: CommunityContext, orderId: number, payment: PaymentInput | undefined, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'clerk', 'staff');
  return idempotently(ctx, actor, idempotency, 200, async (tx) => {
    const order = await lockOrderFor(tx, ctx, actor, orderId);
    await recordAudit(tx, ctx, { action: 'market.order_collected', subjectType: 'order', subjectId: orderId });
    if (order.state === 'placed') {
      if (!payment) throw new AppError('INVALID_STATE', { state: 'placed', stateZh: '未付款' });
      if (payment.method === 'online') throw new AppError('PAYMENT_PROVIDER_REFUSED');
      return receiptOf(ctx, (await takePayment(tx, ctx, actor, order, payment, 'completed'))!);
    }
    if (order.state !== 'paid' && order.state !== 'ready') throw new AppError('INVALID_STATE', { state: order.state });
    await repo.updateOrder(tx, ctx.community.id, orderId, { state: 'completed' });
    return receiptOf(ctx, await loadOrder(tx, ctx, orderId));
  });
}

export async function getReceipt(ctx: CommunityContext, orderId: number) {
  return receiptOf(ctx, await getOrder(ctx, orderId));
}

/** What the printed receipt says, including where each line's money goes. */
export function receiptOf(ctx: CommunityContext, order: OrderView) {
  const lines = order.lines.map((l) => `${l.title} ×${l.quantity}  ${formatFen(l.amountFen)}（${l.splitLabel}）`);
  const paid = order.payment;
  const totalText = [
    `合计 ${formatFen(order.totalFen)}`,
    ...(paid?.tenderedFen != null ? [`实收 ${formatFen(paid.tenderedFen)}`, `找零 ${formatFen(paid.changeFen ?? 0)}`] : []),
  ].join('  ');
  return {
    community: ctx.community.name,
    order,
    lines,
    totalText,
    splitText: `本单 ${splitLabel(order.makerTakeFen, order.fundFen)}`,
  };
}
