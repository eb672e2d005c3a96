import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor, Tx } from '../../database.ts';
import type { ListingState, MarketTables, MovementKind } from './market.tables.ts';

// SQL only: every read takes the community id; no rule, default or status move lives here.

type T = MarketTables;
export type MakerRow = NonNullable<Awaited<ReturnType<typeof getMaker>>>;
export type ListingRow = NonNullable<Awaited<ReturnType<typeof getListing>>>;
export type OrderRow = NonNullable<Awaited<ReturnType<typeof getOrder>>>;
export type LineRow = Awaited<ReturnType<typeof listLines>>[number];
export type SlotRow = Awaited<ReturnType<typeof listSlots>>[number];

// --- makers
export function insertMaker(tx: Tx, row: Insertable<T['market_makers']>) {
  return tx.insertInto('market_makers').values(row).returningAll().executeTakeFirstOrThrow();
}
export function getMaker(db: Executor, communityId: number, id: number) {
  return db.selectFrom('market_makers').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}
export function getMakerForUpdate(tx: Tx, communityId: number, id: number) {
  return tx.selectFrom('market_makers').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}
export function getMakerByUser(db: Executor, communityId: number, userId: number) {
  return db.selectFrom('market_makers').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
}
export function listMakers(db: Executor, communityId: number, status?: string) {
  let q = db.selectFrom('market_makers').selectAll().where('community_id', '=', communityId);
  if (status) q = q.where('status', '=', status as 'applied');
  return q.orderBy('id').execute();
}
export function updateMaker(tx: Tx, communityId: number, id: number, set: Updateable<T['market_makers']>) {
  return tx.updateTable('market_makers').set(set).where('community_id', '=', communityId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// --- listings
const listingColumns = [
  'l.community_id',
  'l.id',
  'l.code',
  'l.barcode',
  'l.maker_id',
  'l.kind',
  'l.title',
  'l.description',
  'l.category',
  'l.photos',
  'l.maker_take_fen',
  'l.margin_fen',
  'l.price_fen',
  'l.fund_share_percent',
  'l.state',
  'l.stock',
  'l.consent_note',
  'l.review_note',
  'l.created_at',
  'm.name as maker_name',
  'm.kind as maker_kind',
  'm.user_id as maker_user_id',
  'm.payable_account',
] as const;

function listingsQuery(db: Executor, communityId: number) {
  return db
    .selectFrom('market_listings as l')
    .innerJoin('market_makers as m', (j) => j.onRef('m.community_id', '=', 'l.community_id').onRef('m.id', '=', 'l.maker_id'))
    .select(listingColumns)
    .where('l.community_id', '=', communityId);
}

export function getListing(db: Executor, communityId: number, id: number) {
  return listingsQuery(db, communityId).where('l.id', '=', id).executeTakeFirst();
}

/**
 * Locks the listings (in id order, so two orders never deadlock; the makers' rows are not locked)
 * and returns them as they are once locked.
 */
export async function lockListings(tx: Tx, communityId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return listingsQuery(tx, communityId).where('l.id', 'in', unique).orderBy('l.id').forUpdate('l').execute();
}

export async function findListings(
  db: Executor,
  communityId: number,
  filter: {
    states?: ListingState[];
    q?: string | undefined;
    category?: string | undefined;
    kind?: string | undefined;
    makerId?: number | undefined;
    codeOrBarcode?: string;
  },
  page: { limit: number; offset: number },
) {
  let q = listingsQuery(db, communityId);
  if (filter.states) q = q.where('l.state', 'in', filter.states);
  if (filter.category) q = q.where('l.category', '=', filter.category);
  if (filter.kind) q = q.where('l.kind', '=', filter.kind as 'good');
  if (filter.makerId) q = q.where('l.maker_id', '=', filter.makerId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const code = filter.codeOrBarcode;
    q = q.where((eb) => eb.or([eb('l.title', 'ilike', like), ...(code ? [eb('l.code', '=', code.toUpperCase()), eb('l.barcode', '=', code)] : [])]));
  }
  const rows = await q.orderBy('l.id', 'desc').limit(page.limit).offset(page.offset).execute();
  let countQ = db
    .selectFrom('market_listings as l')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('l.community_id', '=', communityId);
  if (filter.states) countQ = countQ.where('l.state', 'in', filter.states);
  if (filter.category) countQ = countQ.where('l.category', '=', filter.category);
  if (filter.kind) countQ = countQ.where('l.kind', '=', filter.kind as 'good');
  if (filter.makerId) countQ = countQ.where('l.maker_id', '=', filter.makerId);
  if (filter.q) countQ = countQ.where('l.title', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const total = Number((await countQ.executeTakeFirstOrThrow()).n);
  return { rows, total };
}

export function findByCode(db: Executor, communityId: number, code: string) {
  return listingsQuery(db, communityId)
    .where((eb) => eb.or([eb('l.code', '=', code.toUpperCase()), eb('l.barcode', '=', code)]))
    .execute();
}

export async function listCategories(db: Executor, communityId: number) {
  const rows = await db
    .selectFrom('market_listings')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('state', '=', 'on_sale')
    .groupBy('category')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ name: r.category, count: Number(r.n) }));
}

