import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareShop, SaleLoad, type Answer } from './load.ts';
import { adminQuery, AppProcess, freshDatabase, ledgerVerify, random, SEED, sleep, SOAK } from './support.ts';

// Graceful stop: SIGTERM `weiyi serve` while tills sell, again and again, restarting it each
// time. Requests the app had received finish with their real answer; new ones get 503 with
// Retry-After (or a refused connection once the listener is closed); the process exits 0 within
// its 15 s limit; afterwards every acknowledged sale is there exactly once with its one journal
// entry and stock movement, stock adds up, and the book verifies.

const STOPS = SOAK ? 10 : 3;
/** `weiyi serve` gives itself 15 s to finish; we allow a little more to see it exit on its own. */
const EXIT_LIMIT_MS = 16_000;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: AppProcess;

beforeAll(async () => {
  db = await freshDatabase('term');
  app = await AppProcess.create(db.url);
  await app.start(120_000);
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

interface LogLine {
  pid: number;
  msg?: string;
  reqId?: string;
  res?: { statusCode?: number };
}

/**
 * What the app's own log says about each SIGTERMed process: requests it received before it began
 * stopping and answered after (in flight), requests it turned away with 503, and requests it
 * received but never answered (must be none).
 */
function stopsInLog(log: string) {
  const byPid = new Map<number, LogLine[]>();
  for (const raw of log.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      continue;
    }
    const lines = byPid.get(line.pid) ?? [];
    lines.push(line);
    byPid.set(line.pid, lines);
  }
  const stops: { pid: number; inFlight: number; turnedAway: number; unanswered: string[] }[] = [];
  for (const [pid, lines] of byPid) {
    const stopAt = lines.findIndex((l) => l.msg === 'stopping: finishing requests in flight');
    if (stopAt < 0) continue;
    const open = new Set<string>();
    const openAtStop = new Set<string>();
    let inFlight = 0;
    let turnedAway = 0;
    lines.forEach((l, i) => {
      if (i === stopAt) for (const id of open) openAtStop.add(id);
      if (!l.reqId) return;
      if (l.msg === 'incoming request') open.add(l.reqId);
      if (l.msg === 'request completed') {
        open.delete(l.reqId);
        if (openAtStop.has(l.reqId)) inFlight += 1;
        if (i > stopAt && l.res?.statusCode === 503) turnedAway += 1;
      }
    });
    stops.push({ pid, inFlight, turnedAway, unanswered: [...open] });
  }
  return stops;
}

describe('graceful stop under load', () => {
  it(`finishes requests in flight and writes nothing by halves across ${STOPS} SIGTERMs`, async () => {
    const rng = random(SEED + 7);
    const { clerk, listingId } = await prepareShop(app);
    const stockOf = async () => Number((await adminQuery<{ stock: number }>(`select stock from market_listings where id = $1`, [listingId], db.url))[0]!.stock);
    const stockBefore = await stockOf();
    const [{ maxId, maxSeq }] = (await adminQuery<{ maxId: number; maxSeq: number }>(
      `select (select coalesce(max(id), 0)::int from market_orders) as "maxId", (select coalesce(max(seq), 0)::int from ledger_entries) as "maxSeq"`,
      [],
      db.url,
    )) as [{ maxId: number; maxSeq: number }];

    // Every answer the tills saw, to sort those that came after a SIGTERM.
    const answers: Answer[] = [];
    const load = new SaleLoad(clerk, 'nanhu', listingId, { workers: 6, intervalMs: 5, observe: (a) => answers.push(a) });
    load.start();
    const rounds: { exitCode: number | null; exitMs: number; afterSigterm: Record<string, number> }[] = [];
    const badAfterSigterm: string[] = [];
    for (let stop = 0; stop < STOPS; stop++) {
      await sleep(1500 + rng() * 1500);
      const sentAt = Date.now();
      const exitCode = await app.signal('SIGTERM', 30_000);
      const exitMs = Date.now() - sentAt;
      // Whatever the tills heard about requests begun before the process was gone.
      const afterSigterm: Record<string, number> = {};
      for (const a of answers) {
        if (a.endedAt < sentAt || a.startedAt > sentAt + exitMs) continue;
        const label = a.status === 'network' ? `network:${a.error}` : String(a.status);
        afterSigterm[label] = (afterSigterm[label] ?? 0) + 1;
        if (a.status === 503 && !a.retryAfter) badAfterSigterm.push('503 without Retry-After');
        if (typeof a.status === 'number' && a.status !== 503 && (a.status < 200 || a.status >= 300)) badAfterSigterm.push(`answer ${a.status} while stopping`);
      }
      rounds.push({ exitCode, exitMs, afterSigterm });
      await sleep(rng() * 500);
      await app.start();
    }
    await sleep(500);
    await load.stop();

    const stops = stopsInLog(app.log());
    const orders = await adminQuery<{ id: string; state: string; sale_entry_id: string | null }>(
      `select id, state, sale_entry_id from market_orders where id > $1 and channel = 'counter'`,
      [maxId],
      db.url,
    );
    const inDb = new Set(orders.map((r) => Number(r.id)));
    const ackedIds = [...load.acked.values()];
    const lost = ackedIds.filter((id) => !inDb.has(id)).length;
    const duplicated = orders.length - new Set(ackedIds).size;
    // No half-written sale: each order paid, with its own sale entry and one stock movement of -1.
    const halfWritten = orders.filter((o) => o.sale_entry_id === null || !['paid', 'completed'].includes(o.state)).length;
    const [{ entries, distinctEntries, movements }] = (await adminQuery<{ entries: number; distinctEntries: number; movements: number }>(
      `select (select count(*)::int from ledger_entries where seq > $1 and kind = 'sale') as entries,
              (select count(distinct sale_entry_id)::int from market_orders where id > $2 and channel = 'counter') as "distinctEntries",
              (select coalesce(-sum(quantity_delta), 0)::int from market_stock_movements where kind = 'sale' and order_id > $2) as movements`,
      [maxSeq, maxId],
      db.url,
    )) as [{ entries: number; distinctEntries: number; movements: number }];
    const stockAfter = await stockOf();
    const verify = await ledgerVerify(`${app.base}/api/v1/communities/nanhu/fund/ledger.jsonl`);
    const figures = {
      stops: STOPS,
      starts: app.starts,
      exitCodes: rounds.map((r) => r.exitCode),
      exitMs: rounds.map((r) => r.exitMs),
      inFlightFinished: stops.map((s) => s.inFlight),
      turnedAway503: stops.map((s) => s.turnedAway),
      unanswered: stops.reduce((n, s) => n + s.unanswered.length, 0),
      afterSigterm: rounds.map((r) => r.afterSigterm),
      attempted: load.figures.attempted,
      acknowledged: load.figures.acknowledged,
      inDatabase: orders.length,
      lost,
      duplicated,
      halfWritten,
      saleEntries: entries,
      distinctEntries,
      stockMoved: movements,
      retries: load.figures.retries,
      stockBefore,
      stockAfter,
      ledgerVerify: verify.code,
    };
    console.log(`graceful stop: ${JSON.stringify(figures)}`);
    expect(load.figures.bad).toEqual([]);
    expect(badAfterSigterm).toEqual([]);
    for (const r of rounds) {
      expect(r.exitCode, 'weiyi serve exits 0 on SIGTERM').toBe(0);
      expect(r.exitMs).toBeLessThan(EXIT_LIMIT_MS);
    }
    expect(stops).toHaveLength(STOPS);
    for (const s of stops) expect(s.unanswered, `requests pid ${s.pid} received and never answered`).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(halfWritten).toBe(0);
    expect(entries).toBe(orders.length);
    expect(distinctEntries).toBe(orders.length);
    expect(movements).toBe(orders.length);
    expect(stockAfter).toBe(stockBefore - load.acked.size);
    expect(verify.code, verify.output).toBe(0);
  }, 600_000);
});
