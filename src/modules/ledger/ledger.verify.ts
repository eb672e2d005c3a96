import crypto from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ChainVerifier, type ChainEntry, type HashedEntry, type VerifyReport } from './ledger.chain.ts';
import {
  equalsAscii,
  LINE_END,
  LINE_FAST,
  LINE_FIELDS,
  LINE_FIRST_POSTING,
  LINE_LINKED,
  LINE_NOTE_END,
  LINE_NOTE_START,
  LINE_POSTING_COUNT,
  LINE_PREV_HASH_AT,
  LINE_REVERSES,
  LINE_SEQ,
  LINE_START,
  POSTING_ACCOUNT_END,
  POSTING_ACCOUNT_START,
  POSTING_ASCII,
  POSTING_FEN,
  POSTING_FIELDS,
  scanBlock,
  EntryScanner,
  type BlockScan,
} from './ledger.verify-scan.ts';

/**
 * `weiyi ledger verify` on Node: the reference ChainVerifier (ledger.chain.ts) makes every
 * decision and writes every message; this file only feeds it faster. A line with exactly the
 * export's shape is hashed from bytes copied straight out of the line (ledger.verify-scan.ts)
 * and handed over already hashed; any other line, a line whose
 * hash does not match, and a block that is not valid UTF-8 go through the reference path
 * (decode, JSON.parse, the canonical JSON.stringify), so verdict and message are the same for every file.
 */

const sha256Hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;

export class FastChainVerifier {
  private readonly verifier = new ChainVerifier(sha256Hex);
  private readonly scanner = new EntryScanner();
  /** The hash of the last entry taken by the fast path, so its successor's prevHash is not decoded again. */
  private lastHash: string | null = null;
  private readonly accounts = new Map<number, string>();
  private readonly entry: HashedEntry = { seq: 0, reverses: null, correctionNote: null, postings: [], prevHash: '', hash: '' };
  private readonly postingPool: ChainEntry['postings'] = [];
  /** Lines taken by the fast path and by the reference path (blank lines are neither). */
  fastLines = 0;
  referenceLines = 0;

  get failed(): boolean {
    return this.verifier.failed;
  }

  report(): VerifyReport {
    return this.verifier.report();
  }

  /** Adds whole lines (the last may lack its newline); answers false once a problem is found. */
  addBlock(block: Buffer): boolean {
    return this.addScanned(block, scanBlock(block, this.scanner));
  }

  /** The same, with the block already scanned. */
  addScanned(block: Buffer, scan: BlockScan): boolean {
    if (this.verifier.failed) return false;
    // The reference path decodes with a StringDecoder, which turns bad bytes into U+FFFD; a block
    // ends at a newline, where that decoder holds nothing back, so decoding it alone matches.
    if (!scan.utf8) return this.addText(new StringDecoder('utf8').end(block));
    const lines = scan.lines;
    for (let i = 0; i < scan.lineCount; i++) {
      const o = i * LINE_FIELDS;
      const ok = lines[o + LINE_FAST] === 1 ? this.addFast(block, lines, o, scan.postings, scan.hashes[i]!) : this.addLineText(block, lines, o);
      if (!ok) return false;
    }
    return true;
  }

