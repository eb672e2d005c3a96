import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { transact } from '../../platform/db.ts';
import { postEntry } from './index.ts';
import type { SourceView } from './ledger.sources.ts';

// The public source page of fund entries: GET …/fund/sources/{type}/{id}, no login.

let t: TestApp;
type Person = Awaited<ReturnType<typeof makePerson>>;
let staff: Person, clerk: Person, supervisor: Person, buyer: Person, maker: Person;
let otherStaff: Person, otherClerk: Person;
let nanhuId: number, otherId: number, makerId: number;

const FUND = '/api/v1/communities/nanhu/fund';
const M = '/api/v1/communities/nanhu/market';
const key = () => `k-${crypto.randomUUID()}`;
const getSource = async (type: string, id: string | number, language = 'zh-CN') => {
  const res = await t.app.inject({ method: 'GET', url: `${FUND}/sources/${type}/${id}`, headers: { 'accept-language': language } });
  return { status: res.statusCode, body: JSON.parse(res.body) as SourceView & Problem };
};

/** A good on sale in `slug`, listed by staff for a maker. */
async function goodOnSale(people: { staff: Person; clerk: Person }, slug: string, makerId: number, title: string, takeFen: number) {
  const base = `/api/v1/communities/${slug}/market`;
  const created = await people.staff.client.post<{ id: number }>(`${base}/listings`, {
    makerId,
    kind: 'good',
    title,
    category: '手工编织',
    makerTakeFen: takeFen,
    consentNote: '本人同意，工作人员代为上架',
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await people.clerk.client.post(`${base}/listings/${id}/intake`, { quantity: 5, condition: '全新' }, { idempotencyKey: key() })).status).toBe(201);
  expect((await people.staff.client.post(`${base}/listings/${id}/state`, { action: 'submit' })).status).toBe(200);
  expect((await people.staff.client.post(`${base}/listings/${id}/review`, { decision: 'approve' })).status).toBe(200);
  return id;
}

async function approvedMaker(people: { staff: Person }, slug: string, person: Person) {
  const base = `/api/v1/communities/${slug}/market`;
  const applied = await person.client.post<{ id: number }>(`${base}/makers/apply`, { story: '退休后织围巾三十年', crafts: '手工编织' });
  expect(applied.status).toBe(201);
  expect((await people.staff.client.post(`${base}/makers/${applied.body.id}/decision`, { decision: 'approve' })).status).toBe(200);
  return applied.body.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const nanhu = await makeCommunity(t, 'nanhu');
  const other = await makeCommunity(t, 'other');
  nanhuId = nanhu.id;
  otherId = other.id;
  staff = await makePerson(t, { community: nanhu, roles: ['staff', 'resident'], name: '李文华' });
  clerk = await makePerson(t, { community: nanhu, roles: ['clerk', 'resident'], name: '刘小燕' });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '王建国' });
  buyer = await makePerson(t, { community: nanhu, roles: ['resident'], name: '赵德明' });
  maker = await makePerson(t, { community: nanhu, roles: ['resident'], name: '张秀兰' });
  otherStaff = await makePerson(t, { community: other, roles: ['staff', 'resident'], name: '孙立' });
  otherClerk = await makePerson(t, { community: other, roles: ['clerk', 'resident'], name: '钱芳' });
});
afterAll(() => t.close());

