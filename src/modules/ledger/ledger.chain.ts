/**
 * The ledger's canonical encoding, hash chain and verification, with no Node-only imports so
 * the web page can run the same code with WebCrypto. docs/ledger-format.md describes the same
 * thing in prose for anyone re-implementing it.
 */

/** One entry as exported in ledger.jsonl (and hashed). */
export interface ChainEntry {
  seq: number;
  /** ISO 8601 in UTC with milliseconds: 2026-10-01T02:00:00.000Z */
  at: string;
  kind: string;
  memo: string;
  /** The counterparty as shown to the public (names masked unless agreed), or null. */
  party: string | null;
  source: { type: string; id: string } | null;
  /** The seq of the entry this one reverses, or null. */
  reverses: number | null;
  correctionNote: string | null;
  /** SHA-256 (hex) of each attached file, in the order given. */
  attachments: string[];
  postings: { account: string; fen: number }[];
  prevHash: string;
  hash: string;
}

/** The fields the checks after the hash read. */
export type HashedEntry = Pick<ChainEntry, 'seq' | 'reverses' | 'correctionNote' | 'postings' | 'prevHash' | 'hash'>;

export const CHAIN_FORMAT = 'weiyi-ledger/1';
export const GENESIS_HASH = '0'.repeat(64);

/** A SHA-256 of a UTF-8 string, lowercase hex: node:crypto on the server, WebCrypto in the browser. */
export type Sha256Hex = (text: string) => string | Promise<string>;

/**
 * The exact text that is hashed: a JSON array (no spaces) of the format tag and every field
 * but the hash, in a fixed order. JSON.stringify's string escaping is fixed by ECMAScript.
 */
export function canonicalEncoding(entry: Omit<ChainEntry, 'hash'>): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    entry.seq,
    entry.at,
    entry.kind,
    entry.memo,
    entry.party,
    entry.source ? [entry.source.type, entry.source.id] : null,
    entry.reverses,
    entry.correctionNote,
    entry.attachments,
    entry.postings.map((p) => [p.account, p.fen]),
    entry.prevHash,
  ]);
}

/**
 * The canonical encoding with its two chain fields left out: `head + seq + middle + prevHash + tail`
 * is `canonicalEncoding` of the entry with that seq and prevHash (a decimal integer and a hex hash
 * need no escaping). The database numbers and hashes an entry from this (see appendNextEntry).
 */
export function canonicalTemplate(entry: Omit<ChainEntry, 'hash' | 'seq' | 'prevHash'>): { head: string; middle: string; tail: string } {
  const text = canonicalEncoding({ ...entry, seq: 0, prevHash: '' });
  const head = `[${JSON.stringify(CHAIN_FORMAT)},`;
  const tail = '"]';
  if (!text.startsWith(`${head}0,`) || !text.endsWith(`,"${tail}`)) throw new Error('unexpected canonical encoding');
  return { head, middle: text.slice(head.length + 1, text.length - tail.length), tail };
}

export async function hashEntry(entry: Omit<ChainEntry, 'hash'>, sha256: Sha256Hex): Promise<string> {
  return sha256(canonicalEncoding(entry));
}

export interface VerifyProblem {
  seq: number;
  /** Line number in the export, from 1 (same as seq in a sound file). */
  line: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  postings: number;
  headSeq: number;
  headHash: string;
  /** Balance per account code, fen, debit-positive, including sub-accounts on their own. */
  balances: Record<string, number>;
  /** Cash + bank + payment clearing, fen. */
  fundBalanceFen: number;
  firstProblem: VerifyProblem | null;
}

const FUND_ACCOUNTS = ['cash', 'bank', 'clearing'];
const MAX_FEN = 10_000_000_000;

/**
 * Checks a book entry by entry: numbering without gaps, each hash over its canonical encoding,
 * each link to the previous hash, each entry balanced with two or more postings of whole fen,
 * and a reversal pointing at an earlier entry reversed only once. Stops at the first problem.
 */
export class ChainVerifier {
  private entries = 0;
  private postings = 0;
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private readonly balances = new Map<string, number>();
  private readonly reversed = new Set<number>();
  private problem: VerifyProblem | null = null;

  constructor(private readonly sha256: Sha256Hex) {}

  get failed(): boolean {
    return this.problem !== null;
  }

  /** Adds the next entry (a parsed object or a raw JSONL line); returns false once a problem is found. */
  async add(input: unknown): Promise<boolean> {
    const started = this.start(input);
    if (!started) return false;
    return this.finish(started.entry, started.line, await hashEntry(started.entry, this.sha256));
  }

  /** The same as `add` for a synchronous hash function (node:crypto): no promise per entry. */
  addSync(input: unknown): boolean {
    const started = this.start(input);
    if (!started) return false;
    const expected = this.sha256(canonicalEncoding(started.entry));
    if (typeof expected !== 'string') throw new Error('addSync needs a synchronous SHA-256');
    return this.finish(started.entry, started.line, expected);
  }

