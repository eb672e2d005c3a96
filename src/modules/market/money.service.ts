import { requireRole, type CommunityContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { IdempotencyKey } from '../../platform/idempotency.ts';
import { csvDocument } from '../../platform/csv.ts';
import { renderOffThread } from '../../platform/pdf.ts';
import { getPeople, recordAudit } from '../identity/index.ts';
import { getBalances, postEntry } from '../ledger/index.ts';
import { getMakerForActor, idempotently, inCommunity } from './makers.service.ts';
import { creditGroups, refundParts } from './orders.service.ts';
import { presentMaker } from './market.present.ts';
import * as repo from './market.repository.ts';
import type { StatementPdfData } from './market.statement-pdf.ts';
import type { CashUpInput, CashUpView, PayoutInput, PayoutView } from './market.schemas.ts';

const STATEMENT_RENDERER = new URL('./market.statement-pdf.ts', import.meta.url).href;

type PayoutRow = Awaited<ReturnType<typeof repo.listPayouts>>[number];

function presentPayout(row: PayoutRow, pendingTakeFen: number): PayoutView {
  return {
    id: row.id,
    makerId: row.maker_id,
    amountFen: row.amount_fen,
    method: row.method,
    reference: row.reference,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedRelation: row.acknowledged_relation,
    pendingTakeFen,
    createdAt: row.created_at.toISOString(),
  };
}

async function pendingOf(tx: Parameters<typeof getBalances>[0], communityId: number, account: string | null): Promise<number> {
  if (!account) return 0;
  const balances = await getBalances(tx, communityId, [account]);
  return -(balances[account] ?? 0); // a payable is a credit balance
}

/** Pays a maker what is pending (or part of it); the maker or a family member acknowledges. */
export function payOut(ctx: CommunityContext, makerId: number, input: PayoutInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'staff');
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    const maker = await repo.getMakerForUpdate(tx, ctx.community.id, makerId);
    if (!maker) throw notFound({ zh: '手艺人', en: 'maker' });
    const pending = await pendingOf(tx, ctx.community.id, maker.payable_account);
    const amountFen = input.amountFen ?? pending;
    if (pending <= 0 || amountFen <= 0) throw new AppError('NOTHING_TO_PAY_OUT');
    if (amountFen > pending) throw new AppError('VALIDATION_FAILED', { detail: `amountFen ${amountFen} exceeds the pending ${pending}` });
    const entry = await postEntry(tx, ctx.community.id, {
      kind: 'payout',
      memo: `微益+ ${maker.kind === 'organisation' ? '演出团队' : '手艺人'}结算（${input.method === 'cash' ? '现金' : '银行转账'}）`,
      source: { type: 'market_maker', id: String(makerId) },
      postings: [
        { account: maker.payable_account!, amountFen },
        { account: input.method, amountFen: -amountFen },
      ],
      party: { name: maker.name, isPerson: maker.kind === 'person', showName: false },
    });
    const row = await repo.insertPayout(tx, {
      community_id: ctx.community.id,
      maker_id: makerId,
      amount_fen: amountFen,
      method: input.method,
      reference: input.reference ?? null,
      acknowledged_by: input.acknowledgedBy,
      acknowledged_relation: input.acknowledgedRelation,
      entry_id: entry.id,
      created_by: actor.userId,
    });
    await recordAudit(tx, ctx, {
      action: 'market.payout',
      subjectType: 'maker',
      subjectId: makerId,
      detail: { amountFen, method: input.method, entry: entry.id, acknowledgedBy: input.acknowledgedBy, relation: input.acknowledgedRelation },
    });
    return presentPayout(row, pending - amountFen);
  });
}

export async function listPayouts(ctx: CommunityContext, makerId: number): Promise<{ payouts: PayoutView[] }> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const maker = await getMakerForActor(tx, ctx, actor, makerId);
    const pending = await pendingOf(tx, ctx.community.id, maker.payable_account);
    return { payouts: (await repo.listPayouts(tx, ctx.community.id, makerId)).map((p) => presentPayout(p, pending)) };
  });
}

