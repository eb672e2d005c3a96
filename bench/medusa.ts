// §3: the same shop on Weiyi and on Medusa 2, side by side in one run. Both carry the
// comparison's 1,000-product catalogue (bench/medusa/catalogue.ts) on the same PostgreSQL server;
// 8 clients place and pay orders, then 8 clients read the first 20 products of one category.
//
// Ours: the online store flow of a signed-in resident (POST …/market/orders with channel online,
// then POST …/orders/{id}/payments with method online) and the store page's listing call.
// Medusa: the storefront flow of its store API (create cart, add a line item, add the shipping
// method, create the payment collection, open a session with pp_system_default, complete the
// cart into an order) and GET /store/products?category_id=…&limit=20&region_id=….
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createShops, BENCH_PASSWORD } from './lib/fixtures.ts';
import { openRuntime, recreateDatabase, withAdmin } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { startServer, type AppServer } from './lib/server.ts';
import { fmt, median, summarise } from './lib/stats.ts';
import { transact } from '../src/platform/db.ts';
import { ensureMember, hashPassword, insertUser } from '../src/modules/identity/index.ts';
import { CATALOGUE_PHONE_BASE, CATALOGUE_SIZE, LISTED_CATEGORY, catalogue } from './medusa/catalogue.ts';
import { MEDUSA_DB, MEDUSA_VERSION, setUpMedusa, startMedusa } from './medusa/setup.ts';
import type { SeedState } from './medusa/seed.ts';

/** Our side's database (the other sections own weiyi_bench, weiyi_bench_fund, weiyi_pgbench). */
export const OURS_DB = 'weiyi_bench_vs_medusa';
const CLIENTS = 8;

interface OurStore {
  slug: string;
  listingIds: number[];
  residentPhones: string[];
}

/** One community with the comparison catalogue (createShops, same seed) and 8 residents to buy online. */
async function setUpOurStore(dataDir: string): Promise<{ url: string; store: OurStore }> {
  const url = await recreateDatabase(OURS_DB);
  const runtime = await openRuntime({ url, dataDir, poolSize: 4 });
  try {
    const [shop] = await createShops(runtime.deps, { prefix: 'vs', count: 1, listingsEach: CATALOGUE_SIZE, phoneBase: CATALOGUE_PHONE_BASE });
    const items = catalogue();
    shop!.listings.forEach((l, i) => {
      if (l.takeFen + l.marginFen !== items[i]!.priceFen) throw new Error(`catalogue drift at item ${i}: createShops and bench/medusa/catalogue.ts disagree`);
    });
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const residentPhones: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const phone = `16${String(CATALOGUE_PHONE_BASE + i).padStart(9, '0')}`;
      await transact(runtime.deps.db, {}, async (tx) => {
        await sql`select set_config('app.community_id', ${String(shop!.id)}, true)`.execute(tx);
        const user = await insertUser(tx, { phone, display_name: `居民${i + 1}`, password_hash: passwordHash });
        await ensureMember(tx, shop!.id, user.id, ['resident']);
      });
      residentPhones.push(phone);
    }
    return { url, store: { slug: shop!.slug, listingIds: shop!.listings.map((l) => l.id), residentPhones } };
  } finally {
    await runtime.close();
  }
}

/** A load's result plus what each operation cost the server (its process CPU, its database's commits). */
export interface Measured extends LoadResult {
  /** Every operation that finished, warm-up and tail included (the cost's divisor). */
  ops: number;
  cpuMsPerOp: number;
  commitsPerOp: number;
  rowsReadPerOp: number;
}

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks, 100 per second on Linux
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function dbCounters(name: string): Promise<{ commits: number; rows: number }> {
  return withAdmin(async (c) => {
    const r = await c.query<{ commits: string; rows: string }>(
      `select xact_commit as commits, tup_returned + tup_fetched as rows from pg_stat_database where datname = $1`,
      [name],
    );
    return { commits: Number(r.rows[0]!.commits), rows: Number(r.rows[0]!.rows) };
  });
}

type Server = { pid: number; db: string };

/**
 * runLoad (the closed loop, errors, caller CPU) with throughput = every operation ÷ the time
 * from the start until the last one finished, and latency over every operation. runLoad's own
 * figures keep only operations that start and finish inside its window, which drops about one
 * operation per client: nothing at 50 orders/s, but all of them when one Medusa checkout takes
 * a minute at 8 clients on a busy machine. Clients start no operation after `seconds`, but the
 * ones under way are waited for and counted, so no work the server did is left out. Servers are
 * warmed up before (medusaSection), so there is no warm-up window here.
 */
