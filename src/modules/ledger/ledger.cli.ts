import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatFen } from '../../platform/money.ts';
import { ChainVerifier, type VerifyReport } from './ledger.chain.ts';
import { sha256Hex } from './ledger.service.ts';

export type Print = (line: string) => void;

/** Lines of a local file or of a URL's body, streamed. */
async function openLines(target: string): Promise<AsyncIterable<string>> {
  if (/^https?:\/\//i.test(target)) {
    const res = await fetch(target);
    if (!res.ok || !res.body) throw new Error(`GET ${target} answered ${res.status}`);
    return readline.createInterface({ input: Readable.fromWeb(res.body as WebReadableStream), crlfDelay: Infinity });
  }
  return readline.createInterface({ input: fs.createReadStream(target), crlfDelay: Infinity });
}

/** Recomputes the chain and every balance of an exported book; stops at the first bad entry. */
export async function verifyLines(lines: AsyncIterable<string>): Promise<VerifyReport> {
  const verifier = new ChainVerifier(sha256Hex);
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!(await verifier.add(line))) break;
  }
  return verifier.report();
}

/** What the server says the balances and head are, to compare with what the file adds up to. */
async function fetchPublished(url: string): Promise<{ head: { seq: number; hash: string }; accounts: { code: string; balanceFen: number }[] } | null> {
  const accountsUrl = url.replace(/ledger\.jsonl(\?.*)?$/, 'accounts');
  if (accountsUrl === url) return null;
  const res = await fetch(accountsUrl);
  return res.ok ? ((await res.json()) as Awaited<ReturnType<typeof fetchPublished>>) : null;
}

/** `weiyi ledger verify <file or URL>`: exit 0 when everything checks, 1 naming the first bad entry. */
export async function ledgerCommand(args: string[], print: Print = console.log): Promise<number> {
  const [sub, target] = args;
  if (sub !== 'verify' || !target) {
    print('usage: weiyi ledger verify <ledger.jsonl file or URL>');
    return 2;
  }
  const started = Date.now();
  const report = await verifyLines(await openLines(target));
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  print(`checked ${report.entries} entries and ${report.postings} postings in ${seconds} s:`);
  print('  - entries numbered 1, 2, 3… without gaps');
  print('  - each hash = SHA-256 of the canonical encoding (docs/ledger-format.md), each prevHash = the previous hash');
  print('  - each entry has two or more postings of whole fen that sum to zero; each reversal points at an earlier entry, once');
  if (!report.ok) {
    const p = report.firstProblem!;
    print(`FAILED at entry ${p.seq} (line ${p.line}): ${p.message}`);
    return 1;
  }
  let published = null;
  if (/^https?:\/\//i.test(target)) published = await fetchPublished(target);
  if (published) {
    if (published.head.seq < report.headSeq || (published.head.seq === report.headSeq && published.head.hash !== report.headHash)) {
      print(
        `FAILED: the server's head (entry ${published.head.seq}, ${published.head.hash}) does not match the file's (entry ${report.headSeq}, ${report.headHash})`,
      );
      return 1;
    }
    if (published.head.seq === report.headSeq) {
      for (const account of published.accounts) {
        const computed = report.balances[account.code] ?? 0;
        if (computed !== account.balanceFen) {
          print(`FAILED: account ${account.code} is published as ${account.balanceFen} fen, the postings add up to ${computed}`);
          return 1;
        }
      }
      print(`  - every published account balance (${published.accounts.length} accounts) equals the sum of its postings`);
    }
  }
  print(`  - ${Object.keys(report.balances).length} account balances recomputed; fund (cash + bank + clearing): ${formatFen(report.fundBalanceFen)}`);
  print(`OK: head entry ${report.headSeq}, hash ${report.headHash}`);
  return 0;
}