/** What a maker sold, what is pending (their payable balance) and what was paid out. */
export async function makerSummary(ctx: CommunityContext, makerId: number) {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const maker = await getMakerForActor(tx, ctx, actor, makerId);
    const sales = await repo.listMakerSales(tx, ctx.community.id, makerId);
    const payouts = await repo.listPayouts(tx, ctx.community.id, makerId);
    return {
      maker: presentMaker(maker),
      pendingTakeFen: await pendingOf(tx, ctx.community.id, maker.payable_account),
      soldFen: sales.reduce((t, s) => t + (s.unit_take_fen + s.unit_margin_fen) * s.quantity, 0),
      makerTakeFen: sales.reduce((t, s) => t + s.unit_take_fen * s.quantity, 0),
      fundFen: sales.reduce((t, s) => t + s.unit_margin_fen * s.quantity, 0),
      paidOutFen: payouts.reduce((t, p) => t + p.amount_fen, 0),
      recentSales: sales.slice(0, 50).map((s) => ({
        orderId: s.order_id,
        paidAt: s.paid_at!.toISOString(),
        title: s.title,
        quantity: s.quantity,
        makerTakeFen: s.unit_take_fen * s.quantity,
        state: s.state,
      })),
    };
  });
}

/** Month boundaries in China time. */
function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3600_000);
  return { from, to };
}
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

type MakerRow = Awaited<ReturnType<typeof getMakerForActor>>;
type Tx = Parameters<typeof repo.listMakerSales>[0];

/**
 * What each refund took back from this maker, split exactly as its journal entry was (the same
 * refundParts over the order's credits, replaying the order's earlier refunds), so a statement
 * always agrees with the maker's payable account in the fund's book.
 */
async function refundTakes(tx: Tx, communityId: number, makerId: number, refunds: { id: number; order_id: number; amount_fen: number }[]) {
  const orderIds = [...new Set(refunds.map((r) => r.order_id))];
  const lines = orderIds.length === 0 ? [] : await repo.listLines(tx, communityId, orderIds);
  const takes = new Map<number, number>();
  for (const orderId of orderIds) {
    const orderLines = lines.filter((l) => l.order_id === orderId);
    const mine = new Set(orderLines.filter((l) => l.maker_id === makerId).map((l) => l.payable_account));
    const groups = creditGroups(orderLines);
    const earlier: number[] = [];
    for (const r of refunds.filter((x) => x.order_id === orderId)) {
      const parts = refundParts(groups, earlier, r.amount_fen);
      takes.set(
        r.id,
        parts.filter((p) => mine.has(p.account)).reduce((t, p) => t + p.fen, 0),
      );
      earlier.push(r.amount_fen);
    }
  }
  return takes;
}

/**
 * A maker's monthly statement: sales (their take), refunds of their take, payouts, and the
 * pending balance at the start and end of the month. Refunds take back what their entries did.
 * `detail` holds the month's lines with their parts, for the PDF.
 */
