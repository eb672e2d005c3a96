// §8 Pages: Lighthouse (mobile: the default form factor and simulated throttling) on the public pages a
// resident opens first, in the system Chromium, against the app on PGlite with the seeded demo 南湖社区.
// Standalone: `node --import tsx bench/pages.ts [--runs=3] [--no-build]`; bench/run.ts calls pagesBench().
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result as LighthouseResult } from 'lighthouse';
import { startServer } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'web/dist');
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SLUG = 'nanhu';

export interface PageRun {
  performance: number;
  accessibility: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  /** Lighthouse's CPU benchmark of this machine at the time (higher is faster; a quiet laptop is ~1,500–2,500). */
  benchmarkIndex: number;
}

export interface PageFigures {
  name: string;
  path: string;
  runs: PageRun[];
  performance: number;
  accessibility: number;
  lcpMs: number;
  /** gzip -9 of every script the page downloaded from the app (entry, shared and route chunks). */
  jsGzipKb: number;
  /** Bytes on the wire for those scripts, as Lighthouse's network records saw them. */
  jsTransferKb: number;
  scripts: string[];
  /** Audits below 0.9 in the last run, for the note: id (score) title. */
  findings: string[];
}

export interface PagesResult {
  pages: PageFigures[];
  commands: string[];
}

type Log = (s: string) => void;

function buildWeb(log: Log) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  log(`  built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The gzip -9 size of a built file the page asked for, or NaN when the URL is not one of web/dist's. */
function gzipKb(url: string): number {
  const file = path.join(DIST, decodeURIComponent(new URL(url).pathname));
  if (!file.startsWith(DIST) || !fs.existsSync(file)) return Number.NaN;
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;
}

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
}

async function firstListingId(base: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/communities/${SLUG}/market/listings?limit=1`);
  if (!res.ok) throw new Error(`listings: HTTP ${res.status}`);
  const body = (await res.json()) as { listings: { id: number }[] };
  const id = body.listings[0]?.id;
  if (id === undefined) throw new Error('the demo shop has no listing');
  return id;
}

/**
 * Builds the web app, serves it on a fresh PGlite with the demo seeded, and runs Lighthouse `runs`
 * times per page (the median is reported: the machine is shared, and simulated throttling scales
 * with the CPU time the page really took).
 */
