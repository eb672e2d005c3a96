import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEntries } from '../../../bench/lib/export-gen.ts';
import { canonicalEncoding, type ChainEntry, type VerifyReport } from './ledger.chain.ts';
import { ledgerCommand, splitLines, verifyLines } from './ledger.cli.ts';
import { FastChainVerifier, lineBlocks, readFileBlocks } from './ledger.verify.ts';

// The CLI's byte-level fast path must give exactly what the reference path (JSON.parse, the
// canonical JSON.stringify, ChainVerifier) gives, on sound books and on every kind of damage.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-verify-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const withHash = (e: Omit<ChainEntry, 'hash'>): ChainEntry => ({ ...e, hash: sha256(canonicalEncoding(e)) });

/** A sound book of realistic entries (Chinese memos, masked parties, corrections, escaped characters). */
function book(entries = 400): ChainEntry[] {
  return [...generateEntries({ entries, seed: 7, awkwardShare: 0.05 })];
}

/** Entries from `from` on, re-hashed and re-linked, so only the intended damage remains. */
function rechain(entries: ChainEntry[], from: number): ChainEntry[] {
  const out = entries.slice(0, from);
  for (const e of entries.slice(from)) {
    const prevHash = out.length > 0 ? out[out.length - 1]!.hash : e.prevHash;
    out.push(withHash({ ...e, prevHash }));
  }
  return out;
}

const jsonl = (entries: ChainEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

async function reference(bytes: Buffer): Promise<VerifyReport> {
  return verifyLines(splitLines([bytes]));
}

/** The fast path over the same bytes, in blocks of `blockSize` (small ones put lines across reads). */
function fast(bytes: Buffer, blockSize = 4 << 20): { report: VerifyReport; fastLines: number; referenceLines: number } {
  const file = path.join(dir, `book-${crypto.randomUUID()}.jsonl`);
  fs.writeFileSync(file, bytes);
  const verifier = new FastChainVerifier();
  for (const block of readFileBlocks(file, blockSize)) if (!verifier.addBlock(block)) break;
  fs.rmSync(file);
  return { report: verifier.report(), fastLines: verifier.fastLines, referenceLines: verifier.referenceLines };
}

/** Both paths agree; answers the fast path's report and how many lines it sent the reference way. */
async function agree(text: string | Buffer, blockSize?: number) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const expected = await reference(bytes);
  const got = fast(bytes, blockSize);
  expect(got.report).toEqual(expected);
  return got;
}

