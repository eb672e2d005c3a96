// Section 1: sale postings per second through the ledger vs. the database's own limit (pgbench).
import type { Deps } from '../src/platform/context.ts';
import { createShops, type BenchCommunity } from './lib/fixtures.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { withAdmin } from './lib/db.ts';
import { runPgbench } from './lib/pgbench.ts';
import { counterSale, marketSale, OffBook, type ChainMode } from './lib/sale.ts';

export interface LedgerFixture {
  shops: BenchCommunity[];
  /** Communities used only by the chain-off variant (their head row is left behind on purpose). */
  offShops: BenchCommunity[];
}

export async function setUpLedger(deps: Deps, communities: number, listingsEach = 32): Promise<LedgerFixture> {
  const shops = await createShops(deps, { prefix: 'b', count: communities, listingsEach, phoneBase: 0 });
  const offShops = await createShops(deps, { prefix: 'x', count: communities, listingsEach, phoneBase: 100_000 });
  return { shops, offShops };
}

/**
 * Caller w sells in communities w, w+callers, w+2·callers… in turn (spread), or all in the first
 * community on its own listing (hot), so a listing row is never shared and only the fund's head
 * row can be.
 */
export async function saleLoad(
  deps: Deps,
  shops: BenchCommunity[],
  o: { callers: number; seconds: number; hot: boolean; chain: ChainMode; viaMarket?: boolean },
): Promise<LoadResult> {
  const offBook = o.chain === 'off' ? new OffBook() : undefined;
  if (offBook) await offBook.load(deps, shops);
  const mine = Array.from({ length: o.callers }, (_, w) => (o.hot ? [shops[0]!] : shops.filter((_, i) => i % o.callers === w)));
  return runLoad({
    workers: o.callers,
    seconds: o.seconds,
    op: (w, i) => {
      const own = mine[w]!;
      const shop = own[i % own.length]!;
      const listing = o.hot ? shop.listings[w % shop.listings.length]! : shop.listings[(i + w) % shop.listings.length]!;
      if (o.viaMarket) return marketSale(deps, shop, listing);
      return counterSale(deps, shop, listing, { chain: o.chain, ...(offBook ? { offBook } : {}) });
    },
  });
}

export interface LedgerRound {
  pgbenchTps: number;
  /** The bench's own composition of the sale with the chain on: the "on" side of chain on ÷ off. */
  composed8: LoadResult;
  spread8: LoadResult;
  hot8: LoadResult;
  spread32: LoadResult;
  off8: LoadResult;
}

/**
 * Each measurement starts from a checkpoint, so none pays for the dirty pages another left (the
 * first full run's first pgbench, right after the set-up's writes, read 595 tps against ~3,200 in
 * the next rounds).
 */
const checkpoint = () => withAdmin((c) => c.query('checkpoint')).then(() => undefined);

export async function ledgerRound(deps: Deps, f: LedgerFixture, seconds: number, viaMarket: boolean, log: (s: string) => void): Promise<LedgerRound> {
  await checkpoint();
  const pgbenchTps = await runPgbench(8, seconds);
  log(`  pgbench tpcb-like 8 clients: ${pgbenchTps.toFixed(0)} tps`);
  await checkpoint();
  const spread8 = await saleLoad(deps, f.shops, { callers: 8, seconds, hot: false, chain: 'on', viaMarket });
  log(
    `  sales, 8 callers over ${f.shops.length} communities: ${spread8.perSecond.toFixed(0)}/s p95 ${spread8.p95.toFixed(1)} ms (errors ${spread8.errors}, node cpu ${spread8.cpuPercent.toFixed(0)}%)`,
  );
  await checkpoint();
  const hot8 = await saleLoad(deps, f.shops, { callers: 8, seconds, hot: true, chain: 'on', viaMarket });
  log(`  sales, 8 callers in one community: ${hot8.perSecond.toFixed(0)}/s p95 ${hot8.p95.toFixed(1)} ms (errors ${hot8.errors})`);
  await checkpoint();
  const spread32 = await saleLoad(deps, f.shops, { callers: 32, seconds, hot: false, chain: 'on', viaMarket });
  log(`  sales, 32 callers spread: ${spread32.perSecond.toFixed(0)}/s p95 ${spread32.p95.toFixed(1)} ms (errors ${spread32.errors})`);
  if (viaMarket) await checkpoint();
  const composed8 = viaMarket ? await saleLoad(deps, f.shops, { callers: 8, seconds, hot: false, chain: 'on' }) : spread8;
  if (viaMarket) log(`  sales, 8 callers spread, bench composition, chain on: ${composed8.perSecond.toFixed(0)}/s p95 ${composed8.p95.toFixed(1)} ms`);
  await checkpoint();
  const off8 = await saleLoad(deps, f.offShops, { callers: 8, seconds, hot: false, chain: 'off' });
  log(
    `  sales, 8 callers spread, chain off: ${off8.perSecond.toFixed(0)}/s p95 ${off8.p95.toFixed(1)} ms (errors ${off8.errors}, node cpu ${off8.cpuPercent.toFixed(0)}%)`,
  );
  return { pgbenchTps, composed8, spread8, hot8, spread32, off8 };
}
