// The catalogue both shops carry in the Medusa comparison: the same titles, categories and prices
// that bench/lib/fixtures.ts createShops gives a community with `count` listings (same seeded
// generator, same seed), so Medusa is seeded with exactly what our side sells.
import { SEED } from '../lib/fixtures.ts';
import { seededRandom } from '../lib/stats.ts';

/** createShops' phoneBase for the comparison's one community; it also seeds the prices. */
export const CATALOGUE_PHONE_BASE = 700_000;
export const CATALOGUE_SIZE = 1000;
/** The category both listings measure (every other product, 500 of 1,000). */
export const LISTED_CATEGORY = '家居';
export const CATEGORIES = ['家居', '手工艺品'] as const;

export interface CatalogueItem {
  /** 0-based position; createShops' listing code is B + this, padded to 4. */
  index: number;
  title: string;
  category: (typeof CATEGORIES)[number];
  priceFen: number;
}

export function catalogue(count = CATALOGUE_SIZE): CatalogueItem[] {
  const random = seededRandom(SEED + CATALOGUE_PHONE_BASE);
  return Array.from({ length: count }, (_, j) => {
    const takeFen = 1000 + Math.floor(random() * 20000);
    const marginFen = Math.round(takeFen * 0.25);
    return { index: j, title: `手工布袋 ${j + 1} 号`, category: j % 2 ? '手工艺品' : '家居', priceFen: takeFen + marginFen };
  });
}
