import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Problem } from '../../../test/support/client.ts';
import { makeCommunity, makePerson, PASSWORD } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { formatFen } from '../../platform/money.ts';
import { ChainVerifier, sha256Hex } from '../ledger/index.ts';
import { paymentProviderFor } from './market.payments.ts';
import type { ListingView, MakerView, OrderView } from './market.schemas.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let other: Awaited<ReturnType<typeof makeCommunity>>;
type Person = Awaited<ReturnType<typeof makePerson>>;
let staff: Person, clerk: Person, maker: Person, maker2: Person, resident: Person;
let otherStaff: Person, otherClerk: Person, otherMaker: Person;
let makerId: number;
let maker2Id: number;

const M = '/api/v1/communities/nanhu/market';
const FUND = '/api/v1/communities/nanhu/fund';
const C = '/api/v1/communities/nanhu';
const key = () => `k-${crypto.randomUUID()}`;

interface Receipt {
  order: OrderView;
  lines: string[];
  totalText: string;
  splitText: string;
}
interface Entry {
  seq: number;
  kind: string;
  source: { type: string; id: string } | null;
  postings: { account: string; fen: number }[];
}

async function count(table: string): Promise<number> {
  const rows = await t.handle.asOwner((o) => o.query<{ n: number }>(`select count(*)::int as n from ${table} where community_id = $1`, [nanhu.id]));
  return rows[0]!.n;
}
async function balances(): Promise<Record<string, number>> {
  const res = await t.app.inject({ method: 'GET', url: `${FUND}/accounts` });
  const body = JSON.parse(res.body) as { accounts: { code: string; balanceFen: number }[] };
  return Object.fromEntries(body.accounts.map((a) => [a.code, a.balanceFen]));
}
async function entriesFor(orderId: number): Promise<Entry[]> {
  const res = await t.app.inject({ method: 'GET', url: `${FUND}/entries?limit=200` });
  return (JSON.parse(res.body) as { entries: Entry[] }).entries.filter((e) => e.source?.type === 'market_order' && e.source.id === String(orderId));
}
async function stockOf(listingId: number): Promise<number> {
  return (await staff.client.get<ListingView>(`${M}/listings/${listingId}`)).body.stock!;
}

/** A good on sale: listed by staff for the maker, taken in, approved. */
async function goodOnSale(options: { title?: string; takeFen?: number; marginFen?: number; stock?: number; forMaker?: number } = {}): Promise<ListingView> {
  const created = await staff.client.post<ListingView>(`${M}/listings`, {
    makerId: options.forMaker ?? makerId,
    kind: 'good',
    title: options.title ?? '手工编织围巾',
    category: '手工编织',
    makerTakeFen: options.takeFen ?? 12000,
    ...(options.marginFen !== undefined ? { marginFen: options.marginFen } : {}),
    consentNote: '本人口头同意，工作人员代为上架',
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  if ((options.stock ?? 5) > 0)
    expect((await clerk.client.post(`${M}/listings/${id}/intake`, { quantity: options.stock ?? 5, condition: '全新' }, { idempotencyKey: key() })).status).toBe(
      201,
    );
  expect((await staff.client.post(`${M}/listings/${id}/state`, { action: 'submit' })).status).toBe(200);
  const approved = await staff.client.post<ListingView>(`${M}/listings/${id}/review`, { decision: 'approve' });
  expect(approved.status).toBe(200);
  return approved.body;
}

async function counterSale(listingId: number, quantity = 1, payment: unknown = { method: 'cash' }) {
  return clerk.client.post<Receipt>(`${M}/counter/sales`, { items: [{ listingId, quantity }], payment }, { idempotencyKey: key() });
}

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  other = await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff', 'resident'], name: '李文华' });
  clerk = await makePerson(t, { community: nanhu, roles: ['clerk', 'resident'], name: '刘小燕' });
  maker = await makePerson(t, { community: nanhu, roles: ['resident'], name: '张秀兰' });
  maker2 = await makePerson(t, { community: nanhu, roles: ['resident'], name: '周明德' });
  resident = await makePerson(t, { community: nanhu, roles: ['resident'], name: '赵德明' });
  otherStaff = await makePerson(t, { community: other, roles: ['staff', 'resident'] });
  otherClerk = await makePerson(t, { community: other, roles: ['clerk', 'resident'] });
  otherMaker = await makePerson(t, { community: other, roles: ['maker', 'resident'] });

  // Makers apply, staff approve: they get the maker role and a payable account.
  const applied = await maker.client.post<MakerView>(`${M}/makers/apply`, { story: '退休后织围巾三十年', crafts: '手工编织' });
  expect(applied.status).toBe(201);
  makerId = applied.body.id;
  expect((await resident.client.post<Problem>(`${M}/makers/${makerId}/decision`, { decision: 'approve' })).status).toBe(403);
  expect((await staff.client.post<MakerView>(`${M}/makers/${makerId}/decision`, { decision: 'approve' })).body.status).toBe('approved');
  const applied2 = await maker2.client.post<MakerView>(`${M}/makers/apply`, { story: '书法三十年', crafts: '书法' });
  maker2Id = applied2.body.id;
  await staff.client.post(`${M}/makers/${maker2Id}/decision`, { decision: 'approve' });
  // The role is read per request: log in again is not needed.
});
afterAll(() => t.close());

