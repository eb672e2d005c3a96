import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundParts } from './orders.service.ts';

// Pure money rules of the shop, as properties (no database).

describe('refund splits', () => {
  it('partial refunds that add up to the sale take back exactly what each account was credited, never more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 2, maxLength: 5 }).filter((w) => w.reduce((a, b) => a + b, 0) > 0),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        (credits, cuts) => {
          const groups = credits.map((fen, i) => ({ account: `a${i}`, fen }));
          const total = credits.reduce((a, b) => a + b, 0);
          // Split the total into refunds of the given relative sizes.
          const cutSum = cuts.reduce((a, b) => a + b, 0);
          const amounts = cuts.map((c) => Math.floor((c * total) / cutSum));
          amounts[amounts.length - 1]! += total - amounts.reduce((a, b) => a + b, 0);
          const taken = credits.map(() => 0);
          const earlier: number[] = [];
          for (const amount of amounts.filter((a) => a > 0)) {
            const parts = refundParts(groups, earlier, amount);
            expect(parts.reduce((t, p) => t + p.fen, 0)).toBe(amount);
            parts.forEach((p, i) => {
              expect(p.fen).toBeGreaterThanOrEqual(0);
              taken[i]! += p.fen;
              expect(taken[i]!).toBeLessThanOrEqual(credits[i]!);
            });
            earlier.push(amount);
          }
          expect(taken).toEqual(credits);
        },
      ),
    );
  });

  it('never takes back a negative amount: the case where allocating cumulative totals did', () => {
    // Found by the property above (seed -1904542515): splitting allocate(after) − allocate(before)
    // took back [−1, +1, +1] fen for the 1-fen refund, crediting the maker instead of debiting.
    const groups = [5, 8078, 8477].map((fen, i) => ({ account: `a${i}`, fen }));
    const earlier: number[] = [];
    const taken = [0, 0, 0];
    for (const amount of [11081, 1, 5478]) {
      const parts = refundParts(groups, earlier, amount);
      expect(parts.map((p) => p.fen).every((fen) => fen >= 0)).toBe(true);
      parts.forEach((p, i) => (taken[i]! += p.fen));
      earlier.push(amount);
    }
    expect(taken).toEqual([5, 8078, 8477]);
  });

  it('gives the odd fen to the maker’s side, listed first', () => {
    const parts = refundParts(
      [
        { account: 'maker_payable:1', fen: 12000 },
        { account: 'income:sale_margin', fen: 3000 },
      ],
      [],
      5001,
    );
    expect(parts).toEqual([
      { account: 'maker_payable:1', fen: 4001 },
      { account: 'income:sale_margin', fen: 1000 },
    ]);
  });
});
