// A quick measurement of what a complete counter sale costs over HTTP: the app runs as its own
// process (`weiyi serve`, production mode, demo seeded), 8 clients each logged in as the demo
// clerk sell one item per request (place + pay cash in one POST …/market/counter/sales) with a
// fresh Idempotency-Key, for ~20 s. Not the benchmark suite (bench/run.ts); a sanity figure.
//
//   npx tsx bench/counter-sale-quick.ts                 # PGlite (a temp data folder)
//   DATABASE_URL=postgres://… npx tsx bench/counter-sale-quick.ts   # a fresh database on that server
//   SECONDS=20 CLIENTS=8 PORT=3917 …
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer } from './lib/server.ts';

const SECONDS = Number(process.env.SECONDS ?? 20);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const PORT = Number(process.env.PORT ?? 3917);
const DEMO_PASSWORD = 'weiyi2026';
const STAFF = '13800000001';
const CLERK = '13800000004';

class Session {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  async call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (method !== 'GET') h['x-csrf-token'] = this.cookies.get('weiyi_csrf') ?? '';
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.base + url, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  }
  async ok(method: string, url: string, body?: unknown, headers?: Record<string, string>) {
    const res = await this.call(method, url, body, headers);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${res.text.slice(0, 300)}`);
    return res.json();
  }
  static async login(base: string, phone: string) {
    const s = new Session(base);
    await s.call('GET', '/healthz');
    await s.ok('POST', '/api/v1/auth/login', { phone, password: DEMO_PASSWORD });
    return s;
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-quick-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `weiyi_quick_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const server = await startServer({
    port: PORT,
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: path.join(work, 'data'),
    logFile: path.join(work, 'app.log'),
  });
  try {
    const M = `${server.base}/api/v1/communities/nanhu/market`.replace(server.base, '');
    // Four goods with deep stock, listed by staff for the demo maker.
    const staff = await Session.login(server.base, STAFF);
    const makers = (await staff.ok('GET', `${M}/makers?status=approved`)) as { makers: { id: number; name: string }[] };
    const makerId = makers.makers.find((m) => m.name === '张秀兰')!.id;
    const listingIds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const l = (await staff.ok('POST', `${M}/listings`, {
        makerId,
        kind: 'good',
        title: `压测围巾 ${i + 1}`,
        category: '手工编织',
        makerTakeFen: 12000,
        consentNote: '压测',
      })) as { id: number };
      await staff.ok('POST', `${M}/listings/${l.id}/intake`, { quantity: 10000, condition: '全新' }, { 'idempotency-key': crypto.randomUUID() });
      await staff.ok('POST', `${M}/listings/${l.id}/state`, { action: 'submit' });
      await staff.ok('POST', `${M}/listings/${l.id}/review`, { decision: 'approve' });
      listingIds.push(l.id);
    }
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => Session.login(server.base, CLERK)));
    // Warm-up: a few sales per client.
    await Promise.all(
      clients.map((c, w) =>
        c.ok(
          'POST',
          `${M}/counter/sales`,
          { items: [{ listingId: listingIds[w % 4], quantity: 1 }], payment: { method: 'cash' } },
          { 'idempotency-key': crypto.randomUUID() },
        ),
      ),
    );
    const latencies: number[] = [];
    let errors = 0;
    let firstError = '';
    const end = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      clients.map(async (c, w) => {
        for (let i = 0; performance.now() < end; i++) {
          const t0 = performance.now();
          const res = await c.call(
            'POST',
            `${M}/counter/sales`,
            { items: [{ listingId: listingIds[(w + i) % listingIds.length], quantity: 1 }], payment: { method: 'cash', tenderedFen: 20000 } },
            { 'idempotency-key': crypto.randomUUID() },
          );
          if (res.status === 201) latencies.push(performance.now() - t0);
          else {
            errors += 1;
            firstError ||= `${res.status} ${res.text.slice(0, 200)}`;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    // The book agrees: one sale entry per completed sale.
    const summary = (await staff.ok('GET', `/api/v1/communities/nanhu/fund/summary`)) as { head: { seq: number } };
    console.log(
      JSON.stringify(
        {
          database: databaseUrl ? 'postgres' : 'pglite',
          clients: CLIENTS,
          seconds: Number(elapsed.toFixed(1)),
          sales: latencies.length,
          salesPerSecond: Number((latencies.length / elapsed).toFixed(1)),
          p50ms: q(0.5),
          p95ms: q(0.95),
          p99ms: q(0.99),
          errors,
          firstError,
          ledgerHeadSeq: summary.head.seq,
          serverPeakRssMb: Math.round(server.peakRssMb()),
          cpus: os.cpus().length,
        },
        null,
        2,
      ),
    );
  } finally {
    await server.stop();
    await dropDatabase();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
