import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../src/database.ts';
import type { CommunityContext, Deps } from '../../src/platform/context.ts';
import { systemContext } from '../../src/platform/context.ts';
import { transact } from '../../src/platform/db.ts';
import { runIdempotent } from '../../src/platform/idempotency.ts';
import { recordAudit } from '../../src/modules/identity/index.ts';
import { postEntry, type PostingInput } from '../../src/modules/ledger/index.ts';
// Lower-level pieces, only for the "chain off" variant (the ledger has no switch to turn it off).
import * as ledgerRepo from '../../src/modules/ledger/ledger.repository.ts';
import type { BenchCommunity, BenchListing } from './fixtures.ts';

export type ChainMode = 'on' | 'off';

/**
 * Numbering for the chain-off variant: each caller owns its communities, so a counter in memory
 * gives gap-free numbers without the head row. Entries carry the all-zero hash, which still
 * satisfies the database's link check (entry n's prev_hash = entry n-1's hash).
 */
export class OffBook {
  private readonly next = new Map<number, { seq: number; prevHash: string }>();
  static readonly ZERO = '0'.repeat(64);

  async load(deps: Deps, shops: BenchCommunity[]) {
    for (const shop of shops) {
      const last = await transact(deps.db, { communityId: shop.id }, (tx) =>
        sql<{ seq: number; hash: string }>`select seq, hash from ledger_entries where community_id = ${shop.id} order by seq desc limit 1`.execute(tx),
      );
      const row = last.rows[0];
      this.next.set(shop.id, { seq: (row?.seq ?? 0) + 1, prevHash: row?.hash ?? OffBook.ZERO });
    }
  }

  take(communityId: number): { seq: number; prevHash: string } {
    const next = this.next.get(communityId)!;
    this.next.set(communityId, { seq: next.seq + 1, prevHash: OffBook.ZERO });
    return next;
  }
}

function contextFor(deps: Deps, shop: BenchCommunity): CommunityContext {
  const community = { id: shop.id, slug: shop.slug, name: shop.slug, district: '', street: '', settings: {} };
  return systemContext(deps, community, { userId: shop.clerk.userId, displayName: 'clerk', isPlatformAdmin: false });
}

type MarketCounterSale = (ctx: CommunityContext, input: unknown, idempotency: { key: string; requestHash: Buffer }) => Promise<unknown>;
let marketCounterSale: MarketCounterSale | null | undefined;

/** The market module's own in-process counter sale, when its index exports one. */
export async function loadMarketCounterSale(): Promise<MarketCounterSale | null> {
  if (marketCounterSale !== undefined) return marketCounterSale;
  try {
    const market = (await import('../../src/modules/market/index.ts')) as { counterSale?: MarketCounterSale };
    marketCounterSale = typeof market.counterSale === 'function' ? market.counterSale : null;
  } catch {
    marketCounterSale = null;
  }
  return marketCounterSale;
}

/** A counter sale through market.counterSale (one unit, cash): what the counter route runs, minus HTTP. */
export async function marketSale(deps: Deps, shop: BenchCommunity, listing: BenchListing): Promise<void> {
  const sell = marketCounterSale;
  if (!sell) throw new Error('the market module exports no counterSale');
  const key = crypto.randomUUID();
  const requestHash = crypto.createHash('sha256').update(`${shop.id}:${listing.id}:${key}`).digest();
  await sell(contextFor(deps, shop), { items: [{ listingId: listing.id, quantity: 1 }], payment: { method: 'cash' } }, { key, requestHash });
}

/**
 * One complete counter sale of one unit, as the shop's counter use case does it, in ONE
 * transaction: idempotency key, listing locked, order + line, stock movement, the balanced and
 * chained ledger entry, the order linked to its entry, and the audit row.
 */