  /** A line the scanner accepted, whose stored hash is the hash of its canonical encoding. */
  private addFast(block: Buffer, lines: Float64Array, o: number, postingFields: Float64Array, hash: string): boolean {
    const prevHashAt = lines[o + LINE_PREV_HASH_AT]!;
    // The scanner did not check prevHash's digits: the previous hash has them, any other value is checked here.
    let prevHash = this.lastHash;
    if (prevHash === null || (lines[o + LINE_LINKED] !== 1 && !equalsAscii(block, prevHashAt, prevHash))) {
      const stored = block.toString('latin1', prevHashAt, prevHashAt + 64);
      if (!HEX64.test(stored)) return this.addLineText(block, lines, o);
      prevHash = stored;
    }
    // One entry object and its postings, refilled for each line: ChainVerifier keeps none of them.
    const entry = this.entry;
    const postings = entry.postings;
    const first = lines[o + LINE_FIRST_POSTING]!;
    const count = lines[o + LINE_POSTING_COUNT]!;
    while (this.postingPool.length < count) this.postingPool.push({ account: '', fen: 0 });
    postings.length = count;
    for (let i = 0; i < count; i++) {
      const p = (first + i) * POSTING_FIELDS;
      const posting = this.postingPool[i]!;
      posting.account = this.account(block, postingFields, p);
      posting.fen = postingFields[p + POSTING_FEN]!;
      postings[i] = posting;
    }
    const reverses = lines[o + LINE_REVERSES]!;
    const noteStart = lines[o + LINE_NOTE_START]!;
    entry.seq = lines[o + LINE_SEQ]!;
    entry.reverses = Number.isNaN(reverses) ? null : reverses;
    entry.correctionNote = noteStart < 0 ? null : (JSON.parse(block.toString('utf8', noteStart, lines[o + LINE_NOTE_END])) as string);
    entry.prevHash = prevHash;
    entry.hash = hash;
    this.fastLines += 1;
    this.lastHash = hash;
    return this.verifier.addHashed(entry, hash);
  }

  /** A posting's account code; the few codes of a book are decoded once each. */
  private account(block: Buffer, postings: Float64Array, p: number): string {
    const from = postings[p + POSTING_ACCOUNT_START]!;
    const to = postings[p + POSTING_ACCOUNT_END]!;
    if (postings[p + POSTING_ASCII] !== 1) return block.toString('utf8', from, to);
    let key = 0x811c9dc5;
    for (let k = from; k < to; k++) key = Math.imul(key ^ block[k]!, 0x01000193);
    const known = this.accounts.get(key);
    if (known !== undefined && known.length === to - from && equalsAscii(block, from, known)) return known;
    const code = block.toString('latin1', from, to);
    this.accounts.set(key, code);
    return code;
  }

  private addLineText(block: Buffer, lines: Float64Array, o: number): boolean {
    return this.addReference(block.toString('utf8', lines[o + LINE_START], lines[o + LINE_END]));
  }

  /** Text split as the reference path splits it: \n, one trailing \r dropped, blank lines skipped. */
  private addText(text: string): boolean {
    for (const raw of text.split('\n')) {
      if (!this.addReference(raw.endsWith('\r') ? raw.slice(0, -1) : raw)) return false;
    }
    return true;
  }

  /** One line (without its \r\n) the reference way. */
  private addReference(line: string): boolean {
    this.lastHash = null;
    if (line.trim() === '') return true;
    this.referenceLines += 1;
    return this.verifier.addSync(line);
  }
}

/** Recomputes the chain and every balance of an exported book from blocks of whole lines (lineBlocks, readFileBlocks); stops at the first bad entry. */
export async function verifyBlocks(blocks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<VerifyReport> {
  const verifier = new FastChainVerifier();
  for await (const block of blocks) if (!verifier.addBlock(block)) break;
  return verifier.report();
}

/** Byte chunks regrouped to end at a newline (the last block may not), so no line straddles two. */
export async function* lineBlocks(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const data: Buffer = carry ? Buffer.concat([carry, bytes]) : bytes;
    const last = data.lastIndexOf(0x0a);
    if (last < 0) {
      carry = data;
      continue;
    }
    // Copied: a stream may reuse its chunk's memory after this yield.
    carry = last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : null;
    yield data.subarray(0, last + 1);
  }
  if (carry) yield carry;
}

/** A local file in blocks of whole lines, about `size` bytes each, read synchronously (no wait on the event loop between them). */
export function* readFileBlocks(file: string, size = 4 << 20): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.max(size, 2 * carry.length));
      carry.copy(buffer, 0);
      const n = fs.readSync(fd, buffer, carry.length, buffer.length - carry.length, null);
      const filled = carry.length + n;
      if (n === 0) {
        if (filled > 0) yield buffer.subarray(0, filled);
        return;
      }
      const last = buffer.lastIndexOf(0x0a, filled - 1);
      if (last < 0) {
        carry = buffer.subarray(0, filled);
        continue;
      }
      carry = buffer.subarray(last + 1, filled);
      yield buffer.subarray(0, last + 1);
    }
  } finally {
    fs.closeSync(fd);
  }
}
