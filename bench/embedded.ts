// Section 6 and 7 on PGlite: the counter sale over HTTP with the embedded database, and memory with a big book.
import fs from 'node:fs';
import { loadBookWith, type SqlRunner } from './lib/bigbook.ts';
import { openRuntime } from './lib/db.ts';
import { createShops, SEED, type BenchCommunity } from './lib/fixtures.ts';
import type { LoadResult } from './lib/load.ts';
import { startServer, type AppServer } from './lib/server.ts';
import { closeSellers, findCounterRoute, httpSales, logInSellers } from './sale-http.ts';

export interface EmbeddedFixture {
  dataDir: string;
  shops: BenchCommunity[];
  loadSeconds: number;
}

/** A fresh PGlite data folder with 8 shops, and `bigEntries` entries in the first one's book. */
export async function setUpEmbedded(dataDir: string, bigEntries: number): Promise<EmbeddedFixture> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const runtime = await openRuntime({ url: undefined, dataDir, poolSize: 1 });
  try {
    const shops = await createShops(runtime.deps, { prefix: 'p', count: 8, listingsEach: 8, phoneBase: 300_000 });
    const started = Date.now();
    if (bigEntries > 0)
      await runtime.handle.asOwner((owner) => {
        const runner: SqlRunner = { query: async <R>(text: string, params?: unknown[]) => ({ rows: await owner.query<R>(text, params ?? []) }) };
        return loadBookWith(runner, { communityId: shops[0]!.id, entries: bigEntries, perMonth: 10_000, seed: SEED, now: new Date() });
      });
    return { dataDir, shops, loadSeconds: (Date.now() - started) / 1000 };
  } finally {
    await runtime.close();
  }
}

export async function embeddedSales(
  f: EmbeddedFixture,
  o: { port: number; rounds: number; seconds: number; logFile: string },
  onRound: (r: LoadResult) => void,
): Promise<{ server: AppServer; route: string | null }> {
  const server = await startServer({ port: o.port, dataDir: f.dataDir, logFile: o.logFile });
  const route = await findCounterRoute(server);
  if (route) {
    const sellers = await logInSellers(server, f.shops.slice(0, 8));
    try {
      for (let r = 0; r < o.rounds; r++) onRound(await httpSales(sellers, route, o.seconds));
    } finally {
      closeSellers(sellers);
    }
  }
  return { server, route };
}
