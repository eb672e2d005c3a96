import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatFen } from '../../platform/money.ts';
import { ChainVerifier, type VerifyReport } from './ledger.chain.ts';
import { sha256Hex } from './ledger.service.ts';
import { lineBlocks, readFileBlocks, verifyBlocks } from './ledger.verify.ts';

export type Print = (line: string) => void;

/** Verifies a local file, or a URL's body as it streams in. */
async function verifyTarget(target: string): Promise<VerifyReport> {
  if (/^https?:\/\//i.test(target)) {
    const res = await fetch(target);
    if (!res.ok || !res.body) throw new Error(`GET ${target} answered ${res.status}`);
    return verifyBlocks(lineBlocks(Readable.fromWeb(res.body as WebReadableStream)));
  }
  return verifyBlocks(readFileBlocks(target));
}

/**
 * Lines of a byte stream (\n or \r\n), split by hand: readline's per-line events cost more than the hashing.
 * With verifyLines, the reference path: the CLI's fast path (ledger.verify.ts) must agree with it on every file.
 */
export async function* splitLines(chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const lines = text.split('\n');
    rest = lines.pop()!;
    yield lines;
  }
  rest += decoder.end();
  if (rest !== '') yield [rest];
}

/** Recomputes the chain and every balance of an exported book; stops at the first bad entry. */
export async function verifyLines(lines: AsyncIterable<string | string[]>): Promise<VerifyReport> {
  const verifier = new ChainVerifier(sha256Hex);
  outer: for await (const batch of lines) {
    for (const raw of typeof batch === 'string' ? [batch] : batch) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      if (!verifier.addSync(line)) break outer;
    }
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
  const report = await verifyTarget(target);
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
