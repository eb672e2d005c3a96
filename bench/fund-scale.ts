// Section 4 (and 5, 7): the public fund pages of a community with a very large book.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadBook } from './lib/bigbook.ts';
import { openRuntime, withAdmin } from './lib/db.ts';
import { createShops, SEED, type BenchCommunity } from './lib/fixtures.ts';
import { HttpClient } from './lib/http.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import type { AppServer } from './lib/server.ts';
import { median } from './lib/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

export interface FundFixture {
  shops: BenchCommunity[];
  big: BenchCommunity;
  bigEntries: number;
  /** A whole month of the big book with `perMonth` entries, for the 公示 PDF. */
  pdfMonth: string;
  loadSeconds: number;
}

/** 100 communities; the first gets `bigEntries` entries (10,000 a month), the others `smallEntries` each. */
export async function setUpFund(
  url: string,
  o: { dataDir: string; communities: number; bigEntries: number; smallEntries: number; log: (s: string) => void },
): Promise<FundFixture> {
  const runtime = await openRuntime({ url, dataDir: o.dataDir, poolSize: 4 });
  let shops: BenchCommunity[];
  try {
    shops = await createShops(runtime.deps, { prefix: 'f', count: o.communities, listingsEach: 8, phoneBase: 200_000 });
  } finally {
    await runtime.close();
  }
  const now = new Date();
  const started = Date.now();
  const big = shops[0]!;
  let lastLogged = 0;
  const { months } = await loadBook(url, {
    communityId: big.id,
    entries: o.bigEntries,
    perMonth: 10_000,
    seed: SEED,
    now,
    onProgress: (done) => {
      if (done - lastLogged >= 200_000) {
        lastLogged = done;
        o.log(`  … ${done} entries loaded`);
      }
    },
  });
  for (const [i, shop] of shops.slice(1).entries())
    await loadBook(url, { communityId: shop.id, entries: o.smallEntries, perMonth: 500, seed: SEED + 1 + i, now });
  await withAdmin((c) => c.query('analyze'), url);
  const loadSeconds = (Date.now() - started) / 1000;
  // The newest whole month (the current one is still running).
  const pdfMonth = months.length > 1 ? months[months.length - 2]! : months[0]!;
  return { shops, big, bigEntries: o.bigEntries, pdfMonth, loadSeconds };
}

export interface FundRound {
  firstPage: LoadResult;
  filteredPage: LoadResult;
  summary: LoadResult;
}

async function readLoad(server: AppServer, paths: (w: number, i: number) => string, seconds: number): Promise<LoadResult> {
  const clients = Array.from({ length: 8 }, () => new HttpClient(server.base));
  try {
    return await runLoad({ workers: 8, seconds, op: (w, i) => clients[w]!.getOk(paths(w, i)) });
  } finally {
    for (const c of clients) c.close();
  }
}

export async function fundRound(server: AppServer, f: FundFixture, seconds: number): Promise<FundRound> {
  const base = `/api/v1/communities/${f.big.slug}/fund`;
  const firstPage = await readLoad(server, () => `${base}/entries`, seconds);
  const filteredPage = await readLoad(server, () => `${base}/entries?channel=income:donation`, seconds);
  const summary = await readLoad(server, () => `${base}/summary`, seconds);
  return { firstPage, filteredPage, summary };
}

/** Quiet communities' first fund page: 8 readers, each request a random quiet community. */
export async function quietReaders(server: AppServer, f: FundFixture, seconds: number): Promise<LoadResult> {
  const quiet = f.shops.slice(1);
  return readLoad(server, (w, i) => `/api/v1/communities/${quiet[(w * 7919 + i * 104729) % quiet.length]!.slug}/fund/entries`, seconds);
}

async function timedGet(url: string, file?: string): Promise<{ ms: number; status: number; bytes: number; type: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        const sink = file ? fs.createWriteStream(file) : null;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
          sink?.write(d);
        });
        res.on('end', () => {
          const finish = () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0, bytes, type: String(res.headers['content-type'] ?? '') });
          if (sink) sink.end(finish);
          else finish();
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The month's 公示 PDF, three times one after another: median seconds, or null with the reason. */
export async function disclosurePdf(server: AppServer, f: FundFixture): Promise<{ seconds: number | null; note: string }> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await timedGet(`${server.base}/api/v1/communities/${f.big.slug}/fund/disclosures/${f.pdfMonth}.pdf`);
    if (r.status !== 200 || !r.type.includes('pdf')) return { seconds: null, note: `GET …/disclosures/${f.pdfMonth}.pdf answered ${r.status} ${r.type}` };
    times.push(r.ms / 1000);
    if (i === 0 && r.ms > 60_000) break;
  }
  return { seconds: median(times), note: `${f.pdfMonth}.pdf, 10,000 entries` };
}

export interface VerifyFigures {
  exportSeconds: number;
  exportMb: number;
  verifyWallSeconds: number;
  /** The verifier's own timing (reading + checking), from its output. */
  verifySeconds: number;
  entries: number;
  ok: boolean;
  output: string;
}

/** Downloads ledger.jsonl of the big community, then runs `weiyi ledger verify` on the file. */
export async function exportAndVerify(server: AppServer, f: FundFixture, workDir: string): Promise<VerifyFigures> {
  const file = path.join(workDir, `${f.big.slug}-ledger.jsonl`);
  const exp = await timedGet(`${server.base}/api/v1/communities/${f.big.slug}/fund/ledger.jsonl`, file);
  if (exp.status !== 200) throw new Error(`export answered ${exp.status}`);
  const t0 = performance.now();
  let output = '';
  let ok = true;
  try {
    output = (await run(process.execPath, [path.join(ROOT, 'bin/weiyi.js'), 'ledger', 'verify', file], { cwd: ROOT, maxBuffer: 8 * 1024 * 1024 })).stdout;
  } catch (error) {
    ok = false;
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  const wall = (performance.now() - t0) / 1000;
  const m = /checked (\d+) entries and \d+ postings in ([\d.]+) s/.exec(output);
  ok = ok && /\bOK\b/.test(output);
  return {
    exportSeconds: exp.ms / 1000,
    exportMb: exp.bytes / 2 ** 20,
    verifyWallSeconds: wall,
    verifySeconds: m ? Number(m[2]) : wall,
    entries: m ? Number(m[1]) : 0,
    ok,
    output: output.trim(),
  };
}