  /**
   * Adds an entry that the caller has already parsed, shape-checked and hashed over its canonical
   * encoding (the CLI's byte-level fast path, ledger.verify.ts); the numbering, link and every
   * check after the hash are this class's, so results and messages are the same as `addSync`'s.
   */
  addHashed(entry: HashedEntry, computedHash: string): boolean {
    if (this.problem) return false;
    const started = this.link(entry, this.entries + 1);
    return started ? this.finish(started.entry, started.line, computedHash) : false;
  }

  /** Parses and checks the shape, numbering and link: everything but the hash. */
  private start(input: unknown): { entry: ChainEntry; line: number } | false {
    if (this.problem) return false;
    const line = this.entries + 1;
    let raw = input;
    if (typeof input === 'string') {
      try {
        raw = JSON.parse(input);
      } catch {
        return this.fail(this.headSeq + 1, line, 'not valid JSON');
      }
    }
    const shapeError = checkShape(raw);
    const entry = raw as ChainEntry;
    const seq = typeof entry?.seq === 'number' ? entry.seq : this.headSeq + 1;
    if (shapeError) return this.fail(seq, line, shapeError);
    return this.link(entry, line);
  }

  private link<E extends HashedEntry>(entry: E, line: number): { entry: E; line: number } | false {
    if (entry.seq !== this.headSeq + 1) return this.fail(entry.seq, line, `expected entry ${this.headSeq + 1}, found ${entry.seq} (a gap or a reordering)`);
    if (entry.prevHash !== this.headHash) return this.fail(entry.seq, line, `prevHash does not match the hash of entry ${this.headSeq}`);
    return { entry, line };
  }

  private finish(entry: HashedEntry, line: number, expected: string): boolean {
    const hash = entry.hash;
    if (expected !== hash) return this.fail(entry.seq, line, `hash does not match its content (computed ${expected}, stored ${hash})`);
    if (entry.postings.length < 2) return this.fail(entry.seq, line, 'fewer than two postings');
    let sum = 0;
    for (const p of entry.postings) {
      if (!Number.isSafeInteger(p.fen) || p.fen === 0 || Math.abs(p.fen) > MAX_FEN)
        return this.fail(entry.seq, line, `posting to ${p.account} is not a whole, non-zero amount of fen`);
      sum += p.fen;
    }
    if (sum !== 0) return this.fail(entry.seq, line, `postings do not balance (off by ${sum} fen)`);
    if (entry.reverses !== null) {
      if (entry.reverses >= entry.seq) return this.fail(entry.seq, line, `reverses entry ${entry.reverses}, which is not earlier`);
      if (this.reversed.has(entry.reverses)) return this.fail(entry.seq, line, `reverses entry ${entry.reverses} a second time`);
      if (!entry.correctionNote) return this.fail(entry.seq, line, 'a reversal without a correction note');
      this.reversed.add(entry.reverses);
    }
    for (const p of entry.postings) this.balances.set(p.account, (this.balances.get(p.account) ?? 0) + p.fen);
    this.entries += 1;
    this.postings += entry.postings.length;
    this.headSeq = entry.seq;
    this.headHash = hash;
    return true;
  }

  report(): VerifyReport {
    const balances = Object.fromEntries([...this.balances].sort(([a], [b]) => (a < b ? -1 : 1)));
    const fundBalanceFen = Object.entries(balances)
      .filter(([code]) => FUND_ACCOUNTS.some((f) => code === f || code.startsWith(`${f}:`)))
      .reduce((total, [, fen]) => total + fen, 0);
    return {
      ok: this.problem === null,
      entries: this.entries,
      postings: this.postings,
      headSeq: this.headSeq,
      headHash: this.headHash,
      balances,
      fundBalanceFen,
      firstProblem: this.problem,
    };
  }

  private fail(seq: number, line: number, message: string): false {
    this.problem = { seq, line, message };
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

function checkShape(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const e = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'seq is not a positive integer';
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) return 'at is not a time';
  if (typeof e.kind !== 'string' || typeof e.memo !== 'string') return 'kind or memo is missing';
  if (e.party !== null && typeof e.party !== 'string') return 'party is neither text nor null';
  if (e.source !== null) {
    const s = e.source as Record<string, unknown> | undefined;
    if (typeof s !== 'object' || typeof s.type !== 'string' || typeof s.id !== 'string') return 'source is neither {type, id} nor null';
  }
  if (e.reverses !== null && !Number.isSafeInteger(e.reverses)) return 'reverses is neither an entry number nor null';
  if (e.correctionNote !== null && typeof e.correctionNote !== 'string') return 'correctionNote is neither text nor null';
  if (!Array.isArray(e.attachments) || e.attachments.some((a) => typeof a !== 'string' || !HEX64.test(a))) return 'attachments is not a list of SHA-256 hashes';
  if (
    !Array.isArray(e.postings) ||
    e.postings.some(
      (p) =>
        typeof p !== 'object' ||
        p === null ||
        typeof (p as Record<string, unknown>).account !== 'string' ||
        typeof (p as Record<string, unknown>).fen !== 'number',
    )
  )
    return 'postings is not a list of {account, fen}';
  if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash)) return 'prevHash is not a SHA-256 hash';
  if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) return 'hash is not a SHA-256 hash';
  return null;
}
