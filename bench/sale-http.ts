// Section 2 (and 5, 6, 7): a complete counter sale over HTTP against the app running as its own process.
import crypto from 'node:crypto';
import { BENCH_PASSWORD, type BenchCommunity } from './lib/fixtures.ts';
import { HttpClient } from './lib/http.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import type { AppServer } from './lib/server.ts';

/**
 * The counter-sale route, read from the app's own OpenAPI document (POST …/market/…counter…),
 * so the bench follows the route's name rather than guessing it.
 */
export async function findCounterRoute(server: AppServer): Promise<string | null> {
  const res = await fetch(`${server.base}/openapi.json`);
  if (!res.ok) return null;
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  const candidates = Object.entries(doc.paths)
    .filter(([p, ops]) => 'post' in ops && /\/market\//.test(p) && /counter/.test(p) && !/cash-?up|search/.test(p) && !/\{orderId\}/.test(p))
    .map(([p]) => p);
  candidates.sort((a, b) => a.length - b.length);
  return candidates[0] ?? null;
}

export interface Seller {
  client: HttpClient;
  shop: BenchCommunity;
}

/** One client per shop, logged in once as that shop's clerk (a CSRF cookie first, as the browser gets it). */
export async function logInSellers(server: AppServer, shops: BenchCommunity[]): Promise<Seller[]> {
  return Promise.all(
    shops.map(async (shop) => {
      const client = new HttpClient(server.base);
      await client.getOk('/healthz');
      await client.postOk('/api/v1/auth/login', { phone: shop.clerk.phone, password: BENCH_PASSWORD });
      return { client, shop };
    }),
  );
}

/** Each seller sells one unit of one of its shop's listings per request, paid in cash, with a fresh Idempotency-Key. */
export async function httpSales(sellers: Seller[], route: string, seconds: number): Promise<LoadResult> {
  return runLoad({
    workers: sellers.length,
    seconds,
    op: async (w, i) => {
      const { client, shop } = sellers[w]!;
      const listing = shop.listings[i % shop.listings.length]!;
      const body = await client.postOk(
        route.replace('{slug}', shop.slug),
        { items: [{ listingId: listing.id, quantity: 1 }], payment: { method: 'cash' } },
        { 'idempotency-key': crypto.randomUUID() },
      );
      return body;
    },
  });
}

export function closeSellers(sellers: Seller[]) {
  for (const s of sellers) s.client.close();
}
