import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareShop, SaleLoad } from './load.ts';
import { adminQuery, AppProcess, freshDatabase, ledgerVerify, random, SEED, sleep, SOAK } from './support.ts';

// Connections cut: pg_terminate_backend on every connection of the app's database, again and
// again, under counter-sale load. No crash, no 500 with internals, every acknowledged sale there
// once, stock adds up, the book verifies.

const DURATION_MS = SOAK ? 60_000 : 15_000;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: AppProcess;

beforeAll(async () => {
  db = await freshDatabase('cut');
  app = await AppProcess.create(db.url);
  await app.start(120_000);
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('connections cut under load', () => {
  it(`survives pg_terminate_backend for ${DURATION_MS / 1000} s`, async () => {
    const rng = random(SEED + 3);
    const { clerk, listingId } = await prepareShop(app);
    const stockOf = async () => Number((await adminQuery<{ stock: number }>(`select stock from market_listings where id = $1`, [listingId], db.url))[0]!.stock);
    const stockBefore = await stockOf();
    const [{ maxId }] = (await adminQuery<{ maxId: number }>(`select coalesce(max(id), 0)::int as "maxId" from market_orders`, [], db.url)) as [
      { maxId: number },
    ];

    const load = new SaleLoad(clerk, 'nanhu', listingId, { workers: 3, intervalMs: 20 });
    load.start();
    let cuts = 0;
    let terminated = 0;
    const until = Date.now() + DURATION_MS;
    while (Date.now() < until) {
      await sleep(200 + rng() * 800);
      const rows = await adminQuery<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [db.name],
      );
      cuts += 1;
      terminated += rows.filter((r) => r.ok).length;
    }
    await sleep(500);
    await load.stop();

    const rows = await adminQuery<{ id: number }>(`select id from market_orders where id > $1 and channel = 'counter'`, [maxId], db.url);
    const inDb = new Set(rows.map((r) => Number(r.id)));
    const ackedIds = [...load.acked.values()];
    const lost = ackedIds.filter((id) => !inDb.has(id)).length;
    const duplicated = rows.length - new Set(ackedIds).size;
    const stockAfter = await stockOf();
    const verify = await ledgerVerify(`${app.base}/api/v1/communities/nanhu/fund/ledger.jsonl`);
    console.log(
      `connections cut: ${JSON.stringify({ seconds: DURATION_MS / 1000, cuts, terminated, attempted: load.figures.attempted, acknowledged: load.figures.acknowledged, lost, duplicated, retries: load.figures.retries, stockBefore, stockAfter, statuses: load.figures.statuses, appExits: app.exits.length, ledgerVerify: verify.code })}`,
    );
    expect(app.exits, 'the app process must not die').toEqual([]);
    expect(load.figures.bad).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stockAfter).toBe(stockBefore - load.acked.size);
    expect(verify.code, verify.output).toBe(0);
  }, 600_000);
});
