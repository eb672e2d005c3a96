import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareShop, SaleLoad } from './load.ts';
import { adminQuery, AppProcess, freshDatabase, HttpClient, ledgerVerify, newKey, sleep, SOAK, STAFF_PHONE } from './support.ts';

// Two app processes on one PostgreSQL database, under load: whatever one process keeps for the
// others (rate limits, the validity of kept public answers, settings, jobs) is in PostgreSQL, so
// the pair answers as one process would.

const LOAD_MS = SOAK ? 30_000 : 6_000;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  db = await freshDatabase('pair');
  a = await AppProcess.create(db.url);
  b = await AppProcess.create(db.url);
  await a.start(120_000);
  await b.start(120_000);
}, 240_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

const summaryOf = async (client: HttpClient) =>
  (await client.request('GET', '/api/v1/communities/nanhu/fund/summary')).json() as { balanceFen: number; head: { seq: number; hash: string } };

describe('two app processes on one database', () => {
  it('sell under load through both with nothing lost or doubled, and show the same fund', async () => {
    const onA = await prepareShop(a);
    const clerkB = new HttpClient(b);
    await clerkB.login('13800000004');
    const stockOf = async () =>
      Number((await adminQuery<{ stock: number }>(`select stock from market_listings where id = $1`, [onA.listingId], db.url))[0]!.stock);
    const stockBefore = await stockOf();
    const loads = [
      new SaleLoad(onA.clerk, 'nanhu', onA.listingId, { workers: 3, intervalMs: 5 }),
      new SaleLoad(clerkB, 'nanhu', onA.listingId, { workers: 3, intervalMs: 5 }),
    ];
    for (const load of loads) load.start();
    await sleep(LOAD_MS);
    await Promise.all(loads.map((l) => l.stop()));
    const acked = loads.flatMap((l) => [...l.acked.values()]);
    const orders = await adminQuery<{ n: number }>(`select count(*)::int as n from market_orders where id = any($1::bigint[])`, [acked], db.url);
    const figures = { acknowledgedA: loads[0]!.figures.acknowledged, acknowledgedB: loads[1]!.figures.acknowledged, stockBefore, stockAfter: await stockOf() };
    console.log(`two processes, counter sales: ${JSON.stringify(figures)}`);
    expect(loads.flatMap((l) => l.figures.bad)).toEqual([]);
    expect(figures.acknowledgedA).toBeGreaterThan(10);
    expect(figures.acknowledgedB).toBeGreaterThan(10);
    expect(new Set(acked).size).toBe(acked.length);
    expect(orders[0]!.n).toBe(acked.length);
    expect(figures.stockAfter).toBe(stockBefore - acked.length);
    // both answer the same fund, and the book verifies from either
    const [fromA, fromB] = await Promise.all([summaryOf(onA.clerk), summaryOf(clerkB)]);
    expect(fromB).toMatchObject({ balanceFen: fromA.balanceFen, head: fromA.head });
    expect((await ledgerVerify(`${b.base}/api/v1/communities/nanhu/fund/ledger.jsonl`)).code).toBe(0);
  }, 180_000);

  it('show a sale made through one on the other’s kept public page at once', async () => {
    const { clerk, listingId } = await prepareShop(a);
    const reader = new HttpClient(b);
    const before = await summaryOf(reader);
    expect(await summaryOf(reader)).toEqual(before); // kept by b now
    const sale = await clerk.request('POST', '/api/v1/communities/nanhu/market/counter/sales', {
      key: newKey('sale'),
      body: { items: [{ listingId, quantity: 1 }], payment: { method: 'cash' } },
    });
    expect(sale.status).toBe(201);
    expect((await summaryOf(reader)).head.seq).toBe(before.head.seq + 1);
  }, 60_000);

  it('count failed logins across both: the eleventh in 15 minutes is refused whichever process it reaches', async () => {
    const clients = [new HttpClient(a), new HttpClient(b)];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const client = clients[i % 2]!;
      await client.request('GET', '/healthz');
      statuses.push((await client.request('POST', '/api/v1/auth/login', { body: { phone: '13800000022', password: `wrong-${i}` } })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  }, 60_000);

  it('apply a threshold changed through one to an expense proposed through the other at once', async () => {
    const staffA = new HttpClient(a);
    const staffB = new HttpClient(b);
    await staffA.login(STAFF_PHONE);
    await staffB.login(STAFF_PHONE);
    const expense = { purpose: 'expense:upkeep', payee: { name: '维修队', isPerson: false, showName: false }, amountFen: 500, memo: '换灯泡', attachments: [] };
    const before = (await staffB.request('POST', '/api/v1/communities/nanhu/fund/expenses', { body: expense })).json() as { requiredApprovals: number };
    expect(before.requiredApprovals).toBe(1);
    expect((await staffA.request('PATCH', '/api/v1/communities/nanhu/settings', { body: { expenseTwoApprovalsOverFen: 100 } })).status).toBe(200);
    const after = (await staffB.request('POST', '/api/v1/communities/nanhu/fund/expenses', { body: expense })).json() as { requiredApprovals: number };
    expect(after.requiredApprovals).toBe(2);
  }, 60_000);

  it('send each notice once, though both processes run the delivery jobs', async () => {
    for (const phone of ['13800000002', '13800000003']) {
      const supervisor = new HttpClient(a);
      await supervisor.login(phone);
      await supervisor.request('PUT', '/api/v1/me/notification-preferences', { body: { sms: true, wechat: true, quietHours: null } });
    }
    const staff = [new HttpClient(a), new HttpClient(b)];
    for (const client of staff) await client.login(STAFF_PHONE);
    const marker = `两进程通知 ${Date.now()}`;
    const proposals = 10;
    await Promise.all(
      Array.from({ length: proposals }, (_, i) =>
        staff[i % 2]!.request('POST', '/api/v1/communities/nanhu/fund/expenses', {
          body: {
            purpose: 'expense:upkeep',
            payee: { name: '维修队', isPerson: false, showName: false },
            amountFen: 100 + i,
            memo: `${marker} ${i}`,
            attachments: [],
          },
        }),
      ),
    );
    const expected = proposals * 2; // two supervisors each
    const states = async () =>
      adminQuery<{ state: string; n: number }>(
        `select d.state, count(*)::int as n from notification_deliveries d join notifications n on n.community_id = d.community_id and n.id = d.notification_id
          where n.body like $1 group by d.state`,
        [`${marker}%`],
        db.url,
      );
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await states()).find((s) => s.state === 'sent')?.n !== expected) await sleep(250);
    expect(await states()).toEqual([{ state: 'sent', n: expected }]);
    await sleep(3000); // a second delivery would show in the logs by now
    const texts = [a.log(), b.log()].map(
      (log) => log.split('\n').filter((line) => line.includes('sms (log sender') && /待审批支出：[^ ]+ ¥1\.0\d/.test(line)).length,
    );
    console.log(`two processes, notices: ${expected} deliveries, texts sent by a: ${texts[0]}, by b: ${texts[1]}`);
    expect(texts[0]! + texts[1]!).toBe(expected);
  }, 120_000);
});
