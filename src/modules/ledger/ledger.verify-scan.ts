import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import { CHAIN_FORMAT } from './ledger.chain.ts';

/**
 * What `scanBlock` found in a block of whole lines, as numbers in flat arrays (no object per
 * line, and transferable should the scan move to worker threads). Per line, `LINE_FIELDS`
 * numbers at `i * LINE_FIELDS`:
 */
export const LINE_START = 0;
/** the line's end, without its \r\n */
export const LINE_END = 1;
/** 1 when the line has the export's shape and its stored hash is the hash of its canonical encoding, else 0 (only start and end are set) */
export const LINE_FAST = 2;
export const LINE_SEQ = 3;
/** NaN for null */
export const LINE_REVERSES = 4;
/** the correctionNote's JSON string (quotes included), -1 for null */
export const LINE_NOTE_START = 5;
export const LINE_NOTE_END = 6;
export const LINE_FIRST_POSTING = 7;
export const LINE_POSTING_COUNT = 8;
export const LINE_PREV_HASH_AT = 9;
export const LINE_HASH_AT = 10;
/** 1 when the line before it was fast too and prevHash has the same bytes as its hash */
export const LINE_LINKED = 11;
export const LINE_FIELDS = 12;
/** Per posting: the account's bytes (no quotes), 1 if they are all ASCII, the amount in fen. */
export const POSTING_ACCOUNT_START = 0;
export const POSTING_ACCOUNT_END = 1;
export const POSTING_ASCII = 2;
export const POSTING_FEN = 3;
export const POSTING_FIELDS = 4;

export interface BlockScan {
  /** False when the block is not valid UTF-8: then it has no lines here and goes the reference way whole. */
  utf8: boolean;
  lineCount: number;
  lines: Float64Array;
  postings: Float64Array;
  /** Per fast line, its hash (the one computed, equal to the one stored), by line index. */
  hashes: string[];
}

/**
 * Splits a block of whole lines, scans each and hashes the canonical encoding of each line the
 * scanner accepts: the part of verifying that needs no earlier line.
 */