export async function insertListing(tx: Tx, row: Omit<Insertable<T['market_listings']>, 'code'>) {
  const temp = `TMP-${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const { id } = await tx
    .insertInto('market_listings')
    .values({ ...row, code: temp })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('market_listings')
    .set({ code: `WY${String(id).padStart(5, '0')}` })
    .where('community_id', '=', row.community_id)
    .where('id', '=', id)
    .execute();
  return id;
}

export function updateListing(tx: Tx, communityId: number, id: number, set: Updateable<T['market_listings']>) {
  return tx
    .updateTable('market_listings')
    .set({ ...set, updated_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .execute();
}

// --- slots
export function listSlots(db: Executor, communityId: number, listingIds: number[]) {
  if (listingIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('market_slots').selectAll().where('community_id', '=', communityId).where('listing_id', 'in', listingIds).orderBy('starts_at').execute();
}
export function insertSlot(tx: Tx, row: Insertable<T['market_slots']>) {
  return tx.insertInto('market_slots').values(row).returning('id').executeTakeFirstOrThrow();
}
export function lockSlot(tx: Tx, communityId: number, id: number) {
  return tx.selectFrom('market_slots').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}
export function changeSlotBooked(tx: Tx, communityId: number, id: number, delta: number) {
  return tx
    .updateTable('market_slots')
    .set((eb) => ({ booked: eb('booked', '+', delta) }))
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .execute();
}

// --- stock
export function insertMovement(
  tx: Tx,
  row: { community_id: number; listing_id: number; kind: MovementKind; quantity_delta: number } & Partial<Insertable<T['market_stock_movements']>>,
) {
  return tx.insertInto('market_stock_movements').values(row).execute();
}
export function listMovements(db: Executor, communityId: number, listingId: number) {
  return db
    .selectFrom('market_stock_movements')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('listing_id', '=', listingId)
    .orderBy('id')
    .execute();
}

// --- orders
/**
 * Writes an order, its lines and the stock movements of its goods in one statement, and returns
 * the order row. The lines' and movements' `order_id` is the new order's.
 */
export async function insertOrderWithLines(
  tx: Tx,
  order: Insertable<T['market_orders']>,
  lines: Omit<Insertable<T['market_order_lines']>, 'community_id' | 'order_id'>[],
  sales: { listing_id: number; quantity: number }[],
  recordedBy: number,
): Promise<OrderRow> {
  const result = await sql<OrderRow>`
    with o as (${tx.insertInto('market_orders').values(order).returningAll()}),
    l as (
      insert into market_order_lines (community_id, order_id, line_no, listing_id, slot_id, maker_id, title, quantity,
                                      unit_take_fen, unit_margin_fen, payable_account, margin_account)
      select o.community_id, o.id, x.line_no, x.listing_id, x.slot_id, x.maker_id, x.title, x.quantity,
             x.unit_take_fen, x.unit_margin_fen, x.payable_account, x.margin_account
        from o, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, listing_id bigint, slot_id bigint, maker_id bigint,
             title text, quantity int, unit_take_fen bigint, unit_margin_fen bigint, payable_account text, margin_account text)
    ),
    m as (
      insert into market_stock_movements (community_id, listing_id, kind, quantity_delta, order_id, recorded_by)
      select o.community_id, x.listing_id, 'sale', -x.quantity, o.id, ${recordedBy}
        from o, jsonb_to_recordset(${JSON.stringify(sales)}::jsonb) as x(listing_id bigint, quantity int)
    )
    select * from o`.execute(tx);
  return result.rows[0]!;
}
export function getOrder(db: Executor, communityId: number, id: number) {
  return db.selectFrom('market_orders').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}
export function getOrderForUpdate(tx: Tx, communityId: number, id: number) {
  return tx.selectFrom('market_orders').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}
export function updateOrder(tx: Tx, communityId: number, id: number, set: Updateable<T['market_orders']>) {
  return tx
    .updateTable('market_orders')
    .set({ ...set, updated_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .execute();
}
export function updateOrderReturning(tx: Tx, communityId: number, id: number, set: Updateable<T['market_orders']>) {
  return tx
    .updateTable('market_orders')
    .set({ ...set, updated_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
export function listLines(db: Executor, communityId: number, orderIds: number[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('market_order_lines as ol')
    .innerJoin('market_makers as m', (j) => j.onRef('m.community_id', '=', 'ol.community_id').onRef('m.id', '=', 'ol.maker_id'))
    .selectAll('ol')
    .select(['m.name as maker_name', 'm.kind as maker_kind'])
    .where('ol.community_id', '=', communityId)
    .where('ol.order_id', 'in', orderIds)
    .orderBy('ol.order_id')
    .orderBy('ol.line_no')
    .execute();
}
export async function findOrders(
  db: Executor,
  communityId: number,
  filter: { state?: string | undefined; channel?: string | undefined; buyerId?: number },
  page: { limit: number; offset: number },
) {
  let q = db.selectFrom('market_orders').where('community_id', '=', communityId);
  if (filter.state) q = q.where('state', '=', filter.state as 'placed');
  if (filter.channel) q = q.where('channel', '=', filter.channel as 'online');
  if (filter.buyerId !== undefined) q = q.where('buyer_id', '=', filter.buyerId);
  const rows = await q.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { rows, total };
}

/** The amounts of an order's refunds so far, in the order they were made. */
export async function listRefundAmounts(tx: Tx, communityId: number, orderId: number): Promise<number[]> {
  const rows = await tx
    .selectFrom('market_refunds')
    .select('amount_fen')
    .where('community_id', '=', communityId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.amount_fen);
}

export function insertRefund(tx: Tx, row: Insertable<T['market_refunds']>) {
  return tx.insertInto('market_refunds').values(row).returningAll().executeTakeFirstOrThrow();
}

// --- payouts
export function insertPayout(tx: Tx, row: Insertable<T['market_payouts']>) {
  return tx.insertInto('market_payouts').values(row).returningAll().executeTakeFirstOrThrow();
}
export function listPayouts(db: Executor, communityId: number, makerId: number) {
  return db.selectFrom('market_payouts').selectAll().where('community_id', '=', communityId).where('maker_id', '=', makerId).orderBy('id', 'desc').execute();
}

/** A maker's sold lines (paid orders), newest first. */
export function listMakerSales(db: Executor, communityId: number, makerId: number, range?: { from: Date; to: Date }) {
  let q = db
    .selectFrom('market_order_lines as ol')
    .innerJoin('market_orders as o', (j) => j.onRef('o.community_id', '=', 'ol.community_id').onRef('o.id', '=', 'ol.order_id'))
    .select(['o.id as order_id', 'o.paid_at', 'o.state', 'o.total_fen', 'o.refunded_fen', 'ol.title', 'ol.quantity', 'ol.unit_take_fen', 'ol.unit_margin_fen'])
    .where('ol.community_id', '=', communityId)
    .where('ol.maker_id', '=', makerId)
    .where('o.paid_at', 'is not', null);
  if (range) q = q.where('o.paid_at', '>=', range.from).where('o.paid_at', '<', range.to);
  return q.orderBy('o.paid_at', 'desc').execute();
}

/** Refunds touching a maker's lines, with the order's totals to apportion them. */
export function listMakerRefunds(db: Executor, communityId: number, makerId: number, range?: { from: Date; to: Date }) {
  let q = db
    .selectFrom('market_refunds as r')
    .where('r.community_id', '=', communityId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('market_order_lines as ol')
          .select('ol.line_no')
          .whereRef('ol.community_id', '=', 'r.community_id')
          .whereRef('ol.order_id', '=', 'r.order_id')
          .where('ol.maker_id', '=', makerId),
      ),
    )
    .selectAll('r');
  if (range) q = q.where('r.created_at', '>=', range.from).where('r.created_at', '<', range.to);
  return q.orderBy('r.id').execute();
}

// --- cash-up
export async function cashTotals(db: Executor, communityId: number, date: string) {
  const day = sql<string>`${date}::date`;
  const inDay = (col: string) => sql<boolean>`(${sql.ref(col)} at time zone 'Asia/Shanghai')::date = ${day}`;
  const sales = await db
    .selectFrom('market_orders')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('total_fen'), sql<number>`0`).as('fen'))
    .where('community_id', '=', communityId)
    .where('payment_method', '=', 'cash')
    .where(inDay('paid_at'))
    .executeTakeFirstOrThrow();
  const refunds = await db
    .selectFrom('market_refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('fen'))
    .where('community_id', '=', communityId)
    .where('method', '=', 'cash')
    .where(inDay('created_at'))
    .executeTakeFirstOrThrow();
  const payouts = await db
    .selectFrom('market_payouts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('fen'))
    .where('community_id', '=', communityId)
    .where('method', '=', 'cash')
    .where(inDay('created_at'))
    .executeTakeFirstOrThrow();
  return { salesFen: Number(sales.fen), refundsFen: Number(refunds.fen), payoutsFen: Number(payouts.fen) };
}
export function getCashUp(db: Executor, communityId: number, date: string) {
  return db.selectFrom('market_cash_ups').selectAll().where('community_id', '=', communityId).where('business_date', '=', date).executeTakeFirst();
}
export function getCashUpById(db: Executor, communityId: number, id: number) {
  return db.selectFrom('market_cash_ups').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
}
export function insertCashUp(tx: Tx, row: Insertable<T['market_cash_ups']>) {
  return tx
    .insertInto('market_cash_ups')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'business_date']).doNothing())
    .returningAll()
    .executeTakeFirst();
}
export function signCashUp(tx: Tx, communityId: number, id: number, staffId: number) {
  return tx
    .updateTable('market_cash_ups')
    .set({ staff_id: staffId, staff_signed_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .where('staff_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** A buyer's open (unpaid) online orders and the units they hold. */
export async function openOrdersOf(tx: Tx, communityId: number, buyerId: number): Promise<{ orders: number; units: number }> {
  const row = await tx
    .selectFrom('market_orders as o')
    .leftJoin('market_order_lines as l', (j) => j.onRef('l.community_id', '=', 'o.community_id').onRef('l.order_id', '=', 'o.id'))
    .select((eb) => [eb.fn.count<number>('o.id').distinct().as('orders'), eb.fn.coalesce(eb.fn.sum<number>('l.quantity'), sql<number>`0`).as('units')])
    .where('o.community_id', '=', communityId)
    .where('o.buyer_id', '=', buyerId)
    .where('o.state', '=', 'placed')
    .where('o.channel', '=', 'online')
    .executeTakeFirstOrThrow();
  return { orders: Number(row.orders), units: Number(row.units) };
}

/** The community a job works for. */
export async function getCommunityForJob(tx: Tx, communityId: number) {
  const row = await tx
    .selectFrom('communities')
    .select(['id', 'slug', 'name', 'district', 'street', 'settings'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow();
  return row;
}