async function load(server: Server, workers: number, seconds: number, op: (worker: number, i: number) => Promise<unknown>): Promise<Measured> {
  const finished: { t0: number; t1: number }[] = [];
  const cpu0 = cpuSeconds(server.pid);
  const db0 = await dbCounters(server.db);
  const start = performance.now();
  const result = await runLoad({
    workers,
    seconds,
    warmupSeconds: 0,
    op: async (w, i) => {
      const t0 = performance.now();
      await op(w, i);
      finished.push({ t0, t1: performance.now() });
    },
  });
  const last = Math.max(start + 1, ...finished.map((f) => f.t1));
  const cpu = cpuSeconds(server.pid) - cpu0;
  await new Promise((r) => setTimeout(r, 1200)); // PostgreSQL 15 flushes a backend's counters at most once a second
  const db1 = await dbCounters(server.db);
  const ops = Math.max(1, finished.length);
  return {
    ...result,
    ...summarise(finished.map((f) => f.t1 - f.t0)),
    perSecond: (finished.length * 1000) / (last - start),
    seconds: (last - start) / 1000,
    ops: finished.length,
    cpuMsPerOp: (cpu * 1000) / ops,
    commitsPerOp: (db1.commits - db0.commits) / ops,
    rowsReadPerOp: (db1.rows - db0.rows) / ops,
  };
}

/** Which catalogue item client w buys on its i-th order: spread over the catalogue, the same on both sides. */
const itemFor = (w: number, i: number) => (w * 125 + i * 7) % CATALOGUE_SIZE;

async function logInResidents(server: AppServer, phones: string[]): Promise<HttpClient[]> {
  return Promise.all(
    phones.map(async (phone) => {
      const client = new HttpClient(server.base);
      await client.getOk('/healthz');
      await client.postOk('/api/v1/auth/login', { phone, password: BENCH_PASSWORD });
      return client;
    }),
  );
}

function ourOrders(server: Server, clients: HttpClient[], store: OurStore, seconds: number): Promise<Measured> {
  const market = `/api/v1/communities/${store.slug}/market`;
  return load(server, clients.length, seconds, async (w, i) => {
    const client = clients[w]!;
    const order = await client.postOk(
      `${market}/orders`,
      { channel: 'online', items: [{ listingId: store.listingIds[itemFor(w, i)]!, quantity: 1 }], fulfilment: 'pickup' },
      { 'idempotency-key': crypto.randomUUID() },
    );
    const paid = await client.postOk(`${market}/orders/${order.id}/payments`, { method: 'online' }, { 'idempotency-key': crypto.randomUUID() });
    if (paid.order.state !== 'paid') throw new Error(`order ${order.id} is ${paid.order.state} after paying`);
  });
}

