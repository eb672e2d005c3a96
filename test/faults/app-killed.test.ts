import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareShop, SaleLoad } from './load.ts';
import { adminQuery, AppProcess, freshDatabase, ledgerVerify, random, SEED, sleep, SOAK } from './support.ts';

// The app killed: counter sales at a steady rate with retries that reuse their keys, SIGKILL at
// seeded random moments, restart; every acknowledged sale is there once, stock adds up, the book verifies.

const KILLS = SOAK ? 25 : 5;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: AppProcess;

beforeAll(async () => {
  db = await freshDatabase('kill');
  app = await AppProcess.create(db.url);
  await app.start(120_000);
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('the app killed under load', () => {
  it(`loses and doubles no acknowledged sale across ${KILLS} SIGKILLs`, async () => {
    const rng = random(SEED);
    const { clerk, listingId } = await prepareShop(app);
    const stockOf = async () => Number((await adminQuery<{ stock: number }>(`select stock from market_listings where id = $1`, [listingId], db.url))[0]!.stock);
    const stockBefore = await stockOf();
    const [{ maxId }] = (await adminQuery<{ maxId: number }>(`select coalesce(max(id), 0)::int as "maxId" from market_orders`, [], db.url)) as [
      { maxId: number },
    ];

    const load = new SaleLoad(clerk, 'nanhu', listingId, { workers: 3, intervalMs: 20 });
    load.start();
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(1000 + rng() * 2000);
      await app.signal('SIGKILL');
      await sleep(rng() * 500);
      await app.start();
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
    const figures = {
      kills: KILLS,
      starts: app.starts,
      attempted: load.figures.attempted,
      acknowledged: load.figures.acknowledged,
      inDatabase: rows.length,
      lost,
      duplicated,
      retries: load.figures.retries,
      stockBefore,
      stockAfter,
      statuses: load.figures.statuses,
      ledgerVerify: verify.code,
    };
    console.log(`app killed: ${JSON.stringify(figures)}`);
    expect(load.figures.bad).toEqual([]);
    expect(load.figures.acknowledged).toBeGreaterThanOrEqual(KILLS);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stockAfter).toBe(stockBefore - load.acked.size);
    expect(verify.code, verify.output).toBe(0);
  }, 600_000);
});
