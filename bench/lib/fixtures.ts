import { sql } from 'kysely';
import type { Tx } from '../../src/database.ts';
import type { Deps } from '../../src/platform/context.ts';
import { transact } from '../../src/platform/db.ts';
import { createCommunityIn } from '../../src/modules/communities/index.ts';
import { ensureMember, hashPassword, insertUser } from '../../src/modules/identity/index.ts';
import { ensureSubAccount } from '../../src/modules/ledger/index.ts';
import { seededRandom } from './stats.ts';

export const BENCH_PASSWORD = 'bench-weiyi-2026';
export const SEED = 20260501;

export interface BenchListing {
  id: number;
  takeFen: number;
  marginFen: number;
}

export interface BenchCommunity {
  id: number;
  slug: string;
  clerk: { userId: number; phone: string };
  makerId: number;
  payableAccount: string;
  listings: BenchListing[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Communities for the sale benchmarks, each with a clerk (staff too, so the clerk can run the
 * counter and read the back office), one approved maker and `listingsEach` goods on sale with
 * a deep stock. Prices come from a seeded generator, so every run sells the same catalogue.
 */
export async function createShops(deps: Deps, options: { prefix: string; count: number; listingsEach: number; phoneBase: number }): Promise<BenchCommunity[]> {
  const random = seededRandom(SEED + options.phoneBase);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const shops: BenchCommunity[] = [];
  for (let i = 0; i < options.count; i++) {
    const slug = `${options.prefix}${pad(i, 3)}`;
    const phone = `17${pad(options.phoneBase + i, 9)}`;
    const shop = await transact(deps.db, {}, async (tx) => {
      const row = await createCommunityIn(deps, tx, { slug, name: `压测社区${pad(i, 3)}`, district: '压测区', street: '压测街道' });
      const user = await insertUser(tx, { phone, display_name: `店员${pad(i, 3)}`, password_hash: passwordHash });
      await ensureMember(tx, row.id, user.id, ['clerk', 'staff', 'resident']);
      return createCatalogue(tx, { communityId: row.id, slug, userId: user.id, phone, listingsEach: options.listingsEach, random });
    });
    shops.push(shop);
  }
  return shops;
}

async function createCatalogue(
  tx: Tx,
  o: { communityId: number; slug: string; userId: number; phone: string; listingsEach: number; random: () => number },
): Promise<BenchCommunity> {
  await sql`select set_config('app.community_id', ${String(o.communityId)}, true)`.execute(tx);
  const maker = await sql<{ id: number }>`
    insert into market_makers (community_id, kind, name, story, crafts, status, consent_note, created_by)
    values (${o.communityId}, 'person', '张秀兰', '压测用手艺人', '手工编织', 'applied', '压测数据', ${o.userId}) returning id`.execute(tx);
  const makerId = maker.rows[0]!.id;
  const payableAccount = await ensureSubAccount(tx, o.communityId, 'maker_payable', makerId, { zh: '张秀兰', en: 'Maker' });
  await sql`update market_makers set status = 'approved', payable_account = ${payableAccount}, decided_by = ${o.userId}
            where community_id = ${o.communityId} and id = ${makerId}`.execute(tx);
  const listings: BenchListing[] = [];
  for (let j = 0; j < o.listingsEach; j++) {
    const takeFen = 1000 + Math.floor(o.random() * 20000);
    const marginFen = Math.round(takeFen * 0.25);
    const row = await sql<{ id: number }>`
      insert into market_listings (community_id, code, maker_id, kind, title, category, maker_take_fen, margin_fen, state, created_by)
      values (${o.communityId}, ${`B${pad(j, 4)}`}, ${makerId}, 'good', ${`手工布袋 ${j + 1} 号`}, ${j % 2 ? '手工艺品' : '家居'},
              ${takeFen}, ${marginFen}, 'on_sale', ${o.userId}) returning id`.execute(tx);
    const id = row.rows[0]!.id;
    await sql`insert into market_stock_movements (community_id, listing_id, kind, quantity_delta, recorded_by)
              values (${o.communityId}, ${id}, 'intake', 1000000, ${o.userId})`.execute(tx);
    listings.push({ id, takeFen, marginFen });
  }
  return { id: o.communityId, slug: o.slug, clerk: { userId: o.userId, phone: o.phone }, makerId, payableAccount, listings };
}