describe('the source page of a shop sale', () => {
  it('shows the order’s lines with the maker’s take and the fund’s margin, never the buyer, and its refund under the same source', async () => {
    makerId = await approvedMaker({ staff }, 'nanhu', maker);
    const listingId = await goodOnSale({ staff, clerk }, 'nanhu', makerId, '手工编织羊毛围巾', 12000);
    const placed = await buyer.client.post<{ id: number }>(
      `${M}/orders`,
      { channel: 'online', items: [{ listingId, quantity: 2 }], fulfilment: 'delivery', deliveryAddress: '南湖小区 3 栋 2 单元 501' },
      { idempotencyKey: key() },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id;
    expect((await buyer.client.post(`${M}/orders/${orderId}/payments`, { method: 'online' }, { idempotencyKey: key() })).status).toBe(200);
    expect((await clerk.client.post(`${M}/orders/${orderId}/refunds`, { amountFen: 15000, reason: '一条有瑕疵' }, { idempotencyKey: key() })).status).toBe(201);

    const { status, body } = await getSource('market_order', orderId);
    expect(status).toBe(200);
    expect(body.source).toEqual({ type: 'market_order', id: String(orderId) });
    expect(body.label).toBe(`微益+ 订单 ${orderId}`);
    expect(body.entries.map((e) => e.kind)).toEqual(['sale', 'refund']);
    expect(body.entries[0]!.postings.find((p) => p.account === 'income:sale_margin')?.fen).toBe(-6000);
    expect(body.entries[1]!.postings.find((p) => p.account === 'income:sale_margin')?.fen).toBe(3000);
    expect(body.entries.every((e) => e.source?.href === `/c/nanhu/fund/source/market_order/${orderId}`)).toBe(true);
    expect(body.detail?.lines).toEqual([
      { label: '手工编织羊毛围巾 × 2', value: '单价 ¥150.00：¥240.00 给手艺人 / ¥60.00 进社区公益基金' },
      { label: '渠道', value: '线上' },
      { label: '已付', value: expect.stringMatching(/^¥300\.00 · /) as unknown as string },
      { label: '已退款', value: '¥150.00' },
    ]);
    const text = JSON.stringify(body);
    for (const secret of ['赵德明', buyer.phone, '南湖小区 3 栋', 'buyer']) expect(text).not.toContain(secret);

    const english = await getSource('market_order', orderId, 'en');
    expect(english.body.label).toBe(`Shop order ${orderId}`);
    expect(english.body.detail?.lines[0]?.value).toBe('¥150.00 each: ¥240.00 to the maker / ¥60.00 to the fund');
  });

  it('shows a maker’s payouts under the maker, the name masked (张*兰) until they agree to be shown', async () => {
    const paid = await staff.client.post(
      `${M}/makers/${makerId}/payouts`,
      { method: 'cash', acknowledgedBy: '张秀兰的女儿王芳', acknowledgedRelation: '女儿' },
      { idempotencyKey: key() },
    );
    expect(paid.status).toBe(201);
    const { status, body } = await getSource('market_maker', makerId);
    expect(status).toBe(200);
    expect(body.entries.map((e) => e.kind)).toEqual(['payout']);
    expect(body.detail?.title).toBe('手艺人 张*兰');
    expect(body.detail?.lines.at(-1)).toEqual({ label: '累计结算', value: '¥120.00' });
    expect(body.entries[0]!.party).toBe('张*兰');
    // (The maker's payable sub-account is named after the maker, as in the public entries list.)
    expect(JSON.stringify(body.detail)).not.toContain('张秀兰');
    expect(JSON.stringify(body)).not.toContain('王芳');

    expect((await maker.client.patch('/api/v1/me', { displayName: '张秀兰', namePublic: true })).status).toBe(200);
    expect((await getSource('market_maker', makerId)).body.detail?.title).toBe('手艺人 张秀兰');
  });
});

describe('the source page of an expense', () => {
  it('shows purpose, a masked person payee, the amount and who acted as roles, not names', async () => {
    const proposed = await staff.client.post<{ id: number }>(`${FUND}/expenses`, {
      purpose: 'expense:elderly_care',
      payee: { name: '陈思远', isPerson: true, showName: false },
      amountFen: 5000,
      memo: '重阳节慰问老人水果',
      attachments: [],
    });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id;
    // Not paid yet: no entry, so no source.
    expect((await getSource('expense', id)).status).toBe(404);
    expect((await supervisor.client.post(`${FUND}/expenses/${id}/approve`)).status).toBe(200);
    expect((await staff.client.post(`${FUND}/expenses/${id}/pay`, { from: 'cash' }, { idempotencyKey: key() })).status).toBe(200);

    const { status, body } = await getSource('expense', id);
    expect(status).toBe(200);
    expect(body.label).toBe(`支出申请 ${id}`);
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]!.party).toBe('陈*远');
    const lines = Object.fromEntries(body.detail!.lines.map((l) => [l.label, l.value]));
    expect(lines).toMatchObject({ 用途: '养老服务', 说明: '重阳节慰问老人水果', 收款方: '陈*远', 金额: '¥50.00', 审批: '居务监督 1 人' });
    expect(lines['提出']).toMatch(/^社区工作人员 · /);
    const text = JSON.stringify(body);
    for (const name of ['陈思远', '李文华', '王建国']) expect(text).not.toContain(name);
  });
});

describe('sources that are not there', () => {
  it('answers 404 for a source with no entry, and for another community’s source under this slug', async () => {
    expect((await getSource('market_order', 999999)).body.code).toBe('NOT_FOUND');
    expect((await getSource('nonsense', 'x')).status).toBe(404);
    // A sale in the other community: its source exists there, not here.
    const otherMaker = await makePerson(t, { community: { id: otherId }, roles: ['resident'], name: '吴桂芳' });
    const otherMakerId = await approvedMaker({ staff: otherStaff }, 'other', otherMaker);
    const listingId = await goodOnSale({ staff: otherStaff, clerk: otherClerk }, 'other', otherMakerId, '竹编果篮', 8000);
    const sale = await otherClerk.client.post<{ order: { id: number } }>(
      '/api/v1/communities/other/market/counter/sales',
      { items: [{ listingId, quantity: 1 }], payment: { method: 'cash' } },
      { idempotencyKey: key() },
    );
    expect(sale.status).toBe(201);
    const orderId = sale.body.order.id;
    const there = await t.app.inject({ method: 'GET', url: `/api/v1/communities/other/fund/sources/market_order/${orderId}` });
    expect(there.statusCode).toBe(200);
    const here = await getSource('market_order', orderId);
    expect(here.status).toBe(404);
    expect(here.body.code).toBe('NOT_FOUND');
  });

  it('answers an unknown type that has entries with the entries and no detail', async () => {
    await transact(t.deps.db, { communityId: nanhuId }, (tx) =>
      postEntry(tx, nanhuId, {
        kind: 'income',
        memo: '基金会项目拨款',
        source: { type: 'contract', id: 'JJH-2025-031' },
        postings: [
          { account: 'bank', amountFen: 5_000_000 },
          { account: 'income:foundation', amountFen: -5_000_000 },
        ],
      }),
    );
    const { status, body } = await getSource('contract', 'JJH-2025-031');
    expect(status).toBe(200);
    expect(body.label).toBe('合同 JJH-2025-031');
    expect(body.detail).toBeNull();
    expect(body.entries.map((e) => e.memo)).toEqual(['基金会项目拨款']);
  });
});
