import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { ChainVerifier, canonicalEncoding, canonicalTemplate } from './ledger.chain.ts';
import { exportBook } from './ledger.public.service.ts';
import { findTotalsMismatches } from './ledger.repository.ts';
import { getBalances, postEntry, reverseEntry, sha256Hex } from './ledger.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ACCOUNTS = ['cash', 'bank', 'clearing', 'income:donation', 'income:sale_margin', 'expense:upkeep', 'expense:elderly_care', 'maker_payable'];

/** A balanced entry: random debits, and the last posting takes the negative sum. */
const entryArb = fc
  .array(fc.record({ account: fc.constantFrom(...ACCOUNTS), amountFen: fc.integer({ min: -5_000_000, max: 5_000_000 }).filter((n) => n !== 0) }), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((postings) => {
    const sum = postings.reduce((a, p) => a + p.amountFen, 0);
    return fc
      .constantFrom(...ACCOUNTS)
      .map((account) => (sum === 0 ? [...postings, { account, amountFen: 1 }, { account, amountFen: -1 }] : [...postings, { account, amountFen: -sum }]));
  });
/** Memos with what JSON must escape (quotes, backslashes, control characters) and what it must not (Chinese, emoji, U+2028). */
const memoArb = fc.oneof(
  fc.constantFrom('随机分录', '引号"与\\反斜杠', 'tab\there\nnewline', '\u0001\u001f 控制字符', '😀 表情', 'U+2028\u2028 分隔'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((m) => !m.includes('\u0000') && m.trim().length > 0),
);
const opArb = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(entryArb, memoArb).map(([postings, memo]) => ({ op: 'post' as const, postings, memo })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ op: 'reverse' as const, pick })) },
  { weight: 1, arbitrary: entryArb.map((postings) => ({ op: 'unbalanced' as const, postings })) },
);

let run = 0;

describe('properties of the book', () => {
  it('random postings (any memo), reversals and refused unbalanced attempts keep every entry balanced, every balance the sum of its postings, and the chain (hashed by the database) verifiable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const community = await makeCommunity(t, `prop-${process.pid % 1000}-${++run}`);
        const ctx = systemContext(t.deps, community);
        const expected = new Map<string, number>();
        const reversible: number[] = [];
        for (const op of ops) {
          if (op.op === 'unbalanced') {
            // one fen off, never to zero (a zero amount is refused for its own reason)
            const skewed = op.postings.map((p, i) => (i === 0 ? { ...p, amountFen: p.amountFen + (p.amountFen === -1 ? -1 : 1) } : p));
            await expect(
              transact(t.deps.db, { communityId: community.id }, (tx) =>
                postEntry(tx, community.id, { kind: 'income', memo: 'x', source: null, postings: skewed }),
              ),
            ).rejects.toMatchObject({
              code: 'UNBALANCED_ENTRY',
            });
            continue;
          }
          if (op.op === 'reverse') {
            if (reversible.length === 0) continue;
            const [seq] = reversible.splice(op.pick % reversible.length, 1);
            const book = await transact(t.deps.db, { communityId: community.id }, async (tx) => {
              const rows = await tx
                .selectFrom('ledger_postings as p')
                .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
                .select(['a.code', 'p.amount_fen'])
                .where('p.community_id', '=', community.id)
                .where('p.seq', '=', seq!)
                .execute();
              await reverseEntry(tx, ctx, seq!, '随机更正');
              return rows;
            });
            for (const p of book) expected.set(p.code, (expected.get(p.code) ?? 0) - p.amount_fen);
            continue;
          }
          const posted = await transact(t.deps.db, { communityId: community.id }, (tx) =>
            postEntry(tx, community.id, { kind: 'income', memo: op.memo, source: null, postings: op.postings }),
          );
          reversible.push(posted.seq);
          for (const p of op.postings) expected.set(p.account, (expected.get(p.account) ?? 0) + p.amountFen);
        }
        const verifier = new ChainVerifier(sha256Hex);
        for await (const entry of exportBook(ctx)) {
          expect(entry.postings.reduce((a, p) => a + p.fen, 0)).toBe(0);
          expect(await verifier.add(entry)).toBe(true);
        }
        const report = verifier.report();
        const balances = await transact(t.deps.db, { communityId: community.id }, (tx) => getBalances(tx, community.id, ACCOUNTS));
        for (const account of ACCOUNTS) {
          expect(balances[account]).toBe(expected.get(account) ?? 0);
          expect(report.balances[account] ?? 0).toBe(expected.get(account) ?? 0);
        }
        // the per-month totals the summary reads are exactly the postings' sums
        const mismatches = await transact(t.deps.db, { communityId: community.id }, (tx) => findTotalsMismatches(tx, community.id));
        expect(mismatches).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it('the template the database hashes from is the canonical encoding once seq and prevHash are filled in', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        (memo, seq, prevHash) => {
          const fields = {
            at: '2026-10-01T00:00:00.000Z',
            kind: 'sale',
            memo,
            party: '张*明',
            source: { type: 'market_order', id: '42' },
            reverses: null,
            correctionNote: null,
            attachments: ['a'.repeat(64)],
            postings: [
              { account: 'cash', fen: 15000 },
              { account: 'maker_payable:7', fen: -12000 },
              { account: 'income:sale_margin', fen: -3000 },
            ],
          };
          const { head, middle, tail } = canonicalTemplate(fields);
          expect(`${head}${seq}${middle}${prevHash}${tail}`).toBe(canonicalEncoding({ ...fields, seq, prevHash }));
        },
      ),
    );
  });

  it('any change to any field of an entry changes its hash', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1_000_000 }), fc.string({ minLength: 1 }), (memo, fen, other) => {
        const base = {
          seq: 1,
          at: '2026-10-01T00:00:00.000Z',
          kind: 'income',
          memo,
          party: null,
          source: null,
          reverses: null,
          correctionNote: null,
          attachments: [],
          postings: [
            { account: 'cash', fen },
            { account: 'income:donation', fen: -fen },
          ],
          prevHash: '0'.repeat(64),
        };
        const changed = [
          { ...base, memo: memo + other },
          {
            ...base,
            postings: [
              { account: 'cash', fen: fen + 1 },
              { account: 'income:donation', fen: -fen - 1 },
            ],
          },
          { ...base, party: other },
          { ...base, seq: 2 },
        ];
        for (const c of changed) expect(sha256Hex(canonicalEncoding(c))).not.toBe(sha256Hex(canonicalEncoding(base)));
      }),
    );
  });
});