describe('ledger verify fast path', () => {
  const sound = book();
  const soundText = jsonl(sound);

  it('takes every line of a sound export the fast way and gives the reference report', async () => {
    expect(soundText).toContain('\\"');
    expect(soundText).toContain('\\n');
    expect(soundText).toContain('\\u0001');
    expect(soundText).toMatch(/"reverses":\d+,"correctionNote":"/);
    const { report, fastLines, referenceLines } = await agree(soundText);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(sound.length);
    expect(report.headHash).toBe(sound[sound.length - 1]!.hash);
    expect(fastLines).toBe(sound.length);
    expect(referenceLines).toBe(0);
  });

  it('agrees whatever the read size: lines split across blocks, a block shorter than a line', async () => {
    for (const size of [1, 97, 500, 4096]) await agree(soundText, size);
    const chunks: Buffer[] = [];
    const bytes = Buffer.from(soundText);
    for (let at = 0; at < bytes.length; at += 333) chunks.push(bytes.subarray(at, at + 333));
    const verifier = new FastChainVerifier();
    for await (const block of lineBlocks(chunks)) verifier.addBlock(block);
    expect(verifier.report()).toEqual(await reference(bytes));
  });

  it('names the same entry and problem for each kind of damage', async () => {
    const k = 37;
    const cases: Record<string, ChainEntry[] | string> = {
      'changed memo': sound.map((e, i) => (i === k - 1 ? { ...e, memo: `${e.memo}!` } : e)),
      'changed amount': sound.map((e, i) => (i === k - 1 ? { ...e, postings: e.postings.map((p, j) => (j === 0 ? { ...p, fen: p.fen + 1 } : p)) } : e)),
      'unbalanced, hash recomputed': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, postings: e.postings.map((p, j) => (j === 0 ? { ...p, fen: p.fen + 1 } : p)) } : e)),
        k - 1,
      ),
      'one posting': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, postings: e.postings.slice(0, 1) } : e)),
        k - 1,
      ),
      'no postings': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, postings: [] } : e)),
        k - 1,
      ),
      'zero amount': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, postings: [...e.postings, { account: 'cash', fen: 0 }] } : e)),
        k - 1,
      ),
      'amount too large': rechain(
        sound.map((e, i) =>
          i === k - 1
            ? {
                ...e,
                postings: [
                  { account: 'cash', fen: 20_000_000_000 },
                  { account: 'bank', fen: -20_000_000_000 },
                ],
              }
            : e,
        ),
        k - 1,
      ),
      'seq gap': sound.filter((_, i) => i !== k - 1),
      'reordered lines': [...sound.slice(0, k - 1), sound[k]!, sound[k - 1]!, ...sound.slice(k + 1)],
      'repeated line': [...sound.slice(0, k), sound[k - 1]!, ...sound.slice(k)],
      'broken prevHash': sound.map((e, i) => (i === k - 1 ? { ...e, prevHash: 'f'.repeat(64) } : e)),
      'prevHash in capitals': sound.map((e, i) => (i === k - 1 ? { ...e, prevHash: e.prevHash.toUpperCase() } : e)),
      'hash in capitals': sound.map((e, i) => (i === k - 1 ? { ...e, hash: e.hash.toUpperCase() } : e)),
      'short hash': sound.map((e, i) => (i === k - 1 ? { ...e, hash: e.hash.slice(1) } : e)),
      'bad attachment': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, attachments: ['nothex'] } : e)),
        k - 1,
      ),
      'not a time': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, at: '2026-13-01T00:00:00.000Z' } : e)),
        k - 1,
      ),
      'reversal without a note': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, reverses: 3, correctionNote: null } : e)),
        k - 1,
      ),
      'reversal with an empty note': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, reverses: 3, correctionNote: '' } : e)),
        k - 1,
      ),
      'reverses a later entry': rechain(
        sound.map((e, i) => (i === k - 1 ? { ...e, reverses: k + 5, correctionNote: '更正' } : e)),
        k - 1,
      ),
      'reverses an entry twice': rechain(
        sound.map((e, i) => (i === k - 1 || i === k ? { ...e, reverses: 5, correctionNote: '更正' } : e)),
        k - 1,
      ),
      'not JSON': soundText.replace(`{"seq":${k},`, `{"seq":${k},,`),
      'a truncated last line': soundText.slice(0, -40),
      'a 16-digit seq': soundText.replace(`{"seq":${k},`, `{"seq":100000000000000${k},`),
      'a JSON array': soundText.replace(/^.*$/m, '[1,2,3]'),
    };
    const elsewhere = ['a truncated last line', 'a JSON array', 'reverses an entry twice', 'repeated line'];
    for (const [name, damaged] of Object.entries(cases)) {
      const { report } = await agree(typeof damaged === 'string' ? damaged : jsonl(damaged));
      expect(report.ok, name).toBe(false);
      if (!elsewhere.includes(name)) expect(report.firstProblem?.line, name).toBe(k);
    }
  });

  it('accepts valid JSON that is not the export’s own form the same way the reference does', async () => {
    const k = 11;
    const line = (i: number) => soundText.split('\n')[i - 1]!;
    const replaceLine = (i: number, text: string) =>
      soundText
        .split('\n')
        .map((l, j) => (j === i - 1 ? text : l))
        .join('\n');
    const e = sound[k - 1]!;
    const { hash, ...rest } = e;
    const reordered = JSON.stringify({ hash, ...rest });
    const changed = (fields: Partial<ChainEntry>) =>
      rechain(
        sound.map((x, i) => (i === k - 1 ? { ...x, ...fields } : x)),
        k - 1,
      );
    const cases: Record<string, string> = {
      '\\u-escaped Chinese': replaceLine(
        k,
        line(k).replace(/[\u4e00-\u9fff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
      ),
      'reordered keys': replaceLine(k, reordered),
      'extra whitespace': replaceLine(k, JSON.stringify(e, null, 1).replace(/\n/g, ' ')),
      'spaces around the line': replaceLine(k, ` ${line(k)}\t`),
      'an escaped key': replaceLine(k, line(k).replace('"seq"', '"s\\u0065q"')),
      '\\/ escape': jsonl(changed({ memo: `${e.memo} a/b` })).replace('a/b', 'a\\/b'),
      'capital \\u escape': jsonl(changed({ memo: `${e.memo} \u000b` })).replace('\\u000b', '\\u000B'),
      'an emoji written as a surrogate pair': jsonl(changed({ memo: `${e.memo} 😀` })).replace(/😀/g, '\\ud83d\\ude00'),
      'amount written 1.0e2': replaceLine(k, line(k).replace(/"fen":(-?\d+)/, '"fen":$1.0e0')),
      'a byte order mark': `\ufeff${soundText}`,
      'a lone surrogate': jsonl(changed({ memo: `${e.memo}\ud800` })),
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(text, name).not.toBe(soundText);
      const { report, referenceLines } = await agree(text);
      expect(referenceLines, name).toBeGreaterThan(0);
      if (name !== 'a byte order mark') expect(report.ok, name).toBe(true);
    }
    // Line ends and blank lines the fast path handles itself.
    for (const text of [soundText.replace(/\n/g, '\r\n'), soundText.replace(/\n/g, '\n\n \n'), soundText.slice(0, -1)]) {
      const { report, referenceLines } = await agree(text);
      expect(report.ok).toBe(true);
      expect(referenceLines).toBe(0);
    }
  });

  it('agrees on bytes that are not UTF-8', async () => {
    const bytes = Buffer.from(soundText);
    const at = bytes.indexOf(Buffer.from('柜台'));
    for (const bad of [[0xff], [0xe6, 0x9f], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      await agree(Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]));
      await agree(Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]), 1000);
    }
  });

  it('reads every time of the form it accepts as the reference does', async () => {
    const times: string[] = [];
    for (const year of ['0000', '1970', '2026', '9999'])
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 28, 29, 30, 31]) times.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T23:59:59.999Z`);
    times.push('2026-01-01T24:00:00.000Z', '2026-01-01T00:60:00.000Z', '2026-02-00T00:00:00.000Z', '2026-01-01T00:00:00Z');
    const entries = rechain(
      times.map((at, i) => ({ ...sound[i % 50]!, seq: i + 1, at, reverses: null, correctionNote: null, prevHash: '0'.repeat(64) })),
      0,
    );
    const { report, fastLines } = await agree(jsonl(entries));
    expect(report.firstProblem).toEqual({ seq: times.length - 2, line: times.length - 2, message: 'at is not a time' });
    expect(fastLines).toBe(times.length - 4);
  });

  it('agrees with the reference on randomly damaged books', async () => {
    const small = jsonl(book(40));
    const bytes = Buffer.from(small);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
          minLength: 1,
          maxLength: 3,
        }),
        async (edits) => {
          let damaged = Buffer.from(bytes);
          for (const [at, byte, how] of edits) {
            const i = Math.min(at, damaged.length - 1);
            if (how === 'set') damaged[i] = byte;
            else if (how === 'insert') damaged = Buffer.concat([damaged.subarray(0, i), Buffer.from([byte]), damaged.subarray(i)]);
            else damaged = Buffer.concat([damaged.subarray(0, i), damaged.subarray(i + 1)]);
          }
          const expected = await reference(damaged);
          expect(fast(damaged).report).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('prints the same first problem through `weiyi ledger verify`', async () => {
    const file = path.join(dir, 'damaged.jsonl');
    fs.writeFileSync(file, soundText.replace('"seq":37,', '"seq":38,'));
    const out: string[] = [];
    expect(await ledgerCommand(['verify', file], (l) => out.push(l))).toBe(1);
    expect(out.join('\n')).toContain('FAILED at entry 38 (line 37): expected entry 37, found 38 (a gap or a reordering)');
    fs.writeFileSync(file, soundText);
    out.length = 0;
    expect(await ledgerCommand(['verify', file], (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toContain(`OK: head entry ${sound.length}, hash ${sound[sound.length - 1]!.hash}`);
  });
});