async function buildStatement(tx: Tx, communityId: number, maker: MakerRow, month: string) {
  const makerId = maker.id;
  const range = monthRange(month);
  const allSales = await repo.listMakerSales(tx, communityId, makerId);
  const refunds = await repo.listMakerRefunds(tx, communityId, makerId);
  const takenBack = await refundTakes(tx, communityId, makerId, refunds);
  const refundTake = (r: { id: number }) => takenBack.get(r.id) ?? 0;
  const payouts = await repo.listPayouts(tx, communityId, makerId);
  const rows: { date: string; kind: string; description: string; amountFen: number; at: Date }[] = [];
  for (const s of allSales)
    rows.push({
      at: s.paid_at!,
      date: chinaDay(s.paid_at!),
      kind: 'sale',
      description: `${s.title} ×${s.quantity}（订单 ${s.order_id}）`,
      amountFen: s.unit_take_fen * s.quantity,
    });
  for (const r of refunds)
    rows.push({ at: r.created_at, date: chinaDay(r.created_at), kind: 'refund', description: `退款（订单 ${r.order_id}）`, amountFen: -refundTake(r) });
  for (const p of payouts)
    rows.push({
      at: p.created_at,
      date: chinaDay(p.created_at),
      kind: 'payout',
      description: `结算 ${p.method === 'cash' ? '现金' : '银行转账'}，${p.acknowledged_by}（${p.acknowledged_relation}）签收`,
      amountFen: -p.amount_fen,
    });
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  const before = rows.filter((r) => r.at < range.from);
  const within = rows.filter((r) => r.at >= range.from && r.at < range.to);
  const sum = (list: typeof rows, kind?: string) => list.filter((r) => !kind || r.kind === kind).reduce((t, r) => t + r.amountFen, 0);
  const opening = sum(before);
  const inMonth = (d: Date) => d >= range.from && d < range.to;
  const statement = {
    maker: presentMaker(maker),
    month,
    openingPendingFen: opening,
    salesTakeFen: sum(within, 'sale'),
    refundsTakeFen: -sum(within, 'refund'),
    payoutsFen: -sum(within, 'payout'),
    closingPendingFen: opening + sum(within),
    rows: within.map(({ date, kind, description, amountFen }) => ({ date, kind, description, amountFen })),
  };
  const byTime = <T extends { at: Date }>(list: T[]) => list.sort((a, b) => a.at.getTime() - b.at.getTime());
  const detail = {
    sales: byTime(
      allSales
        .filter((s) => inMonth(s.paid_at!))
        .map((s) => ({
          at: s.paid_at!,
          date: chinaDay(s.paid_at!),
          orderId: s.order_id,
          title: s.title,
          quantity: s.quantity,
          unitPriceFen: s.unit_take_fen + s.unit_margin_fen,
          takeFen: s.unit_take_fen * s.quantity,
          fundFen: s.unit_margin_fen * s.quantity,
        })),
    ),
    refunds: byTime(
      refunds
        .filter((r) => inMonth(r.created_at))
        .map((r) => ({ at: r.created_at, date: chinaDay(r.created_at), orderId: r.order_id, amountFen: r.amount_fen, takeFen: refundTake(r) })),
    ),
    payouts: byTime(
      payouts
        .filter((p) => inMonth(p.created_at))
        .map((p) => ({
          at: p.created_at,
          date: chinaDay(p.created_at),
          method: p.method,
          acknowledgedBy: p.acknowledged_by,
          acknowledgedRelation: p.acknowledged_relation,
          amountFen: p.amount_fen,
        })),
    ),
  };
  return { statement, detail };
}

/**
 * A maker's monthly statement: sales (their take), refunds of their take, payouts, and the
 * pending balance at the start and end of the month. Refunds take back what their entries did.
 */
export async function makerStatement(ctx: CommunityContext, makerId: number, month: string) {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const maker = await getMakerForActor(tx, ctx, actor, makerId);
    return (await buildStatement(tx, ctx.community.id, maker, month)).statement;
  });
}

/** The statement as an A4 Chinese PDF, rendered off the request thread. */
export async function makerStatementPdf(ctx: CommunityContext, makerId: number, month: string): Promise<Buffer> {
  const actor = requireRole(ctx);
  const data: StatementPdfData = await inCommunity(ctx, actor, async (tx) => {
    const maker = await getMakerForActor(tx, ctx, actor, makerId);
    const { statement, detail } = await buildStatement(tx, ctx.community.id, maker, month);
    const strip = <T extends { at: Date }>(list: T[]) => list.map(({ at: _at, ...rest }) => rest);
    return {
      communityName: ctx.community.name,
      makerName: maker.name,
      makerKind: maker.kind,
      month,
      openingPendingFen: statement.openingPendingFen,
      closingPendingFen: statement.closingPendingFen,
      sales: strip(detail.sales),
      refunds: strip(detail.refunds),
      payouts: strip(detail.payouts),
      totals: {
        soldFen: detail.sales.reduce((t, s) => t + s.unitPriceFen * s.quantity, 0),
        salesTakeFen: statement.salesTakeFen,
        fundFen: detail.sales.reduce((t, s) => t + s.fundFen, 0),
        refundsTakeFen: statement.refundsTakeFen,
        payoutsFen: statement.payoutsFen,
      },
      generatedOn: chinaDay(new Date()),
    };
  });
  return renderOffThread(STATEMENT_RENDERER, 'renderStatementPdf', data);
}