export function scanBlock(block: Buffer, scanner: EntryScanner = new EntryScanner()): BlockScan {
  if (!isUtf8(block)) return { utf8: false, lineCount: 0, lines: new Float64Array(0), postings: new Float64Array(0), hashes: [] };
  // Reused from block to block: the caller is done with one scan before it asks for the next.
  let lines = scanner.lineFields;
  let postings = scanner.postingFields;
  const hashes = scanner.hashes;
  let lineCount = 0;
  let postingCount = 0;
  let previousHashAt = -1;
  for (let start = 0; start < block.length;) {
    let newline = block.indexOf(NEWLINE, start);
    if (newline < 0) newline = block.length;
    const end = newline > start && block[newline - 1] === RETURN ? newline - 1 : newline;
    if ((lineCount + 1) * LINE_FIELDS > lines.length) lines = grow(lines);
    const o = lineCount * LINE_FIELDS;
    lines[o + LINE_START] = start;
    lines[o + LINE_END] = end;
    lines[o + LINE_FAST] = 0;
    lineCount += 1;
    const length = scanner.scan(block, start, end);
    start = newline + 1;
    const hash = length < 0 ? null : crypto.hash('sha256', scanner.out.subarray(0, length));
    if (hash === null || !equalsAscii(block, scanner.hashAt, hash)) {
      previousHashAt = -1;
      continue;
    }
    hashes[lineCount - 1] = hash;
    while ((postingCount + scanner.postingCount) * POSTING_FIELDS > postings.length) postings = grow(postings);
    for (let i = 0; i < scanner.postingCount; i++) {
      const p = (postingCount + i) * POSTING_FIELDS;
      postings[p + POSTING_ACCOUNT_START] = scanner.accountStart[i]!;
      postings[p + POSTING_ACCOUNT_END] = scanner.accountEnd[i]!;
      postings[p + POSTING_ASCII] = scanner.accountAscii[i]! ? 1 : 0;
      postings[p + POSTING_FEN] = scanner.fen[i]!;
    }
    lines[o + LINE_FAST] = 1;
    lines[o + LINE_SEQ] = scanner.seq;
    lines[o + LINE_REVERSES] = scanner.reverses ?? NaN;
    lines[o + LINE_NOTE_START] = scanner.noteStart;
    lines[o + LINE_NOTE_END] = scanner.noteEnd;
    lines[o + LINE_FIRST_POSTING] = postingCount;
    lines[o + LINE_POSTING_COUNT] = scanner.postingCount;
    lines[o + LINE_PREV_HASH_AT] = scanner.prevHashAt;
    lines[o + LINE_HASH_AT] = scanner.hashAt;
    lines[o + LINE_LINKED] = previousHashAt >= 0 && equalBytes(block, scanner.prevHashAt, previousHashAt, 64) ? 1 : 0;
    postingCount += scanner.postingCount;
    previousHashAt = scanner.hashAt;
  }
  scanner.lineFields = lines;
  scanner.postingFields = postings;
  return { utf8: true, lineCount, lines, postings, hashes };
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Whether `block` holds the ASCII text `text` at `at`. */
export function equalsAscii(block: Buffer, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (block[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function equalBytes(block: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (block[a + i] !== block[b + i]) return false;
  return true;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Reads one export line as bytes and writes its canonical encoding (docs/ledger-format.md)
 * by copying byte slices, without decoding, JSON.parse or JSON.stringify. It accepts only a
 * line with exactly the export's shape: the export route's key order, no whitespace, integers
 * in plain decimal of at most 15 digits, strings with no escapes but the ones JSON.stringify
 * writes itself, a time Date.parse reads, hashes of 64 lowercase hex digits. For such a line the
 * bytes copied are exactly `canonicalEncoding(JSON.parse(line))`, and the fields the checks read
 * are what JSON.parse would give. Anything else makes `scan` answer -1, and the caller hands the
 * line to the reference verifier, so an odd line costs time, never a different verdict.
 * The caller checks the bytes are valid UTF-8 (non-ASCII bytes are copied as they are).
 */
export class EntryScanner {
  /** The canonical encoding of the last line scanned, `length` bytes from 0. */
  out = Buffer.allocUnsafe(16 * 1024);
  seq = 0;
  reverses: number | null = null;
  /** Byte range of the correctionNote's JSON string (quotes included) in the line, or -1. */
  noteStart = -1;
  noteEnd = -1;
  postingCount = 0;
  /** Per posting: the account's byte range (no quotes) and whether it is all ASCII, and the amount. */
  readonly accountStart: number[] = [];
  readonly accountEnd: number[] = [];
  readonly accountAscii: boolean[] = [];
  readonly fen: number[] = [];
  /** Offsets of the 64 hex digits of prevHash and hash in the line. */
  prevHashAt = 0;
  hashAt = 0;
  /** scanBlock's arrays, kept for the next block. */
  lineFields: Float64Array = new Float64Array(LINE_FIELDS * 16384);
  postingFields: Float64Array = new Float64Array(POSTING_FIELDS * 65536);
  hashes: string[] = [];

  private src: Buffer = Buffer.alloc(0);
  private pos = 0;
  private end = 0;
  private length = 0;

  /** Scans `src[start, end)` (one line, no newline); answers the canonical encoding's length, or -1. */
  scan(src: Buffer, start: number, end: number): number {
    // The canonical encoding is never more than 16 bytes longer than the line.
    if (this.out.length < end - start + 64) this.out = Buffer.allocUnsafe(2 * (end - start + 64));
    this.src = src;
    this.pos = start;
    this.end = end;
    this.length = 0;
    this.postingCount = 0;
    this.noteStart = -1;
    this.noteEnd = -1;
    return this.entry() ? this.length : -1;
  }

  private entry(): boolean {
    if (!this.skip(K_SEQ)) return false;
    this.put(HEAD);
    const seq = this.integer();
    if (!(seq >= 1)) return false;
    this.seq = seq;
    if (!this.skip(K_AT)) return false;
    this.putByte(COMMA);
    if (!this.time()) return false;
    if (!this.skip(K_KIND)) return false;
    this.putByte(COMMA);
    if (!this.string()) return false;
    if (!this.skip(K_MEMO)) return false;
    this.putByte(COMMA);
    if (!this.string()) return false;
    if (!this.skip(K_PARTY)) return false;
    this.putByte(COMMA);
    if (!this.nullOrString()) return false;
    if (!this.skip(K_SOURCE)) return false;
    this.putByte(COMMA);
    if (!this.source()) return false;
    // Most entries reverse nothing and carry no note or attachment: one comparison for all that.
    if (this.skip(K_PLAIN_MIDDLE)) {
      this.put(PLAIN_MIDDLE);
      this.reverses = null;
    } else if (!this.middle()) return false;
    if (!this.postings()) return false;
    if (!this.skip(K_PREV_HASH)) return false;
    this.putByte(COMMA);
    // The two hashes are only delimited here: the caller compares `hash` with the hash it computes
    // and `prevHash` with the previous entry's hash, and checks them as hex only when they differ.
    this.prevHashAt = this.pos + 1;
    if (!this.quoted64()) return false;
    this.copy(this.pos - 66, this.pos);
    if (!this.skip(K_HASH)) return false;
    this.hashAt = this.pos + 1;
    if (!this.quoted64()) return false;
    if (!this.skip(CLOSE_BRACE) || this.pos !== this.end) return false;
    this.putByte(CLOSE_BRACKET);
    return true;
  }

  /** reverses, correctionNote, attachments and the opening of postings, field by field. */
  private middle(): boolean {
    if (!this.skip(K_REVERSES)) return false;
    this.putByte(COMMA);
    if (this.skipNull()) this.reverses = null;
    else {
      const reverses = this.integer();
      if (Number.isNaN(reverses)) return false;
      this.reverses = reverses;
    }
    if (!this.skip(K_NOTE)) return false;
    this.putByte(COMMA);
    const noteStart = this.pos;
    if (!this.skipNull()) {
      if (!this.string()) return false;
      this.noteStart = noteStart;
      this.noteEnd = this.pos;
    }
    if (!this.skip(K_ATTACHMENTS)) return false;
    this.put(COMMA_OPEN);
    if (!this.attachments()) return false;
    if (!this.skip(K_POSTINGS)) return false;
    this.put(COMMA_OPEN);
    return true;
  }

  private source(): boolean {
    if (this.skipNull()) return true;
    if (!this.skip(K_TYPE)) return false;
    this.putByte(OPEN_BRACKET);
    if (!this.string() || !this.skip(K_ID)) return false;
    this.putByte(COMMA);
    if (!this.string() || !this.skip(CLOSE_BRACE)) return false;
    this.putByte(CLOSE_BRACKET);
    return true;
  }

  private attachments(): boolean {
    if (this.src[this.pos] === CLOSE_BRACKET) {
      this.pos += 1;
      this.putByte(CLOSE_BRACKET);
      return true;
    }
    for (;;) {
      if (!this.hex64()) return false;
      const next = this.src[this.pos];
      if (next !== COMMA && next !== CLOSE_BRACKET) return false;
      this.pos += 1;
      this.putByte(next);
      if (next === CLOSE_BRACKET) return true;
    }
  }

  private postings(): boolean {
    if (this.src[this.pos] === CLOSE_BRACKET) {
      this.pos += 1;
      this.putByte(CLOSE_BRACKET);
      return true;
    }
    for (let i = 0; ; i++) {
      if (!this.skip(K_ACCOUNT)) return false;
      this.putByte(OPEN_BRACKET);
      this.accountStart[i] = this.pos + 1;
      const ascii = this.plainString();
      if (ascii === null) return false;
      this.accountAscii[i] = ascii;
      this.accountEnd[i] = this.pos - 1;
      if (!this.skip(K_FEN)) return false;
      this.putByte(COMMA);
      const fen = this.integer();
      if (Number.isNaN(fen) || !this.skip(CLOSE_BRACE)) return false;
      this.putByte(CLOSE_BRACKET);
      this.fen[i] = fen;
      this.postingCount = i + 1;
      const next = this.src[this.pos];
      if (next !== COMMA && next !== CLOSE_BRACKET) return false;
      this.pos += 1;
      this.putByte(next);
      if (next === CLOSE_BRACKET) return true;
    }
  }

  /** `0` or `-?[1-9][0-9]{0,14}`: the form JSON.stringify writes, and always a safe integer. NaN otherwise. */
  private integer(): number {
    const s = this.src;
    let p = this.pos;
    let negative = false;
    if (s[p] === MINUS) {
      negative = true;
      p += 1;
    }
    const first = s[p];
    if (first === undefined || first < DIGIT_0 || first > DIGIT_9) return NaN;
    let value = first - DIGIT_0;
    p += 1;
    if (value === 0) {
      if (negative) return NaN;
    } else {
      const limit = Math.min(p + 14, this.end);
      while (p < limit) {
        const d = s[p]!;
        if (d < DIGIT_0 || d > DIGIT_9) break;
        value = value * 10 + (d - DIGIT_0);
        p += 1;
      }
      if (p < this.end && s[p]! >= DIGIT_0 && s[p]! <= DIGIT_9) return NaN;
    }
    this.copy(this.pos, p);
    this.pos = p;
    return negative ? -value : value;
  }

  /**
   * `"YYYY-MM-DDTHH:MM:SS.mmmZ"` with month 01–12, day 01–31, hour 00–23, minute and second
   * 00–59: a form Date.parse always reads (it takes 31 February too). Other times go the slow way.
   */
  private time(): boolean {
    const s = this.src;
    const p = this.pos;
    if (p + 26 > this.end || s[p] !== QUOTE || s[p + 25] !== QUOTE) return false;
    for (let i = 0; i < 24; i++) {
      const b = s[p + 1 + i]!;
      const want = TIME_SHAPE[i]!;
      if (want === 0 ? b < DIGIT_0 || b > DIGIT_9 : b !== want) return false;
    }
    const month = twoDigits(s, p + 6);
    const day = twoDigits(s, p + 9);
    if (month < 1 || month > 12 || day < 1 || day > 31 || twoDigits(s, p + 12) > 23 || twoDigits(s, p + 15) > 59 || twoDigits(s, p + 18) > 59) return false;
    this.copy(p, p + 26);
    this.pos = p + 26;
    return true;
  }

  /** `"` + 64 bytes + `"`: where a hash goes. */
  private quoted64(): boolean {
    const s = this.src;
    const p = this.pos;
    if (p + 66 > this.end || s[p] !== QUOTE || s[p + 65] !== QUOTE) return false;
    this.pos = p + 66;
    return true;
  }

  /** `"` + 64 lowercase hex digits + `"` (an attachment), copied to the output. */
  private hex64(): boolean {
    const s = this.src;
    const p = this.pos;
    if (!this.quoted64()) return false;
    for (let i = p + 1; i < p + 65; i++) if (HEX_DIGIT[s[i]!] !== 1) return false;
    this.copy(p, p + 66);
    return true;
  }

  private nullOrString(): boolean {
    return this.skipNull() || this.string();
  }

  /** `null`, copied to the output. */
  private skipNull(): boolean {
    if (!this.skip(NULL)) return false;
    this.put(NULL);
    return true;
  }

  /**
   * A JSON string whose every escape is one JSON.stringify writes (`\"`, `\\`, `\b`, `\t`, `\n`,
   * `\f`, `\r`, `\u00xx` in lowercase for other control characters), copied with its quotes.
   * `\u` escapes of anything else (Chinese, surrogates), `\/` and raw control characters are refused.
   */
  private string(): boolean {
    const s = this.src;
    const o = this.out;
    const end = this.end;
    let p = this.pos;
    let n = this.length;
    if (s[p] !== QUOTE) return false;
    o[n++] = QUOTE;
    p += 1;
    for (;;) {
      if (p >= end) return false;
      const b = s[p++]!;
      if (b === QUOTE) break;
      if (b < 0x20) return false;
      if (b === BACKSLASH) {
        if (p >= end) return false;
        const e = s[p++]!;
        if (e === LOWER_U) {
          if (p + 4 > end || !isCanonicalControlEscape(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!)) return false;
          o[n++] = BACKSLASH;
          o[n++] = LOWER_U;
          o[n++] = s[p++]!;
          o[n++] = s[p++]!;
          o[n++] = s[p++]!;
          o[n++] = s[p++]!;
          continue;
        }
        if (!SHORT_ESCAPES.has(e)) return false;
        o[n++] = BACKSLASH;
        o[n++] = e;
        continue;
      }
      o[n++] = b;
    }
    o[n++] = QUOTE;
    this.pos = p;
    this.length = n;
    return true;
  }

  /** A JSON string with no escapes at all (an account code), copied; answers whether it is all ASCII, or null. */
  private plainString(): boolean | null {
    const s = this.src;
    const o = this.out;
    const end = this.end;
    let p = this.pos;
    let n = this.length;
    let ascii = true;
    if (s[p] !== QUOTE) return null;
    o[n++] = QUOTE;
    p += 1;
    for (;;) {
      if (p >= end) return null;
      const b = s[p++]!;
      if (b === QUOTE) break;
      if (b < 0x20 || b === BACKSLASH) return null;
      if (b >= 0x80) ascii = false;
      o[n++] = b;
    }
    o[n++] = QUOTE;
    this.pos = p;
    this.length = n;
    return ascii;
  }

  /** Moves past `literal` if the line has it here. */
  private skip(literal: Uint8Array): boolean {
    const s = this.src;
    const p = this.pos;
    if (p + literal.length > this.end) return false;
    for (let i = 0; i < literal.length; i++) if (s[p + i] !== literal[i]) return false;
    this.pos = p + literal.length;
    return true;
  }

  private copy(from: number, to: number): void {
    const s = this.src;
    const o = this.out;
    let n = this.length;
    for (let i = from; i < to; i++) o[n++] = s[i]!;
    this.length = n;
  }

  private put(bytes: Uint8Array): void {
    const o = this.out;
    let n = this.length;
    for (let i = 0; i < bytes.length; i++) o[n++] = bytes[i]!;
    this.length = n;
  }

  private putByte(byte: number): void {
    this.out[this.length++] = byte;
  }
}

function twoDigits(s: Buffer, at: number): number {
  return (s[at]! - DIGIT_0) * 10 + (s[at + 1]! - DIGIT_0);
}

/** `\u00xx` (lowercase) for a control character that has no short escape: what JSON.stringify writes. */
function isCanonicalControlEscape(a: number, b: number, c: number, d: number): boolean {
  if (a !== DIGIT_0 || b !== DIGIT_0 || (c !== DIGIT_0 && c !== DIGIT_0 + 1)) return false;
  let low: number;
  if (d >= DIGIT_0 && d <= DIGIT_9) low = d - DIGIT_0;
  else if (d >= LOWER_A && d <= LOWER_F) low = d - LOWER_A + 10;
  else return false;
  const code = (c - DIGIT_0) * 16 + low;
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_A = 0x61;
const LOWER_F = 0x66;
const LOWER_U = 0x75;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The escapes after `\` that JSON.stringify writes: " \ b t n f r. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x62, 0x74, 0x6e, 0x66, 0x72]);
/** 1 for the bytes of 0-9 and a-f. */
const HEX_DIGIT = new Uint8Array(256).map((_, b) => ((b >= DIGIT_0 && b <= DIGIT_9) || (b >= LOWER_A && b <= LOWER_F) ? 1 : 0));
/** 0 where a digit goes. */
const TIME_SHAPE = bytes('0000-00-00T00:00:00.000Z').map((b) => (b === DIGIT_0 ? 0 : b));
const HEAD = bytes(`["${CHAIN_FORMAT}",`);
const NULL = bytes('null');
const COMMA_OPEN = bytes(',[');
const CLOSE_BRACE = bytes('}');
const K_SEQ = bytes('{"seq":');
const K_AT = bytes(',"at":');
const K_KIND = bytes(',"kind":');
const K_MEMO = bytes(',"memo":');
const K_PARTY = bytes(',"party":');
const K_SOURCE = bytes(',"source":');
const K_TYPE = bytes('{"type":');
const K_ID = bytes(',"id":');
const K_REVERSES = bytes(',"reverses":');
const K_NOTE = bytes(',"correctionNote":');
const K_ATTACHMENTS = bytes(',"attachments":[');
const K_POSTINGS = bytes(',"postings":[');
const K_ACCOUNT = bytes('{"account":');
const K_FEN = bytes(',"fen":');
const K_PREV_HASH = bytes(',"prevHash":');
const K_HASH = bytes(',"hash":');
const K_PLAIN_MIDDLE = bytes(',"reverses":null,"correctionNote":null,"attachments":[],"postings":[');
const PLAIN_MIDDLE = bytes(',null,null,[],[');