export async function counterSale(deps: Deps, shop: BenchCommunity, listing: BenchListing, options: { chain: ChainMode; offBook?: OffBook }): Promise<void> {
  const key = crypto.randomUUID();
  const ctx = contextFor(deps, shop);
  const requestHash = crypto.createHash('sha256').update(`${shop.id}:${listing.id}:${key}`).digest();
  await transact(deps.db, { communityId: shop.id, userId: shop.clerk.userId }, async (tx) => {
    await runIdempotent(tx, { communityId: shop.id, userId: shop.clerk.userId, idempotency: { key, requestHash }, status: 201 }, async () => {
      const locked = await sql<{ id: number; maker_take_fen: number; margin_fen: number; stock: number; state: string }>`
        select id, maker_take_fen, margin_fen, stock, state from market_listings
         where community_id = ${shop.id} and id = ${listing.id} for update`.execute(tx);
      const row = locked.rows[0];
      if (!row || row.state !== 'on_sale' || row.stock < 1) throw new Error('listing not sellable');
      const total = row.maker_take_fen + row.margin_fen;
      const order = await sql<{ id: number }>`
        insert into market_orders (community_id, channel, state, fulfilment, placed_by, total_fen, take_fen, margin_fen,
                                   payment_method, tendered_fen, change_fen, paid_at, paid_by)
        values (${shop.id}, 'counter', 'paid', 'counter', ${shop.clerk.userId}, ${total}, ${row.maker_take_fen}, ${row.margin_fen},
                'cash', ${total}, 0, now(), ${shop.clerk.userId}) returning id`.execute(tx);
      const orderId = order.rows[0]!.id;
      await sql`insert into market_order_lines (community_id, order_id, line_no, listing_id, maker_id, title, quantity,
                                                unit_take_fen, unit_margin_fen, payable_account, margin_account)
                values (${shop.id}, ${orderId}, 1, ${listing.id}, ${shop.makerId}, '手工布袋', 1,
                        ${row.maker_take_fen}, ${row.margin_fen}, ${shop.payableAccount}, 'income:sale_margin')`.execute(tx);
      await sql`insert into market_stock_movements (community_id, listing_id, kind, quantity_delta, order_id, recorded_by)
                values (${shop.id}, ${listing.id}, 'sale', -1, ${orderId}, ${shop.clerk.userId})`.execute(tx);
      const postings: PostingInput[] = [
        { account: 'cash', amountFen: total },
        { account: shop.payableAccount, amountFen: -row.maker_take_fen },
        { account: 'income:sale_margin', amountFen: -row.margin_fen },
      ];
      const entryInput = { kind: 'sale' as const, memo: `柜台销售 订单 ${orderId}`, source: { type: 'order', id: String(orderId) }, postings };
      const seq = options.chain === 'on' ? (await postEntry(tx, shop.id, entryInput)).seq : await postEntryUnchained(tx, shop.id, entryInput, options.offBook!);
      await sql`update market_orders set sale_entry_id = ${seq} where community_id = ${shop.id} and id = ${orderId}`.execute(tx);
      await recordAudit(tx, ctx, { action: 'order.sold_at_counter', subjectType: 'order', subjectId: orderId, detail: { totalFen: total } });
      return { orderId, entry: seq };
    });
  });
}

/**
 * The same entry and postings rows as postEntry writes, minus the chain: no head row read,
 * locked or advanced, no SHA-256. The same validation queries (accounts, attachments) run.
 */
async function postEntryUnchained(
  tx: Tx,
  communityId: number,
  input: { kind: string; memo: string; source: { type: string; id: string }; postings: PostingInput[] },
  book: OffBook,
): Promise<number> {
  const codes = [...new Set(input.postings.map((p) => p.account))];
  const accounts = new Map((await ledgerRepo.findAccounts(tx, communityId, codes)).map((a) => [a.code, a]));
  await ledgerRepo.findFileHashes(tx, communityId, []);
  const { seq, prevHash } = book.take(communityId);
  await ledgerRepo.insertEntry(
    tx,
    communityId,
    {
      seq,
      at: new Date(),
      kind: input.kind,
      memo: input.memo,
      party: null,
      source_type: input.source.type,
      source_id: input.source.id,
      reverses: null,
      correction_note: null,
      attachments: [],
      prev_hash: prevHash,
      hash: OffBook.ZERO,
    },
    input.postings.map((p) => ({ account_id: accounts.get(p.account)!.id, amount_fen: p.amountFen })),
  );
  return seq;
}
