import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../src/database.ts';
import type { CommunityContext, Deps } from '../../src/platform/context.ts';
import { systemContext } from '../../src/platform/context.ts';
import { transact } from '../../src/platform/db.ts';
import { runIdempotent } from '../../src/platform/idempotency.ts';
import { recordAudit } from '../../src/modules/identity/index.ts';
import { postEntry, type PostingInput } from '../../src/modules/ledger/index.ts';
// Lower-level pieces: the market's statements, and the ledger's account lookup for the "chain off"
// variant (the ledger has no switch to turn the chain off).
import * as ledgerRepo from '../../src/modules/ledger/ledger.repository.ts';
import * as marketRepo from '../../src/modules/market/market.repository.ts';
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
 * One complete counter sale of one unit, composed from the same statements the market's counter
 * sale runs, in ONE transaction: idempotency key, listing locked, order + line + stock movement,
 * audit row, the balanced ledger entry (chained, or not), the order paid and linked to its entry,
 * the stored answer. The chain is the only difference between `on` and `off`.
 */
export async function counterSale(deps: Deps, shop: BenchCommunity, listing: BenchListing, options: { chain: ChainMode; offBook?: OffBook }): Promise<void> {
  const key = crypto.randomUUID();
  const ctx = contextFor(deps, shop);
  const userId = shop.clerk.userId;
  const requestHash = crypto.createHash('sha256').update(`${shop.id}:${listing.id}:${key}`).digest();
  await transact(deps.db, { communityId: shop.id, userId }, async (tx) => {
    await runIdempotent(tx, { communityId: shop.id, userId, idempotency: { key, requestHash }, status: 201 }, async () => {
      const [row] = await marketRepo.lockListings(tx, shop.id, [listing.id]);
      if (!row || row.state !== 'on_sale' || row.stock < 1) throw new Error('listing not sellable');
      const total = row.maker_take_fen + row.margin_fen;
      const order = await marketRepo.insertOrderWithLines(
        tx,
        {
          community_id: shop.id,
          channel: 'counter',
          state: 'placed',
          fulfilment: 'counter',
          placed_by: userId,
          total_fen: total,
          take_fen: row.maker_take_fen,
          margin_fen: row.margin_fen,
        },
        [
          {
            line_no: 1,
            listing_id: row.id,
            maker_id: row.maker_id,
            title: row.title,
            quantity: 1,
            unit_take_fen: row.maker_take_fen,
            unit_margin_fen: row.margin_fen,
            payable_account: shop.payableAccount,
            margin_account: 'income:sale_margin',
          },
        ],
        [{ listing_id: row.id, quantity: 1 }],
        userId,
      );
      await recordAudit(tx, ctx, { action: 'market.order_paid', subjectType: 'order', subjectId: order.id, detail: { method: 'cash', totalFen: total } });
      const postings: PostingInput[] = [
        { account: 'cash', amountFen: total },
        { account: shop.payableAccount, amountFen: -row.maker_take_fen },
        { account: 'income:sale_margin', amountFen: -row.margin_fen },
      ];
      const entryInput = { kind: 'sale' as const, memo: `微益+ 销售（订单 ${order.id}）`, source: { type: 'market_order', id: String(order.id) }, postings };
      const seq = options.chain === 'on' ? (await postEntry(tx, shop.id, entryInput)).seq : await postEntryUnchained(tx, shop.id, entryInput, options.offBook!);
      const paid = await marketRepo.updateOrderReturning(tx, shop.id, order.id, {
        state: 'completed',
        payment_method: 'cash',
        tendered_fen: total,
        change_fen: 0,
        paid_at: new Date(),
        paid_by: userId,
        sale_entry_id: seq,
      });
      return { orderId: paid.id, entry: seq };
    });
  });
}

/**
 * The same entry and postings rows as postEntry writes, in one statement as it does, minus the
 * chain: no head row read, locked or advanced, no SHA-256. Accounts resolve the same way.
 */
async function postEntryUnchained(
  tx: Tx,
  communityId: number,
  input: { kind: string; memo: string; source: { type: string; id: string }; postings: PostingInput[] },
  book: OffBook,
): Promise<number> {
  const codes = [...new Set(input.postings.map((p) => p.account))];
  const accounts = new Map((await ledgerRepo.findAccounts(tx, communityId, codes)).map((a) => [a.code, a]));
  const { seq, prevHash } = book.take(communityId);
  await sql`
    with entry as (
      insert into ledger_entries (community_id, seq, at, kind, memo, party, source_type, source_id, reverses, correction_note, attachments, prev_hash, hash)
      values (${communityId}, ${seq}, ${new Date()}, ${input.kind}, ${input.memo}, null, ${input.source.type}, ${input.source.id}, null, null, '{}', ${prevHash}, ${OffBook.ZERO})
    )
    insert into ledger_postings (community_id, seq, line, account_id, amount_fen)
    select ${communityId}, ${seq}, l.line, l.account_id, l.amount_fen
      from unnest(${input.postings.map((p) => accounts.get(p.account)!.id)}::int8[], ${input.postings.map((p) => p.amountFen)}::int8[])
           with ordinality as l(account_id, amount_fen, line)`.execute(tx);
  return seq;
}