/** The statement as CSV (UTF-8 with BOM so Excel opens the Chinese text; typed text made inert, platform/csv.ts). */
export function statementCsv(statement: Awaited<ReturnType<typeof makerStatement>>): string {
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  return csvDocument([
    ['日期 date', '类型 kind', '说明 description', '金额（元） amount'],
    ['', 'opening', '期初待结算', yuan(statement.openingPendingFen)],
    ...statement.rows.map((r) => [r.date, r.kind, r.description, yuan(r.amountFen)]),
    ['', 'closing', '期末待结算', yuan(statement.closingPendingFen)],
  ]);
}

/** Today's date in China (the shop's business day). */
export function businessDate(now = new Date()): string {
  return chinaDay(now);
}

async function cashUpView(tx: Parameters<typeof repo.cashTotals>[0], ctx: CommunityContext, date: string): Promise<CashUpView> {
  const done = await repo.getCashUp(tx, ctx.community.id, date);
  if (done) {
    const names = await getPeople(tx, [done.clerk_id, done.staff_id]);
    return {
      id: done.id,
      businessDate: done.business_date,
      openingFloatFen: done.opening_float_fen,
      cashSalesFen: done.cash_sales_fen,
      cashRefundsFen: done.cash_refunds_fen,
      cashPayoutsFen: done.cash_payouts_fen,
      expectedFen: done.expected_fen,
      countedFen: done.counted_fen,
      varianceFen: done.variance_fen,
      clerk: names.get(done.clerk_id)?.displayName ?? null,
      staff: done.staff_id ? (names.get(done.staff_id)?.displayName ?? null) : null,
      note: done.note,
    };
  }
  const totals = await repo.cashTotals(tx, ctx.community.id, date);
  return {
    id: null,
    businessDate: date,
    openingFloatFen: 0,
    cashSalesFen: totals.salesFen,
    cashRefundsFen: totals.refundsFen,
    cashPayoutsFen: totals.payoutsFen,
    expectedFen: totals.salesFen - totals.refundsFen - totals.payoutsFen,
    countedFen: null,
    varianceFen: null,
    clerk: null,
    staff: null,
    note: null,
  };
}

/** The till so far today (or a past day's cash-up). */
export async function getCashUp(ctx: CommunityContext, date?: string): Promise<CashUpView> {
  const actor = requireRole(ctx, 'clerk', 'staff');
  return inCommunity(ctx, actor, (tx) => cashUpView(tx, ctx, date ?? businessDate()));
}

/** Day-end: expected cash vs counted, the variance recorded and signed by the clerk. Once a day. */
export function closeCashUp(ctx: CommunityContext, input: CashUpInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'clerk', 'staff');
  const date = businessDate();
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    const totals = await repo.cashTotals(tx, ctx.community.id, date);
    const expected = input.openingFloatFen + totals.salesFen - totals.refundsFen - totals.payoutsFen;
    const row = await repo.insertCashUp(tx, {
      community_id: ctx.community.id,
      business_date: date,
      opening_float_fen: input.openingFloatFen,
      cash_sales_fen: totals.salesFen,
      cash_refunds_fen: totals.refundsFen,
      cash_payouts_fen: totals.payoutsFen,
      expected_fen: expected,
      counted_fen: input.countedFen,
      variance_fen: input.countedFen - expected,
      note: input.note ?? null,
      clerk_id: actor.userId,
    });
    if (!row) throw new AppError('CASH_UP_CLOSED');
    await recordAudit(tx, ctx, { action: 'market.cash_up', subjectType: 'cash_up', subjectId: row.id, detail: { expected, counted: input.countedFen } });
    return cashUpView(tx, ctx, date);
  });
}

/** Staff countersign a cash-up: someone other than whoever counted it (the database refuses it too). */
export async function countersignCashUp(ctx: CommunityContext, cashUpId: number): Promise<CashUpView> {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const existing = await repo.getCashUpById(tx, ctx.community.id, cashUpId);
    if (!existing) throw notFound({ zh: '日结', en: 'cash-up' });
    if (existing.clerk_id === actor.userId) throw new AppError('CASH_UP_OWN');
    if (!(await repo.signCashUp(tx, ctx.community.id, cashUpId, actor.userId))) throw new AppError('INVALID_STATE', { state: 'signed', stateZh: '已签字' });
    await recordAudit(tx, ctx, { action: 'market.cash_up_signed', subjectType: 'cash_up', subjectId: cashUpId });
    return cashUpView(tx, ctx, existing.business_date);
  });
}
