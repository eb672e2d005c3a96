// The fund's documents at size: render a month's 公示 PDF with 10,000 entries (on this thread,
// then in the PDF worker while timing how long this thread's event loop stalls), and verify a
// ledger.jsonl export of 100,000 entries (or VERIFY_ENTRIES). No database: the inputs are
// generated and chained here, so the numbers measure the renderer and the verifier.
// Run: npx tsx bench/ledger-docs.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHART } from '../src/modules/ledger/ledger.chart.ts';
import { GENESIS_HASH, hashEntry, type ChainEntry } from '../src/modules/ledger/ledger.chain.ts';
import { ledgerCommand } from '../src/modules/ledger/ledger.cli.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renderPdf } from '../src/modules/ledger/ledger.disclosure-pdf.ts';
import type { DisclosureData } from '../src/modules/ledger/ledger.disclosure.ts';
import { renderPdfOffThread } from '../src/modules/ledger/ledger.pdf-worker.ts';
import { parsePeriod } from '../src/modules/ledger/ledger.periods.ts';
import { sha256Hex } from '../src/modules/ledger/ledger.service.ts';

async function makeChain(count: number, from: Date, spanMs: number, onEntry: (e: ChainEntry) => void) {
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fen = 1000 + ((seq * 7919) % 50_000);
    const margin = Math.floor(fen / 5);
    const body = {
      seq,
      at: new Date(from.getTime() + Math.floor((seq / count) * spanMs)).toISOString(),
      kind: 'sale',
      memo: `竹编果篮 ×1（订单 ${seq}）`,
      party: null,
      source: { type: 'order', id: String(seq) },
      reverses: null,
      correctionNote: null,
      attachments: [],
      postings: [
        { account: 'cash', fen },
        { account: `maker_payable:${seq % 40}`, fen: -(fen - margin) },
        { account: 'income:sale_margin', fen: -margin },
      ],
      prevHash,
    };
    const hash = await hashEntry(body, sha256Hex);
    onEntry({ ...body, hash });
    prevHash = hash;
  }
}

async function benchPdf() {
  const period = parsePeriod('2026-10')!;
  const entries: ChainEntry[] = [];
  await makeChain(10_000, period.from, period.to.getTime() - period.from.getTime() - 1, (e) => entries.push(e));
  const margin = entries.reduce((t, e) => t - e.postings[2]!.fen, 0);
  const cash = entries.reduce((t, e) => t + e.postings[0]!.fen, 0);
  const data: DisclosureData = {
    community: { slug: 'nanhu', name: '南湖社区', district: '南岸区', street: '南坪街道' },
    contact: '南湖社区居委会 023-6280 0000',
    period,
    noticeFrom: '2026-11-01',
    noticeTo: '2026-11-15',
    openingFen: 0,
    closingFen: cash,
    totals: {
      label: period.label,
      from: period.firstDay,
      to: period.lastDay,
      incomeFen: margin,
      expenseFen: 0,
      incomeByChannel: CHART.filter((a) => a.code.startsWith('income:')).map((a) => ({
        account: a.code,
        name: a.zh,
        fen: a.code === 'income:sale_margin' ? margin : 0,
      })),
      expenseByPurpose: CHART.filter((a) => a.code.startsWith('expense:')).map((a) => ({ account: a.code, name: a.zh, fen: 0 })),
    },
    entries,
    names: new Map([
      ...CHART.map((a) => [a.code, a.zh] as [string, string]),
      ...Array.from({ length: 40 }, (_, i) => [`maker_payable:${i}`, `手艺人 ${i}`] as [string, string]),
    ]),
    head: { seq: entries.length, hash: entries[entries.length - 1]!.hash },
    url: 'https://weiyi.example/c/nanhu/fund?upto=10000',
  };
  for (const [where, render] of [
    ['this thread', renderPdf],
    ['PDF worker (first use starts it)', renderPdfOffThread],
    ['PDF worker', renderPdfOffThread],
  ] as const) {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const pdf = await render(data);
    const ms = performance.now() - started;
    delay.disable();
    const file = path.join(os.tmpdir(), 'weiyi-bench-2026-10.pdf');
    fs.writeFileSync(file, pdf);
    console.log(
      `公示 PDF, 10,000 entries, ${where}: ${(ms / 1000).toFixed(2)} s, ${(pdf.length / 1024 / 1024).toFixed(2)} MB; longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms (${file})`,
    );
  }
}

async function benchVerify() {
  const file = path.join(os.tmpdir(), 'weiyi-bench-ledger.jsonl');
  const out = fs.createWriteStream(file);
  let buffer = '';
  const count = Number(process.env.VERIFY_ENTRIES ?? 100_000);
  await makeChain(count, new Date('2025-01-01T00:00:00Z'), 365 * 24 * 3600_000, (e) => {
    buffer += `${JSON.stringify(e)}\n`;
    if (buffer.length > 1 << 20) {
      out.write(buffer);
      buffer = '';
    }
  });
  out.end(buffer);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
  const started = performance.now();
  const code = await ledgerCommand(['verify', file], () => {});
  const ms = performance.now() - started;
  console.log(
    `verify ${count} entries, ${Math.round(count / (ms / 1000))} entries/s (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB): ${(ms / 1000).toFixed(2)} s, exit ${code}, peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
  );
  fs.rmSync(file);
}

await benchVerify();
await benchPdf();