export async function pagesBench(o: { port: number; work: string; runs: number; build?: boolean; log: Log }): Promise<PagesResult> {
  const commands = [
    'npm run build:web',
    `PORT=${o.port} DATA_DIR=bench/.work/pages NODE_ENV=production SMS_…=(placeholders, bench/lib/server.ts) node bin/weiyi.js serve   (PGlite, demo seeded)`,
  ];
  if (o.build !== false) buildWeb(o.log);
  const dataDir = path.join(o.work, 'pages');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const reports = path.join(o.work, 'pages-reports');
  fs.mkdirSync(reports, { recursive: true });
  const server = await startServer({ port: o.port, dataDir, logFile: path.join(o.work, 'pages-server.log') });
  let chrome: chromeLauncher.LaunchedChrome | null = null;
  try {
    const listingId = await firstListingId(server.base);
    const targets = [
      { name: 'community home', path: `/c/${SLUG}` },
      { name: 'store', path: `/c/${SLUG}/shop` },
      { name: 'product', path: `/c/${SLUG}/shop/${listingId}` },
      { name: 'fund', path: `/c/${SLUG}/fund` },
    ];
    chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
    commands.push(
      `lighthouse <url> --only-categories=performance,accessibility --chrome-flags="${CHROME_FLAGS.join(' ')}"   (programmatic, mobile defaults, ${o.runs} run(s) per page, median)`,
    );
    const pages: PageFigures[] = targets.map((t) => ({
      ...t,
      runs: [],
      performance: Number.NaN,
      accessibility: Number.NaN,
      lcpMs: Number.NaN,
      jsGzipKb: Number.NaN,
      jsTransferKb: Number.NaN,
      scripts: [],
      findings: [],
    }));
    // Interleaved: run 1 of every page, then run 2 …, so a burst of load on the machine hits all pages alike.
    for (let run = 1; run <= o.runs; run++) {
      for (const page of pages) {
        // Under heavy load Chromium now and then records no usable trace (NO_NAVSTART …): try that run again.
        if (!chrome) throw new Error('no Chromium');
        let lhr: LighthouseResult | null = null;
        let report = '';
        for (let attempt = 1; !lhr; attempt++) {
          const result = await lighthouse(`${server.base}${page.path}`, {
            port: Number(chrome.port),
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
          });
          const error = result ? result.lhr.runtimeError : { code: 'NO_RESULT', message: 'lighthouse returned nothing' };
          if (!error && result) {
            lhr = result.lhr;
            report = typeof result.report === 'string' ? result.report : JSON.stringify(lhr);
          } else if (attempt >= 4) throw new Error(`lighthouse ${page.path}: ${error?.code} ${error?.message}`);
          else {
            o.log(`  ${page.name} run ${run}: ${error?.code}, again in a fresh Chromium`);
            await chrome.kill();
            chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
          }
        }
        const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        const r: PageRun = {
          performance: (lhr.categories.performance?.score ?? Number.NaN) * 100,
          accessibility: (lhr.categories.accessibility?.score ?? Number.NaN) * 100,
          lcpMs: numeric('largest-contentful-paint'),
          fcpMs: numeric('first-contentful-paint'),
          tbtMs: numeric('total-blocking-time'),
          benchmarkIndex: lhr.environment.benchmarkIndex,
        };
        page.runs.push(r);
        const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter(
          (i) => i.resourceType === 'Script' && i.url.startsWith(server.base),
        );
        page.scripts = items.map((i) => new URL(i.url).pathname);
        page.jsGzipKb = items.reduce((s, i) => s + gzipKb(i.url), 0);
        page.jsTransferKb = items.reduce((s, i) => s + (i.transferSize ?? 0), 0) / 1024;
        page.findings = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
          .map((a) => `${a.id} (${fmt(a.score ?? 0, 2)})${a.displayValue ? ` ${a.displayValue}` : ''}`);
        const slug = page.name.replace(/\W+/g, '-');
        fs.writeFileSync(path.join(reports, `${slug}-${run}.json`), report);
        const shot = (lhr.audits['final-screenshot']?.details as { data?: string } | undefined)?.data;
        if (shot) fs.writeFileSync(path.join(reports, `${slug}-${run}.jpg`), Buffer.from(shot.replace(/^data:image\/\w+;base64,/, ''), 'base64'));
        o.log(
          `  ${page.name} run ${run}: performance ${fmt(r.performance, 0)}, accessibility ${fmt(r.accessibility, 0)}, LCP ${fmt(r.lcpMs / 1000, 2)} s, FCP ${fmt(r.fcpMs / 1000, 2)} s, TBT ${fmt(r.tbtMs, 0)} ms, JS ${fmt(page.jsGzipKb, 1)} KB gzip (${page.scripts.length} files), benchmarkIndex ${fmt(r.benchmarkIndex, 0)}`,
        );
      }
    }
    for (const page of pages) {
      page.performance = median(page.runs.map((r) => r.performance));
      page.accessibility = median(page.runs.map((r) => r.accessibility));
      page.lcpMs = median(page.runs.map((r) => r.lcpMs));
    }
    return { pages, commands };
  } finally {
    if (chrome) await chrome.kill();
    await server.stop();
  }
}

/** RESULTS.md lines for the per-page figures. */
export function pagesTable(result: PagesResult): string[] {
  const out = [
    '| page | path | performance | accessibility | LCP s | JS KB gzip (transfer KB) | runs (perf / a11y / LCP s) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of result.pages)
    out.push(
      `| ${p.name} | \`${p.path}\` | ${fmt(p.performance, 0)} | ${fmt(p.accessibility, 0)} | ${fmt(p.lcpMs / 1000, 2)} | ${fmt(p.jsGzipKb, 1)} (${fmt(p.jsTransferKb, 1)}) | ${p.runs.map((r) => `${fmt(r.performance, 0)}/${fmt(r.accessibility, 0)}/${fmt(r.lcpMs / 1000, 2)}`).join(', ')} |`,
    );
  out.push('');
  for (const p of result.pages) {
    out.push(`- ${p.name}: scripts ${p.scripts.map((s) => `\`${s}\``).join(', ') || 'none'}`);
    if (p.findings.length) out.push(`  - Lighthouse findings below 0.9 (last run): ${p.findings.join('; ')}`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const work = path.join(ROOT, 'bench/.work');
  fs.mkdirSync(work, { recursive: true });
  pagesBench({
    port: Number(process.env.BENCH_PORT ?? 3927),
    work,
    runs: runsArg ? Number(runsArg.slice(7)) : 3,
    build: !process.argv.includes('--no-build'),
    log: console.log,
  }).then(
    (r) => {
      console.log(pagesTable(r).join('\n'));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(2);
    },
  );
}