function ourListing(server: Server, clients: HttpClient[], store: OurStore, seconds: number): Promise<Measured> {
  const route = `/api/v1/communities/${store.slug}/market/listings?category=${encodeURIComponent(LISTED_CATEGORY)}&limit=20`;
  return load(server, clients.length, seconds, (w) => clients[w]!.getOk(route));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Medusa's store answers are read ad hoc; a wrong shape fails the call
async function medusaCall(client: HttpClient, state: SeedState, method: string, route: string, body?: unknown): Promise<any> {
  const res = await client.request(method, route, { body, headers: { 'x-publishable-api-key': state.publishableKey } });
  if (res.status < 200 || res.status > 299)
    throw new Error(`medusa ${method} ${route.replace(/\/(cart|pay)_\w+/g, '/$1_…')} → ${res.status} ${res.text.slice(0, 300)}`);
  return res.json();
}

/** Guest checkout through Medusa's store API, the calls its Next.js starter makes for one item. */
function medusaOrders(server: Server, clients: HttpClient[], state: SeedState, seconds: number): Promise<Measured> {
  return load(server, clients.length, seconds, async (w, i) => {
    const client = clients[w]!;
    const { cart } = await medusaCall(client, state, 'POST', '/store/carts?fields=id', {
      region_id: state.regionId,
      sales_channel_id: state.salesChannelId,
      email: `resident${w + 1}@weiyi.invalid`,
      shipping_address: { first_name: '居民', last_name: String(w + 1), address_1: '压测街道 1 号', city: '压测区', country_code: 'cn', phone: '16000000000' },
    });
    await medusaCall(client, state, 'POST', `/store/carts/${cart.id}/line-items?fields=id`, { variant_id: state.variantIds[itemFor(w, i)], quantity: 1 });
    await medusaCall(client, state, 'POST', `/store/carts/${cart.id}/shipping-methods?fields=id`, { option_id: state.shippingOptionId });
    const { payment_collection: pc } = await medusaCall(client, state, 'POST', '/store/payment-collections?fields=id', { cart_id: cart.id });
    await medusaCall(client, state, 'POST', `/store/payment-collections/${pc.id}/payment-sessions?fields=id`, { provider_id: 'pp_system_default' });
    const done = await medusaCall(client, state, 'POST', `/store/carts/${cart.id}/complete`);
    if (done.type !== 'order') throw new Error(`medusa: cart completion gave ${done.type}: ${JSON.stringify(done.error ?? done).slice(0, 300)}`);
  });
}

function medusaListing(server: Server, clients: HttpClient[], state: SeedState, seconds: number): Promise<Measured> {
  const route = `/store/products?category_id=${state.listedCategoryId}&limit=20&region_id=${state.regionId}`;
  return load(server, clients.length, seconds, async (w) => {
    const body = await medusaCall(clients[w]!, state, 'GET', route);
    if (body.products.length !== 20) throw new Error(`medusa listing gave ${body.products.length} products`);
  });
}

export interface MedusaRound {
  oursOrders: Measured;
  medusaOrders: Measured;
  oursListing: Measured;
  medusaListing: Measured;
}

const line = (r: Measured) =>
  `${fmt(r.perSecond, 2)}/s p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} p99 ${fmt(r.p99)} ms (n ${r.count}, errors ${r.errors}${r.firstError ? `: ${r.firstError.slice(0, 200)}` : ''}); per op: server CPU ${fmt(r.cpuMsPerOp, 1)} ms, ${fmt(r.commitsPerOp, 1)} commits, ${fmt(r.rowsReadPerOp, 0)} rows read`;
const row = (what: string, round: number, r: Measured) =>
  `| ${round} | ${what} | ${fmt(r.perSecond, 2)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.count} | ${r.errors} | ${fmt(r.cpuMsPerOp, 1)} | ${fmt(r.commitsPerOp, 1)} | ${fmt(r.rowsReadPerOp, 0)} |`;

/**
 * Sets up both sides (Medusa only where missing: see bench/medusa/setup.ts), starts both
 * servers, warms them up, then runs `rounds` interleaved rounds (our orders, Medusa's orders,
 * our listing, Medusa's listing). Both servers are stopped before it returns.
 */
export async function medusaSection(o: {
  rounds: number;
  seconds: number;
  port: number;
  medusaPort: number;
  work: string;
  log: (s: string) => void;
}): Promise<{ rounds: MedusaRound[]; table: string[]; commands: string[]; notes: string[] }> {
  const { log } = o;
  const t0 = Date.now();
  const state = await setUpMedusa({ port: o.medusaPort, logFile: path.join(o.work, 'medusa-setup-server.log'), log });
  log(`  medusa setup (install/migrate/seed where missing): ${fmt((Date.now() - t0) / 1000, 0)} s`);
  const { url, store } = await setUpOurStore(path.join(o.work, 'vs-medusa'));
  log(`  ours: community ${store.slug} with ${store.listingIds.length} listings and ${store.residentPhones.length} residents`);
  const commands = [
    'node --import tsx bench/medusa/setup.ts   (npm install of @medusajs/medusa, db:migrate, medusa user, seed through the admin API; skips what is done)',
    `cd bench/.medusa && NODE_ENV=production MEDUSA_DISABLE_TELEMETRY=1 DATABASE_URL=…/${MEDUSA_DB} node node_modules/@medusajs/cli/cli.js start --port ${o.medusaPort}`,
    `DATABASE_URL=…/${OURS_DB} PORT=${o.port} NODE_ENV=development PAYMENT_PROVIDER=dev node bin/weiyi.js serve   (development only so the instant dev payment provider is allowed)`,
  ];
  const ours = await startServer({
    port: o.port,
    databaseUrl: url,
    dataDir: path.join(o.work, 'vs-medusa'),
    logFile: path.join(o.work, 'vs-medusa-server.log'),
    // The dev provider confirms an online payment at once, as pp_system_default authorises at once;
    // config.env is read nowhere else than to refuse that provider in production.
    env: { NODE_ENV: 'development', PAYMENT_PROVIDER: 'dev' },
  });
  let medusa: AppServer | null = null;
  let ourClients: HttpClient[] = [];
  const medusaClients: HttpClient[] = [];
  try {
    medusa = await startMedusa({ port: o.medusaPort, logFile: path.join(o.work, 'medusa-server.log') });
    ourClients = await logInResidents(ours, store.residentPhones);
    for (let i = 0; i < CLIENTS; i++) medusaClients.push(new HttpClient(medusa.base));
    const oursAt: Server = { pid: ours.pid, db: OURS_DB };
    const medusaAt: Server = { pid: medusa.pid, db: MEDUSA_DB };
    const w1 = await ourOrders(oursAt, ourClients, store, 5);
    const w2 = await medusaOrders(medusaAt, medusaClients, state, 10);
    await ourListing(oursAt, ourClients, store, 2);
    await medusaListing(medusaAt, medusaClients, state, 5);
    log(`  warm-up orders: ours ${line(w1)}; medusa ${line(w2)}`);
    // A Medusa checkout takes many seconds at 8 clients: give the order loads a window of many checkouts.
    const orderSeconds = Math.max(o.seconds, 60);
    const rounds: MedusaRound[] = [];
    const table: string[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      const round: MedusaRound = {
        oursOrders: await ourOrders(oursAt, ourClients, store, orderSeconds),
        medusaOrders: await medusaOrders(medusaAt, medusaClients, state, orderSeconds),
        oursListing: await ourListing(oursAt, ourClients, store, o.seconds),
        medusaListing: await medusaListing(medusaAt, medusaClients, state, o.seconds),
      };
      rounds.push(round);
      log(`medusa round ${r}/${o.rounds}`);
      log(`  orders, 8 clients: ours ${line(round.oursOrders)}`);
      log(`  orders, 8 clients: medusa ${line(round.medusaOrders)}`);
      log(`  listing (20 of one category), 8 clients: ours ${line(round.oursListing)}`);
      log(`  listing (20 of one category), 8 clients: medusa ${line(round.medusaListing)}`);
      table.push(
        row('Weiyi orders/s', r, round.oursOrders),
        row(`Medusa ${MEDUSA_VERSION} orders/s`, r, round.medusaOrders),
        row('Weiyi listing req/s', r, round.oursListing),
        row(`Medusa ${MEDUSA_VERSION} listing req/s`, r, round.medusaListing),
      );
    }
    // Server CPU per operation does not depend on how much CPU the other processes on the machine leave over.
    const cpuRatio = (pick: (r: MedusaRound) => [Measured, Measured]) => median(rounds.map((r) => pick(r)[1].cpuMsPerOp / pick(r)[0].cpuMsPerOp));
    const notes = [
      `- server CPU per operation, Medusa ÷ Weiyi (median of rounds): order ${fmt(
        cpuRatio((r) => [r.oursOrders, r.medusaOrders]),
        0,
      )}×, listing ${fmt(
        cpuRatio((r) => [r.oursListing, r.medusaListing]),
        0,
      )}×`,
      `- peak RSS (VmHWM): Weiyi ${fmt(ours.peakRssMb(), 0)} MB, Medusa ${fmt(medusa.peakRssMb(), 0)} MB (over setup, warm-up and all rounds)`,
    ];
    log(notes[0]!.slice(2));
    log(`  peak RSS: ours ${fmt(ours.peakRssMb(), 0)} MB, medusa ${fmt(medusa.peakRssMb(), 0)} MB`);
    return { rounds, table, commands, notes };
  } finally {
    for (const c of [...ourClients, ...medusaClients]) c.close();
    await medusa?.stop();
    await ours.stop();
  }
}

/** The §3 section's text for RESULTS.md. */
export function medusaMarkdown(table: string[], notes: string[]): string[] {
  return [
    `## 3. Against Medusa ${MEDUSA_VERSION} (8 clients each, same catalogue of ${CATALOGUE_SIZE} products, same PostgreSQL server)`,
    '',
    `Orders: ours = a signed-in resident's online order + online payment (2 requests); Medusa = guest storefront checkout with pp_system_default (6 requests: cart, line item, shipping method, payment collection, payment session, complete). Listing: the first 20 products of the category ${LISTED_CATEGORY} (500 products), with prices.`,
    '',
    "Each load: 8 clients start operations for the window and finish the ones under way; per second = every operation (n) ÷ the time until the last one finished, latencies over all n. The cost columns divide the server process's CPU time and its database's commits and rows read (pg_stat_database: tup_returned + tup_fetched) by every operation of the load.",
    '',
    '| round | what | per second | p50 ms | p95 ms | p99 ms | n | errors | server CPU ms/op | commits/op | rows read/op |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...table,
    '',
    ...notes,
    '',
  ];
}
