/**
 * Money is integer fen (1 yuan = 100 fen), CNY, never a float.
 *
 * The rounding rule, written once: when an amount is shared, each part first gets the floor of
 * its exact share; the fen left over go one at a time to the parts with the largest fractional
 * remainders, and on a tie to the part listed first. Callers list the maker's (or troupe's)
 * side first, so the maker's side gets the odd fen.
 */

export const MAX_AMOUNT_FEN = 100_000_000 * 100; // ¥100,000,000

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Splits `totalFen` in proportion to integer `weights` by the largest-remainder rule above. */
export function allocate(totalFen: number, weights: readonly number[]): number[] {
  if (!isFen(totalFen) || totalFen < 0) throw new RangeError(`total must be non-negative whole fen, got ${totalFen}`);
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) throw new RangeError('weights must not all be zero');
  // Exact arithmetic in BigInt: totalFen * weight can exceed 2^53.
  const total = BigInt(totalFen);
  const sum = BigInt(weightSum);
  const parts = weights.map((w) => {
    const exact = total * BigInt(w);
    return { floor: exact / sum, remainder: exact % sum };
  });
  let left = total - parts.reduce((a, p) => a + p.floor, 0n);
  const order = parts
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = parts[a]!.remainder;
      const rb = parts[b]!.remainder;
      return ra === rb ? a - b : rb > ra ? 1 : -1;
    });
  const result = parts.map((p) => p.floor);
  for (const i of order) {
    if (left === 0n) break;
    result[i]! += 1n;
    left -= 1n;
  }
  return result.map(Number);
}

/**
 * The community margin for a maker's take at a margin percent of the price:
 * price = take + margin, margin = percent% of price, rounded down so that the odd fen stays
 * with the maker. ¥120 at 20% → ¥30 margin, ¥150 price.
 */
export function marginForTake(makerTakeFen: number, marginPercent: number): number {
  if (!isFen(makerTakeFen) || makerTakeFen < 0) throw new RangeError('take must be non-negative whole fen');
  if (!Number.isInteger(marginPercent) || marginPercent < 0 || marginPercent >= 100) throw new RangeError('margin percent must be an integer 0..99');
  return Number((BigInt(makerTakeFen) * BigInt(marginPercent)) / BigInt(100 - marginPercent));
}

const formatter = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** ¥150.00 */
export function formatFen(fen: number): string {
  return formatter.format(fen / 100);
}