describe('the ¥150 case, end to end through the API', () => {
  it('maker lists, staff approve, kiosk order, cash at the counter, +¥30 to the fund, ¥120 pending, payout, refund of another sale', async () => {
    // The maker lists the scarf themselves: ¥120 take + the default 20% margin → ¥150.
    const draft = await maker.client.post<ListingView>(`${M}/listings`, {
      kind: 'good',
      title: '手工编织羊毛围巾',
      description: '纯羊毛，长 180 厘米',
      category: '手工编织',
      makerTakeFen: 12000,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.state).toBe('draft');
    expect(draft.body.split).toEqual({ priceFen: 15000, makerTakeFen: 12000, fundFen: 3000, label: '¥120.00 给手艺人 / ¥30.00 进社区公益基金' });
    const id = draft.body.id;
    expect((await maker.client.post<ListingView>(`${M}/listings/${id}/state`, { action: 'submit' })).body.state).toBe('in_review');
    // Not public before review.
    expect((await resident.client.get(`${M}/listings/${id}`)).status).toBe(404);
    // A resident cannot approve; staff can.
    const byResident = await resident.client.post<Problem>(`${M}/listings/${id}/review`, { decision: 'approve' });
    expect(byResident.status).toBe(403);
    expect(
      (await clerk.client.post(`${M}/listings/${id}/intake`, { quantity: 5, receivedOn: '2026-03-01', condition: '全新' }, { idempotencyKey: key() })).status,
    ).toBe(201);
    expect((await staff.client.post<ListingView>(`${M}/listings/${id}/review`, { decision: 'approve' })).body.state).toBe('on_sale');

    // The public store shows it with the split.
    const { Client } = await import('../../../test/support/client.ts');
    const anon: Client = new Client(t.app);
    const store = await anon.get<{ listings: ListingView[] }>(`${M}/listings?category=${encodeURIComponent('手工编织')}&q=${encodeURIComponent('羊毛')}`);
    expect(store.body.listings.map((l) => l.id)).toContain(id);
    expect((await anon.get<ListingView>(`${M}/listings/${id}`)).body.split.label).toBe('¥120.00 给手艺人 / ¥30.00 进社区公益基金');

    const before = await balances();
    // A customer at the kiosk (the shop's clerk session) picks it and gets an order number.
    const placed = await clerk.client.post<OrderView>(`${M}/orders`, { channel: 'kiosk', items: [{ listingId: id, quantity: 1 }] }, { idempotencyKey: key() });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ state: 'placed', channel: 'kiosk', totalFen: 15000, number: String(placed.body.id) });
    expect(await stockOf(id)).toBe(4);
    // The clerk takes ¥200 cash: ¥50 change; the receipt shows the split.
    const collected = await clerk.client.post<Receipt>(
      `${M}/counter/orders/${placed.body.id}/collect`,
      { payment: { method: 'cash', tenderedFen: 20000 } },
      { idempotencyKey: key() },
    );
    expect(collected.status).toBe(200);
    expect(collected.body.order.state).toBe('completed');
    expect(collected.body.order.payment).toMatchObject({ method: 'cash', tenderedFen: 20000, changeFen: 5000 });
    expect(collected.body.lines[0]).toContain('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    expect(collected.body.totalText).toBe('合计 ¥150.00  实收 ¥200.00  找零 ¥50.00');

    // The fund: one entry for the sale, +¥30 sale margin; the maker has ¥120 pending.
    const entries = await entriesFor(placed.body.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.kind).toBe('sale');
    expect(entries[0]!.postings.map((p) => [p.account, p.fen]).sort()).toEqual(
      [
        ['cash', 15000],
        [`maker_payable:${makerId}`, -12000],
        ['income:sale_margin', -3000],
      ].sort(),
    );
    const after = await balances();
    expect(after['income:sale_margin']! - before['income:sale_margin']!).toBe(-3000);
    expect(after.cash! - before.cash!).toBe(15000);
    const summary = await maker.client.get<{ pendingTakeFen: number; makerTakeFen: number }>(`${M}/makers/${makerId}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.pendingTakeFen).toBe(12000);

    // The payout moves it, acknowledged by the maker's daughter.
    const payout = await staff.client.post<{ amountFen: number; pendingTakeFen: number }>(
      `${M}/makers/${makerId}/payouts`,
      { method: 'cash', acknowledgedBy: '王丽', acknowledgedRelation: '女儿' },
      { idempotencyKey: key() },
    );
    expect(payout.status).toBe(201);
    expect(payout.body).toMatchObject({ amountFen: 12000, pendingTakeFen: 0 });
    expect((await maker.client.get<{ pendingTakeFen: number }>(`${M}/makers/${makerId}/summary`)).body.pendingTakeFen).toBe(0);
    const paidOut = await balances();
    expect(paidOut[`maker_payable:${makerId}`]).toBe(0);
    expect(paidOut.cash! - after.cash!).toBe(-12000);
    expect(
      (await staff.client.post<Problem>(`${M}/makers/${makerId}/payouts`, { method: 'cash', acknowledgedBy: '张秀兰' }, { idempotencyKey: key() })).body.code,
    ).toBe('NOTHING_TO_PAY_OUT');

    // The payout's entry cannot be "corrected" in the fund: that would hand the ¥120 back to the
    // maker's pending take while the cash is already out, to be paid a second time.
    const [payoutEntry] = (await staff.client.get<{ entries: { seq: number; source: { type: string } | null }[] }>(`${FUND}/entries?limit=1`)).body.entries;
    expect(payoutEntry!.source?.type).toBe('market_maker');
    const corrected = await staff.client.post<Problem>(`${FUND}/corrections`, { seq: payoutEntry!.seq, note: '录错了' }, { idempotencyKey: key() });
    expect(corrected.status).toBe(409);
    expect(corrected.body).toMatchObject({ code: 'ENTRY_OWNED', message: expect.stringContaining('手艺人结算') });
    expect((await maker.client.get<{ pendingTakeFen: number }>(`${M}/makers/${makerId}/summary`)).body.pendingTakeFen).toBe(0);
    expect(await balances()).toEqual(paidOut);
    const [firstSale] = (await staff.client.get<{ entries: { seq: number }[] }>(`${FUND}/entries?limit=1&before=${payoutEntry!.seq}`)).body.entries;
    expect((await staff.client.post<Problem>(`${FUND}/corrections`, { seq: firstSale!.seq, note: '录错了' }, { idempotencyKey: key() })).body.code).toBe(
      'ENTRY_OWNED',
    );

    // Another sale, refunded in full: the reversal takes the ¥120 and the ¥30 back, stock returns.
    const second = await counterSale(id);
    expect(second.status).toBe(201);
    expect((await maker.client.get<{ pendingTakeFen: number }>(`${M}/makers/${makerId}/summary`)).body.pendingTakeFen).toBe(12000);
    const refund = await clerk.client.post<{ amountFen: number; makerTakeFen: number; fundFen: number; restocked: boolean }>(
      `${M}/orders/${second.body.order.id}/refunds`,
      { reason: '顾客改变主意' },
      { idempotencyKey: key() },
    );
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ amountFen: 15000, makerTakeFen: 12000, fundFen: 3000, restocked: true });
    const refundEntries = await entriesFor(second.body.order.id);
    expect(refundEntries.map((e) => e.kind).sort()).toEqual(['refund', 'sale']);
    expect((await maker.client.get<{ pendingTakeFen: number }>(`${M}/makers/${makerId}/summary`)).body.pendingTakeFen).toBe(0);
    const end = await balances();
    expect(end['income:sale_margin']! - before['income:sale_margin']!).toBe(-3000); // only the first sale's ¥30 remains
    expect(await stockOf(id)).toBe(4);

    // The statement lists it all, as CSV too.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const statement = await maker.client.get<{ salesTakeFen: number; refundsTakeFen: number; payoutsFen: number; closingPendingFen: number }>(
      `${M}/makers/${makerId}/statement?month=${month}`,
    );
    expect(statement.body).toMatchObject({ salesTakeFen: 24000, refundsTakeFen: 12000, payoutsFen: 12000, closingPendingFen: 0 });
    const csv = await maker.client.get<string>(`${M}/makers/${makerId}/statement?month=${month}&format=csv`);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.text).toContain('手工编织羊毛围巾 ×1');
    expect(csv.text).toContain('-120.00');

    // And as an A4 PDF in Chinese: the same opening, closing and totals as the JSON, selectable text.
    const pdfOf = (who: Person) =>
      t.app.inject({
        method: 'GET',
        url: `${M}/makers/${makerId}/statement?month=${month}&format=pdf`,
        headers: { cookie: `weiyi_session=${who.client.cookie('weiyi_session')}` },
      });
    const pdf = await pdfOf(maker);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = path.join(t.dataDir, `statement-${makerId}.pdf`);
    fs.writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const printed = (label: string) => {
      const m = new RegExp(`${label}\\s+(-?¥[\\d,]+\\.\\d\\d)`).exec(text);
      expect(m, `${label} in the PDF`).not.toBeNull();
      return m![1];
    };
    const json = statement.body as { openingPendingFen: number; salesTakeFen: number; refundsTakeFen: number; payoutsFen: number; closingPendingFen: number };
    expect(text).toContain(`${nanhu.name}微益+ 手艺人月度对账单`);
    expect(text).toContain('手艺人：张秀兰');
    expect(printed('期初待结算')).toBe(formatFen(json.openingPendingFen));
    expect(printed('期末待结算')).toBe(formatFen(json.closingPendingFen));
    expect(printed('其中手艺人所得')).toBe(formatFen(json.salesTakeFen));
    expect(printed('退款扣回手艺人所得')).toBe(formatFen(json.refundsTakeFen));
    expect(printed('已结算合计')).toBe(formatFen(json.payoutsFen));
    expect(printed('其中进社区公益基金')).toBe(formatFen(6000));
    expect(text).toContain('手工编织羊毛围巾');
    expect(text).toMatch(/王丽（女儿）\s+¥120\.00/);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/[A-Z]{6}\+NotoSansSC.*yes\s+yes/);
    // staff may have it too; another maker may not know it exists
    expect((await pdfOf(staff)).statusCode).toBe(200);
    expect((await pdfOf(maker2)).statusCode).toBe(404);
    expect((await maker2.client.get(`${M}/makers/${makerId}/statement?month=${month}`)).status).toBe(404);
  });
});

describe('stock under concurrency and replays', () => {
  it('50 concurrent buyers of the last item: exactly one sale and 49 OUT_OF_STOCK', async () => {
    const listing = await goodOnSale({ title: '最后一条围巾', stock: 1 });
    const entriesBefore = await count('ledger_entries');
    const results = await Promise.all(Array.from({ length: 50 }, () => counterSale(listing.id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect((r.body as unknown as Problem).code).toBe('OUT_OF_STOCK');
    }
    expect(await stockOf(listing.id)).toBe(0);
    expect((await staff.client.get<ListingView>(`${M}/listings/${listing.id}`)).body.state).toBe('sold_out');
    expect(await count('ledger_entries')).toBe(entriesBefore + 1);
    // Stock is what the movements say.
    const movements = await staff.client.get<{ stock: number; movements: { quantityDelta: number }[] }>(`${M}/listings/${listing.id}/movements`);
    expect(movements.body.movements.reduce((s, m) => s + m.quantityDelta, 0)).toBe(0);
  });

  it('a payment confirmation replayed 5 times posts one entry and answers the same each time', async () => {
    const listing = await goodOnSale({ title: '钩针杯垫', takeFen: 2000, stock: 3 });
    const placed = await clerk.client.post<OrderView>(
      `${M}/orders`,
      { channel: 'kiosk', items: [{ listingId: listing.id, quantity: 2 }] },
      { idempotencyKey: key() },
    );
    const k = key();
    const replies = [];
    for (let i = 0; i < 5; i++)
      replies.push(await clerk.client.post(`${M}/orders/${placed.body.id}/payments`, { method: 'qr', reference: 'WX-4200001' }, { idempotencyKey: k }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(replies.slice(1).every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
    const entries = await entriesFor(placed.body.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.postings.find((p) => p.account === 'clearing')!.fen).toBe(2 * (2000 + 500));
    // The same key with another body is refused; a new key finds the order paid.
    expect((await clerk.client.post<Problem>(`${M}/orders/${placed.body.id}/payments`, { method: 'cash' }, { idempotencyKey: k })).status).toBe(422);
    const again = await clerk.client.post<Problem>(`${M}/orders/${placed.body.id}/payments`, { method: 'cash' }, { idempotencyKey: key() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDER_ALREADY_PAID');
    expect(await entriesFor(placed.body.id)).toHaveLength(1);
  });

  it('a replayed counter sale sells once', async () => {
    const listing = await goodOnSale({ title: '十字绣', takeFen: 8000, stock: 2 });
    const k = key();
    const body = { items: [{ listingId: listing.id, quantity: 1 }], payment: { method: 'cash', tenderedFen: 10000 } };
    const first = await clerk.client.post<Receipt>(`${M}/counter/sales`, body, { idempotencyKey: k });
    const second = await clerk.client.post<Receipt>(`${M}/counter/sales`, body, { idempotencyKey: k });
    expect(first.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(await stockOf(listing.id)).toBe(1);
    expect(first.body.totalText).toBe('合计 ¥100.00  实收 ¥100.00  找零 ¥0.00');
  });

  it('cancelling an unpaid order releases its stock; a paid order cannot be cancelled', async () => {
    const listing = await goodOnSale({ title: '布艺抱枕', takeFen: 6000, stock: 2 });
    const placed = await resident.client.post<OrderView>(
      `${M}/orders`,
      { channel: 'online', items: [{ listingId: listing.id, quantity: 2 }], fulfilment: 'delivery', deliveryAddress: '南湖小区 3 栋 2 单元 501' },
      { idempotencyKey: key() },
    );
    expect(placed.status).toBe(201);
    expect(await stockOf(listing.id)).toBe(0);
    expect((await resident.client.post<OrderView>(`${M}/orders/${placed.body.id}/cancel`)).body.state).toBe('cancelled');
    expect(await stockOf(listing.id)).toBe(2);
    expect((await staff.client.get<ListingView>(`${M}/listings/${listing.id}`)).body.state).toBe('on_sale');
    const sold = await counterSale(listing.id);
    expect((await clerk.client.post<Problem>(`${M}/orders/${sold.body.order.id}/cancel`)).body.code).toBe('ORDER_ALREADY_PAID');
  });
});

describe('money splits', () => {
  it('a partial refund reverses proportionally, the maker’s side first', async () => {
    const listing = await goodOnSale({ title: '手编草帽', takeFen: 12000, stock: 2 });
    const sale = await counterSale(listing.id);
    const before = await balances();
    const refund = await clerk.client.post<{ makerTakeFen: number; fundFen: number; restocked: boolean }>(
      `${M}/orders/${sale.body.order.id}/refunds`,
      { amountFen: 5001, reason: '有瑕疵，部分退款' },
      { idempotencyKey: key() },
    );
    expect(refund.status).toBe(201);
    // 5001 × 120/150 = 4000.8 and 5001 × 30/150 = 1000.2: the odd fen goes to the maker's side.
    expect(refund.body).toMatchObject({ makerTakeFen: 4001, fundFen: 1000, restocked: false });
    const after = await balances();
    expect(after[`maker_payable:${makerId}`]! - before[`maker_payable:${makerId}`]!).toBe(4001);
    expect(after['income:sale_margin']! - before['income:sale_margin']!).toBe(1000);
    // The maker's statement takes back the same 4001 the entry did, so it agrees with the book.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const statement = await maker.client.get<{ closingPendingFen: number }>(`${M}/makers/${makerId}/statement?month=${month}`);
    const summary = await maker.client.get<{ pendingTakeFen: number }>(`${M}/makers/${makerId}/summary`);
    expect(statement.body.closingPendingFen).toBe(summary.body.pendingTakeFen);
    expect(summary.body.pendingTakeFen).toBe(-after[`maker_payable:${makerId}`]!);
    // The rest, then nothing more.
    const rest = await clerk.client.post<{ amountFen: number; makerTakeFen: number; fundFen: number }>(
      `${M}/orders/${sale.body.order.id}/refunds`,
      { reason: '全部退款' },
      { idempotencyKey: key() },
    );
    expect(rest.body).toMatchObject({ amountFen: 9999, makerTakeFen: 7999, fundFen: 2000 });
    const more = await clerk.client.post<Problem>(`${M}/orders/${sale.body.order.id}/refunds`, { amountFen: 1, reason: '再退' }, { idempotencyKey: key() });
    expect(more.status).toBe(422);
    expect(more.body.code).toBe('REFUND_EXCEEDS_SALE');
  });

  it('a performance fee is shared between the troupe and the fund, the odd fen to the troupe', async () => {
    const troupe = await staff.client.post<MakerView>(`${M}/makers`, {
      kind: 'organisation',
      name: '南湖夕阳红艺术团',
      story: '社区老年艺术团',
      crafts: '合唱、舞蹈',
      consentNote: '团长签字同意 2026-03-01',
    });
    expect(troupe.status).toBe(201);
    const listing = await staff.client.post<ListingView>(`${M}/listings`, {
      makerId: troupe.body.id,
      kind: 'performance',
      title: '艺术团演出预订（一场）',
      category: '演出',
      priceFen: 100001,
      fundSharePercent: 50,
    });
    expect(listing.body.split).toMatchObject({ priceFen: 100001, makerTakeFen: 50001, fundFen: 50000 });
    await staff.client.post(`${M}/listings/${listing.body.id}/state`, { action: 'submit' });
    await staff.client.post(`${M}/listings/${listing.body.id}/review`, { decision: 'approve' });
    const sale = await counterSale(listing.body.id, 1, { method: 'qr', reference: 'ALI-1' });
    expect(sale.status).toBe(201);
    const [entry] = await entriesFor(sale.body.order.id);
    expect(entry!.kind).toBe('performance');
    expect(entry!.postings.map((p) => [p.account, p.fen]).sort()).toEqual(
      [
        ['clearing', 100001],
        [`org_payable:${troupe.body.id}`, -50001],
        ['income:performance_share', -50000],
      ].sort(),
    );
  });

  it('online orders pay through the provider (dev auto-confirms into clearing); the dev provider is refused in production', async () => {
    const listing = await goodOnSale({ title: '书法作品《厚德载物》', forMaker: maker2Id, takeFen: 40000, stock: 1 });
    const placed = await resident.client.post<OrderView>(
      `${M}/orders`,
      { channel: 'online', items: [{ listingId: listing.id, quantity: 1 }] },
      { idempotencyKey: key() },
    );
    const paid = await resident.client.post<{ order: OrderView }>(`${M}/orders/${placed.body.id}/payments`, { method: 'online' }, { idempotencyKey: key() });
    expect(paid.status).toBe(200);
    expect(paid.body.order.state).toBe('paid');
    // A resident cannot take cash for their own order.
    const placed2 = await goodOnSale({ title: '书法小品', forMaker: maker2Id, takeFen: 5000, stock: 1 });
    const o2 = await resident.client.post<OrderView>(
      `${M}/orders`,
      { channel: 'online', items: [{ listingId: placed2.id, quantity: 1 }] },
      { idempotencyKey: key() },
    );
    expect((await resident.client.post(`${M}/orders/${o2.body.id}/payments`, { method: 'cash' }, { idempotencyKey: key() })).status).toBe(403);
    // Ready (the buyer is told), then collected at the counter.
    expect((await clerk.client.post<OrderView>(`${M}/orders/${placed.body.id}/ready`)).body.state).toBe('ready');
    const told = await resident.client.get<{ notifications: { topic: string; title: string; link: string }[] }>('/api/v1/me/notifications');
    expect(told.body.notifications[0]).toMatchObject({
      topic: 'market.order_ready',
      title: `您的订单 ${placed.body.id} 已备好，请到微益+ 门店取货`,
      link: '/c/nanhu/orders',
    });
    expect((await clerk.client.post<Receipt>(`${M}/counter/orders/${placed.body.id}/collect`, {}, { idempotencyKey: key() })).body.order.state).toBe(
      'completed',
    );
    const production = { modules: t.deps.modules, config: { ...t.deps.config, env: 'production' as const, paymentProvider: 'dev' } };
    expect(() => paymentProviderFor(production)).toThrow(expect.objectContaining({ code: 'PAYMENT_PROVIDER_REFUSED' }));
    expect(paymentProviderFor({ modules: t.deps.modules, config: { ...t.deps.config, paymentProvider: 'dev' } }).name).toBe('dev');
  });
});

describe('counter', () => {
  it('finds an item by scanned code or by title', async () => {
    const listing = await goodOnSale({ title: '竹编果篮', takeFen: 4000 });
    const byCode = await clerk.client.get<{ listings: ListingView[] }>(`${M}/counter/search?q=${listing.code}`);
    expect(byCode.body.listings.map((l) => l.id)).toEqual([listing.id]);
    const byTitle = await clerk.client.get<{ listings: ListingView[] }>(`${M}/counter/search?q=${encodeURIComponent('竹编')}`);
    expect(byTitle.body.listings.map((l) => l.id)).toContain(listing.id);
    expect((await resident.client.get(`${M}/counter/search?q=x`)).status).toBe(403);
  });

  it('day-end cash-up: expected vs counted, variance recorded, once a day, countersigned by staff', async () => {
    const listing = await goodOnSale({ title: '手工香包', takeFen: 1600 });
    await counterSale(listing.id, 2, { method: 'cash', tenderedFen: 5000 });
    const current = await clerk.client.get<{ expectedFen: number; cashSalesFen: number; cashRefundsFen: number; cashPayoutsFen: number }>(
      `${M}/cash-ups/current`,
    );
    expect(current.status).toBe(200);
    expect(current.body.expectedFen).toBe(current.body.cashSalesFen - current.body.cashRefundsFen - current.body.cashPayoutsFen);
    expect(current.body.cashSalesFen).toBeGreaterThanOrEqual(4000);
    const closed = await clerk.client.post<{ id: number; expectedFen: number; countedFen: number; varianceFen: number; clerk: string }>(
      `${M}/cash-ups`,
      { countedFen: current.body.expectedFen + 10000 - 50, openingFloatFen: 10000, note: '少 5 角' },
      { idempotencyKey: key() },
    );
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ expectedFen: current.body.expectedFen + 10000, varianceFen: -50, clerk: '刘小燕' });
    const twice = await clerk.client.post<Problem>(`${M}/cash-ups`, { countedFen: 0 }, { idempotencyKey: key() });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CASH_UP_CLOSED');
    expect((await clerk.client.post(`${M}/cash-ups/${closed.body.id}/countersign`)).status).toBe(403);
    expect((await staff.client.post<{ staff: string }>(`${M}/cash-ups/${closed.body.id}/countersign`)).body.staff).toBe('李文华');
  });

  it('has a cash-up countersigned by a second person, even when whoever closed it is staff too', async () => {
    const shop = await makeCommunity(t, 'cashup-own');
    const both = await makePerson(t, { community: shop, roles: ['clerk', 'staff'], name: '一人两职' });
    const second = await makePerson(t, { community: shop, roles: ['staff'], name: '第二人' });
    const C = '/api/v1/communities/cashup-own/market';
    const closed = await both.client.post<{ id: number }>(`${C}/cash-ups`, { countedFen: 10000, openingFloatFen: 10000 }, { idempotencyKey: key() });
    expect(closed.status).toBe(201);
    const own = await both.client.post<Problem>(`${C}/cash-ups/${closed.body.id}/countersign`);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('CASH_UP_OWN');
    expect((await both.client.get<{ staff: string | null }>(`${C}/cash-ups/current`)).body.staff).toBeNull();
    expect((await second.client.post<{ staff: string }>(`${C}/cash-ups/${closed.body.id}/countersign`)).body.staff).toBe('第二人');
  });
});

describe('authorisation', () => {
  it('does not show another community’s orders to its clerk, maker or staff (404)', async () => {
    const listing = await goodOnSale({ title: '毛线帽', takeFen: 3000 });
    const sale = await counterSale(listing.id);
    const orderId = sale.body.order.id;
    for (const outsider of [otherStaff, otherClerk, otherMaker]) {
      expect((await outsider.client.get(`${M}/orders/${orderId}`)).status).toBe(404);
      expect((await outsider.client.get(`${M}/orders`)).status).toBe(404);
      expect((await outsider.client.get(`${M}/orders/${orderId}/receipt`)).status).toBe(404);
      expect((await outsider.client.post(`${M}/orders/${orderId}/refunds`, { reason: 'x' }, { idempotencyKey: key() })).status).toBe(404);
      expect((await outsider.client.get(`${M}/makers/${makerId}/summary`)).status).toBe(404);
    }
    // Nor through their own community's routes.
    expect((await otherClerk.client.get(`/api/v1/communities/other/market/orders/${orderId}`)).status).toBe(404);
    expect((await otherStaff.client.get<{ orders: unknown[] }>(`/api/v1/communities/other/market/orders`)).body.orders).toEqual([]);
    // A resident of this community sees only their own orders: someone else's does not exist for them.
    expect((await resident.client.get(`${M}/orders/${orderId}`)).status).toBe(404);
    expect((await resident.client.get<{ orders: OrderView[] }>(`${M}/orders`)).body.orders.map((o) => o.id)).not.toContain(orderId);
  });

  it('a maker cannot change another maker’s listing; a resident cannot approve', async () => {
    const listing = await goodOnSale({ title: '钩织玩偶', takeFen: 5000 });
    const res = await maker2.client.patch<Problem>(`${M}/listings/${listing.id}`, { makerTakeFen: 1 });
    expect(res.status).toBe(403);
    expect((await maker2.client.post(`${M}/listings/${listing.id}/state`, { action: 'withdraw' })).status).toBe(403);
    expect((await staff.client.get<ListingView>(`${M}/listings/${listing.id}`)).body.split.makerTakeFen).toBe(5000);
    expect((await resident.client.post(`${M}/listings/${listing.id}/review`, { decision: 'approve' })).status).toBe(403);
    expect((await resident.client.post(`${M}/listings`, { kind: 'good', title: 'x', category: 'y', makerTakeFen: 100 })).status).toBe(403);
    // The maker may change their own: a price change sends it back to review.
    const own = await maker.client.patch<ListingView>(`${M}/listings/${listing.id}`, { makerTakeFen: 5200 });
    expect(own.status).toBe(200);
    expect(own.body.state).toBe('in_review');
    expect(own.body.split).toMatchObject({ makerTakeFen: 5200, fundFen: 1300 });
  });
});

describe('bad input: a clear 4xx and nothing written', () => {
  it.each([
    ['a negative price', { kind: 'good', title: '坏价格', category: '测试', makerTakeFen: -100 }, 400, 'VALIDATION_FAILED'],
    ['a zero price', { kind: 'good', title: '零价格', category: '测试', makerTakeFen: 0 }, 400, 'VALIDATION_FAILED'],
    ['a margin larger than the price', { kind: 'good', title: '留存过高', category: '测试', priceFen: 1000, marginFen: 2000 }, 422, 'MARGIN_EXCEEDS_PRICE'],
    ['a margin equal to the price', { kind: 'good', title: '留存过高', category: '测试', priceFen: 1000, marginFen: 1000 }, 422, 'MARGIN_EXCEEDS_PRICE'],
    ['a fractional fen', { kind: 'good', title: '小数', category: '测试', makerTakeFen: 10.5 }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { kind: 'good', title: '多字段', category: '测试', makerTakeFen: 100, stock: 9 }, 400, 'VALIDATION_FAILED'],
  ])('refuses a listing with %s', async (_label, body, status, code) => {
    const before = await count('market_listings');
    const res = await maker.client.post<Problem>(`${M}/listings`, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await count('market_listings')).toBe(before);
  });

  it('refuses bad orders, payments and refunds without touching orders, stock or the book', async () => {
    const listing = await goodOnSale({ title: '手绘扇子', takeFen: 3000, stock: 2 });
    const paid = await counterSale(listing.id);
    const snapshot = async () => ({
      orders: await count('market_orders'),
      movements: await count('market_stock_movements'),
      entries: await count('ledger_entries'),
      refunds: await count('market_refunds'),
      stock: await stockOf(listing.id),
    });
    const before = await snapshot();
    const cases: [string, () => Promise<{ status: number; body: unknown }>, number, string][] = [
      ['quantity 0', () => counterSale(listing.id, 0), 400, 'VALIDATION_FAILED'],
      ['quantity beyond stock', () => counterSale(listing.id, 2), 409, 'OUT_OF_STOCK'],
      ['an unknown listing', () => counterSale(999999), 404, 'NOT_FOUND'],
      ['too little cash', () => counterSale(listing.id, 1, { method: 'cash', tenderedFen: 100 }), 400, 'VALIDATION_FAILED'],
      [
        'a paid order paid again',
        () => clerk.client.post(`${M}/orders/${paid.body.order.id}/payments`, { method: 'cash' }, { idempotencyKey: key() }),
        409,
        'ORDER_ALREADY_PAID',
      ],
      [
        'a refund larger than the sale',
        () => clerk.client.post(`${M}/orders/${paid.body.order.id}/refunds`, { amountFen: 3751, reason: '多退' }, { idempotencyKey: key() }),
        422,
        'REFUND_EXCEEDS_SALE',
      ],
      [
        'a negative refund',
        () => clerk.client.post(`${M}/orders/${paid.body.order.id}/refunds`, { amountFen: -1, reason: '负数' }, { idempotencyKey: key() }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no Idempotency-Key',
        () => clerk.client.post(`${M}/counter/sales`, { items: [{ listingId: listing.id, quantity: 1 }], payment: { method: 'cash' } }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      ],
    ];
    for (const [label, run, status, code] of cases) {
      const res = await run();
      expect([label, res.status, (res.body as Problem).code]).toEqual([label, status, code]);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('services and shop jobs', () => {
  it('a service books a time slot up to its capacity', async () => {
    const created = await staff.client.post<ListingView>(`${M}/listings`, {
      makerId: maker2Id,
      kind: 'service',
      title: '书法体验课（一课时）',
      category: '课程',
      priceFen: 2500,
      marginFen: 500,
      consentNote: '本人同意',
    });
    expect(created.body.split).toMatchObject({ priceFen: 2500, makerTakeFen: 2000, fundFen: 500 });
    const withSlot = await staff.client.post<ListingView>(`${M}/listings/${created.body.id}/slots`, {
      startsAt: '2026-12-05T01:00:00Z',
      endsAt: '2026-12-05T03:00:00Z',
      capacity: 2,
    });
    expect(withSlot.status).toBe(201);
    const slotId = withSlot.body.slots[0]!.id;
    await staff.client.post(`${M}/listings/${created.body.id}/state`, { action: 'submit' });
    await staff.client.post(`${M}/listings/${created.body.id}/review`, { decision: 'approve' });
    const book = (quantity: number, slot?: number) =>
      clerk.client.post<Problem>(
        `${M}/counter/sales`,
        { items: [{ listingId: created.body.id, quantity, ...(slot ? { slotId: slot } : {}) }], payment: { method: 'cash' } },
        { idempotencyKey: key() },
      );
    expect((await book(1)).status).toBe(400);
    // two lines of one order on the same slot, each within its places but not together
    const twoLines = await clerk.client.post<Problem>(
      `${M}/counter/sales`,
      {
        items: [
          { listingId: created.body.id, quantity: 1, slotId },
          { listingId: created.body.id, quantity: 2, slotId },
        ],
        payment: { method: 'cash' },
      },
      { idempotencyKey: key() },
    );
    expect([twoLines.status, twoLines.body.code]).toEqual([409, 'OUT_OF_STOCK']);
    expect((await resident.client.get<ListingView>(`${M}/listings/${created.body.id}`)).body.slots[0]!.available).toBe(2);
    expect((await book(2, slotId)).status).toBe(201);
    const full = await book(1, slotId);
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('OUT_OF_STOCK');
    expect((await resident.client.get<ListingView>(`${M}/listings/${created.body.id}`)).body.slots[0]!.available).toBe(0);
  });

  it('records shop shifts and proposes a month’s wages as a shop-wage expense for supervisors to approve', async () => {
    const worker = await staff.client.post<{ id: number; name: string }>(`${M}/shop/workers`, { userId: resident.userId, job: '店员', hourlyWageFen: 2250 });
    expect(worker.status).toBe(201);
    expect(worker.body.name).toBe('赵德明');
    expect((await staff.client.post(`${M}/shop/shifts`, { workerId: worker.body.id, workDate: '2026-03-02', hours: 4 })).status).toBe(201);
    const second = await staff.client.post<{ wageFen: number }>(`${M}/shop/shifts`, { workerId: worker.body.id, workDate: '2026-03-09', hours: 3.5 });
    expect(second.body.wageFen).toBe(7875);
    expect((await clerk.client.post(`${M}/shop/shifts`, { workerId: worker.body.id, workDate: '2026-03-10', hours: 1 })).status).toBe(403);
    expect((await staff.client.post<Problem>(`${M}/shop/wages`, { month: '2026-03' })).status).toBe(400); // no Idempotency-Key
    type WageRun = { expenses: { amountFen: number; shifts: number; expenseId: number }[] };
    // two runs at once (a double tap, two staff): one set of expenses, the other finds nothing left
    const runKey = key();
    const [a, b] = await Promise.all([
      staff.client.post<WageRun & Problem>(`${M}/shop/wages`, { month: '2026-03' }, { idempotencyKey: runKey }),
      staff.client.post<WageRun & Problem>(`${M}/shop/wages`, { month: '2026-03' }, { idempotencyKey: key() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect([a, b].find((r) => r.status === 422)!.body.code).toBe('NOTHING_TO_PAY_OUT');
    const run = a.status === 201 ? a : b;
    const wageExpenses = await staff.client.get<{ expenses: { purpose: string }[] }>(`${FUND}/expenses?limit=100`);
    expect(wageExpenses.body.expenses.filter((e) => e.purpose === 'expense:shop_wages')).toHaveLength(1);
    if (a.status === 201) {
      const replay = await staff.client.post<WageRun>(`${M}/shop/wages`, { month: '2026-03' }, { idempotencyKey: runKey });
      expect(replay.body).toEqual(a.body);
    }
    expect(run.body.expenses).toMatchObject([{ amountFen: 9000 + 7875, shifts: 2 }]);
    const expense = await staff.client.get<{ purpose: string; amountFen: number; status: string }>(`${FUND}/expenses/${run.body.expenses[0]!.expenseId}`);
    expect(expense.body).toMatchObject({ purpose: 'expense:shop_wages', amountFen: 16875, status: 'proposed' });
    expect((await staff.client.post<Problem>(`${M}/shop/wages`, { month: '2026-03' }, { idempotencyKey: key() })).body.code).toBe('NOTHING_TO_PAY_OUT');
  });
});

describe('unpaid orders do not hoard stock', () => {
  const place = (buyer: { client: Client }, listingId: number, quantity = 1) =>
    buyer.client.post<OrderView & Problem>(`${M}/orders`, { channel: 'online', items: [{ listingId, quantity }] }, { idempotencyKey: key() });
  /** Time passing: the order's hold ends now. */
  const holdEnds = (orderId: number) =>
    t.handle.asOwner((o) =>
      o.query(`update market_orders set hold_until = now() - interval '1 second' where community_id = $1 and id = $2`, [nanhu.id, orderId]),
    );
  const drain = () => t.deps.jobs.drain(t.deps, { includeDelayed: true, only: ['market.releaseUnpaid'] });

  it('holds an unpaid order’s stock for the community’s 30 minutes, then cancels it and gives the stock back, once', async () => {
    const buyer = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const other = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const listing = await goodOnSale({ title: '限量布老虎', stock: 2 });
    const placed = await place(buyer, listing.id, 2);
    expect(placed.status).toBe(201);
    const held = new Date(placed.body.holdUntil!).getTime() - Date.now();
    expect(held).toBeGreaterThan(29 * 60_000);
    expect(held).toBeLessThanOrEqual(30 * 60_000);
    expect(await stockOf(listing.id)).toBe(0);
    expect((await place(other, listing.id)).body.code).toBe('OUT_OF_STOCK');

    await t.deps.jobs.drain(t.deps, { only: ['market.releaseUnpaid'] }); // nothing is due before its time
    expect((await buyer.client.get<OrderView>(`${M}/orders/${placed.body.id}`)).body.state).toBe('placed');
    expect(await stockOf(listing.id)).toBe(0);

    await holdEnds(placed.body.id);
    await drain();
    const expired = await buyer.client.get<OrderView>(`${M}/orders/${placed.body.id}`);
    expect(expired.body).toMatchObject({ state: 'cancelled', holdUntil: null });
    expect(await stockOf(listing.id)).toBe(2);
    expect((await place(other, listing.id)).status).toBe(201);
    await drain(); // again: nothing is given back twice
    expect(await stockOf(listing.id)).toBe(1);
    const audit = await staff.client.get<{ entries: { action: string; subjectId: string }[] }>(`${C}/audit?limit=50`);
    expect(audit.body.entries.filter((e) => e.action === 'market.order_expired' && e.subjectId === String(placed.body.id))).toHaveLength(1);
  });

  it('never releases an order paid before its hold ended, and follows the community’s setting', async () => {
    const buyer = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const listing = await goodOnSale({ title: '剪纸窗花', stock: 3 });
    const placed = await place(buyer, listing.id);
    expect((await buyer.client.post(`${M}/orders/${placed.body.id}/payments`, { method: 'online' }, { idempotencyKey: key() })).status).toBe(200);
    await holdEnds(placed.body.id);
    await drain();
    expect((await buyer.client.get<OrderView>(`${M}/orders/${placed.body.id}`)).body.state).toBe('paid');
    expect(await stockOf(listing.id)).toBe(2);

    expect((await staff.client.patch(C + '/settings', { unpaidHoldMinutes: 10 })).status).toBe(200);
    const short = await place(buyer, listing.id);
    expect(new Date(short.body.holdUntil!).getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect((await staff.client.patch(C + '/settings', { unpaidHoldMinutes: 30 })).status).toBe(200);
  });

  it('lets one buyer hold at most 3 unpaid orders and 20 items, even placed all at once', async () => {
    const listing = await goodOnSale({ title: '手工皂', stock: 40 });
    const hoarder = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => place(hoarder, listing.id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(3).fill('TOO_MANY_OPEN_ORDERS'));
    expect(await stockOf(listing.id)).toBe(37);
    const first = answers.find((a) => a.status === 201)!.body;
    expect((await hoarder.client.post(`${M}/orders/${first.id}/cancel`)).status).toBe(200);
    expect((await place(hoarder, listing.id)).status).toBe(201);

    const bulk = await makePerson(t, { community: nanhu, roles: ['resident'] });
    expect((await place(bulk, listing.id, 15)).status).toBe(201);
    const more = await place(bulk, listing.id, 6);
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('TOO_MANY_UNITS_HELD');
    expect(await stockOf(listing.id)).toBe(37 - 15);
  });

  it('refuses a listing whose price would be over the most one entry may move, with a 4xx', async () => {
    for (const body of [{ makerTakeFen: 10_000_000_000 }, { makerTakeFen: 9_999_999_999, marginFen: 10 }]) {
      const res = await staff.client.post<Problem>(`${M}/listings`, {
        makerId,
        kind: 'good',
        title: '天价',
        category: '手工编织',
        consentNote: '同意',
        ...body,
      });
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([422, 'AMOUNT_OUT_OF_RANGE']);
    }
    // at the most, it is taken
    const most = await staff.client.post<ListingView>(`${M}/listings`, {
      makerId,
      kind: 'good',
      title: '最贵',
      category: '手工编织',
      consentNote: '同意',
      priceFen: 10_000_000_000,
    });
    expect(most.body.split.priceFen).toBe(10_000_000_000);
  });

  it('refuses an order the fund could never book, holding nothing', async () => {
    const listing = await goodOnSale({ title: '天价字画', takeFen: 6_000_000_000, marginFen: 0, stock: 2 });
    const buyer = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const placed = await place(buyer, listing.id, 2);
    expect(placed.status).toBe(422);
    expect(placed.body.code).toBe('AMOUNT_OUT_OF_RANGE');
    expect(await stockOf(listing.id)).toBe(2);
  });
});

describe('closing an account in the shop', () => {
  it('waits for an open order and for a maker’s listings; then the sale stays in the books and the delivery address goes', async () => {
    const buyer = await makePerson(t, { community: nanhu, roles: ['resident'], name: '韩先生' });
    const listing = await goodOnSale({ title: '竹编果盘', takeFen: 4000, stock: 1 });
    const placed = await buyer.client.post<OrderView>(
      `${M}/orders`,
      { channel: 'online', items: [{ listingId: listing.id, quantity: 1 }], fulfilment: 'delivery', deliveryAddress: '南湖小区 5 栋 1 单元 302' },
      { idempotencyKey: key() },
    );
    const refused = await buyer.client.post<Problem>('/api/v1/me/close', { password: PASSWORD });
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([409, 'CLOSE_OPEN_BUSINESS', '您在本社区还有未完成的订单：办完后才能注销账户']);
    expect((await buyer.client.get(`${M}/orders/${placed.body.id}`)).status).toBe(200);

    expect((await buyer.client.post(`${M}/orders/${placed.body.id}/cancel`)).status).toBe(200);
    expect((await buyer.client.post('/api/v1/me/close', { password: PASSWORD })).status).toBe(204);
    const kept = await t.handle.asOwner((o) =>
      o.query<{ buyer_id: number; state: string; delivery_address: string | null; total_fen: string }>(
        `select buyer_id, state, delivery_address, total_fen::text from market_orders where id = $1`,
        [placed.body.id],
      ),
    );
    expect(kept).toEqual([{ buyer_id: buyer.userId, state: 'cancelled', delivery_address: null, total_fen: '5000' }]); // ¥40 to the maker, ¥10 to the fund

    // a maker with goods on sale settles them first
    const before = await count('market_makers');
    const maker1 = await maker.client.post<Problem>('/api/v1/me/close', { password: PASSWORD }, { headers: { 'accept-language': 'en' } });
    expect([maker1.status, maker1.body.message]).toEqual([409, 'You still have a listing on offer in this community: settle it before closing the account']);
    expect((await maker.client.get<{ user: unknown }>('/api/v1/me')).body.user).not.toBeNull();
    expect(await count('market_makers')).toBe(before);
  });
});

describe('the book after all of it', () => {
  it('verifies: the chain, every hash, and the published balances', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${FUND}/ledger.jsonl` });
    expect(res.statusCode).toBe(200);
    const verifier = new ChainVerifier(sha256Hex);
    for (const line of res.body.split('\n')) if (line.trim()) expect(await verifier.add(line)).toBe(true);
    const report = verifier.report();
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThan(10);
    const published = await balances();
    for (const [code, fen] of Object.entries(report.balances)) expect([code, published[code]]).toEqual([code, fen]);
    // Stock equals intake − returns − sales + releases for every listing.
    const drift = await t.handle.asOwner((o) =>
      o.query(
        `select l.id from market_listings l left join market_stock_movements m on m.community_id = l.community_id and m.listing_id = l.id
          group by l.community_id, l.id, l.stock having l.stock <> coalesce(sum(m.quantity_delta), 0)`,
      ),
    );
    expect(drift).toEqual([]);
    expect(other.id).not.toBe(nanhu.id);
  });
});
