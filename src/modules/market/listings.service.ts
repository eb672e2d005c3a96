import type { Tx } from '../../database.ts';
import { hasRole, requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { allocate, MAX_AMOUNT_FEN, marginForTake } from '../../platform/money.ts';
import { settingsOf } from '../communities/index.ts';
import { recordAudit } from '../identity/index.ts';
import type { IdempotencyKey } from '../../platform/idempotency.ts';
import { requireFiles } from '../../platform/files.ts';
import { idempotently, inCommunity } from './makers.service.ts';
import * as repo from './market.repository.ts';
import { presentListing } from './market.present.ts';
import type {
  BrowseQueryInput,
  CreateListingInput,
  CreateSlotInput,
  IntakeInput,
  ListingActionInput,
  ListingView,
  ManageQueryInput,
  StockReturnInput,
  UpdateListingInput,
} from './market.schemas.ts';
import type { ListingState } from './market.tables.ts';

export const LISTING = { zh: '商品', en: 'listing' };
const PUBLIC_STATES: ListingState[] = ['on_sale', 'sold_out'];
const DEFAULT_PERFORMANCE_SHARE = 50;

/** The split of one unit: what the maker (or troupe) gets and what the fund gets. */
export function priceSplit(
  ctx: CommunityContext,
  input: {
    kind: 'good' | 'service' | 'performance';
    makerTakeFen?: number | undefined;
    priceFen?: number | undefined;
    marginFen?: number | undefined;
    fundSharePercent?: number | undefined;
  },
): { takeFen: number; marginFen: number; sharePercent: number | null } {
  if (input.kind === 'performance') {
    // A booking fee is shared: the troupe's part first, so it gets the odd fen.
    const feeFen = input.priceFen ?? input.makerTakeFen;
    if (feeFen === undefined) throw new AppError('VALIDATION_FAILED', { detail: 'priceFen (the booking fee) is required' });
    const share = input.fundSharePercent ?? DEFAULT_PERFORMANCE_SHARE;
    const [takeFen, marginFen] = allocate(feeFen, [100 - share, share]) as [number, number];
    if (takeFen <= 0) throw new AppError('MARGIN_EXCEEDS_PRICE');
    return { takeFen, marginFen, sharePercent: share };
  }
  if (input.priceFen !== undefined) {
    if (input.makerTakeFen !== undefined) throw new AppError('VALIDATION_FAILED', { detail: 'give priceFen or makerTakeFen, not both' });
    const marginFen = input.marginFen ?? input.priceFen - marginTakeFromPrice(ctx, input.priceFen);
    if (marginFen >= input.priceFen) throw new AppError('MARGIN_EXCEEDS_PRICE');
    return { takeFen: input.priceFen - marginFen, marginFen, sharePercent: null };
  }
  if (input.makerTakeFen === undefined) throw new AppError('VALIDATION_FAILED', { detail: 'makerTakeFen or priceFen is required' });
  const marginFen = input.marginFen ?? marginForTake(input.makerTakeFen, settingsOf(ctx.community).defaultMarginPercent);
  // the take and the margin together are the price, which one entry of the fund must be able to book
  if (input.makerTakeFen + marginFen > MAX_AMOUNT_FEN) throw new AppError('AMOUNT_OUT_OF_RANGE');
  return { takeFen: input.makerTakeFen, marginFen, sharePercent: null };
}

/** From a price and the default percent: the maker's take is the price less the percent, the odd fen to the maker. */
function marginTakeFromPrice(ctx: CommunityContext, priceFen: number): number {
  const percent = settingsOf(ctx.community).defaultMarginPercent;
  return allocate(priceFen, [100 - percent, percent])[0]!;
}

async function loadListing(tx: Tx, ctx: CommunityContext, listingId: number) {
  const listing = await repo.getListing(tx, ctx.community.id, listingId);
  if (!listing) throw notFound(LISTING);
  return listing;
}

/** Staff and clerks manage every listing; a maker only their own (403 for another maker's). */
function assertMayChange(ctx: CommunityContext, actor: Actor, listing: { maker_user_id: number | null }) {
  if (hasRole(ctx, 'staff')) return;
  if (listing.maker_user_id !== actor.userId) throw new AppError('FORBIDDEN');
}

async function withSlots(tx: Tx, ctx: CommunityContext, rows: repo.ListingRow[]): Promise<ListingView[]> {
  const services = rows.filter((r) => r.kind === 'service').map((r) => r.id);
  const slots = await repo.listSlots(tx, ctx.community.id, services);
  return rows.map((r) => presentListing(r, slots));
}

export async function createListing(ctx: CommunityContext, input: CreateListingInput): Promise<ListingView> {
  const actor = requireRole(ctx, 'maker', 'staff');
  return inCommunity(ctx, actor, (tx) => createListingIn(tx, ctx, actor, input));
}

/** The creation inside the caller's transaction (also the demo seed). */
export async function createListingIn(tx: Tx, ctx: CommunityContext, actor: Actor, input: CreateListingInput): Promise<ListingView> {
  const maker =
    input.makerId !== undefined ? await repo.getMaker(tx, ctx.community.id, input.makerId) : await repo.getMakerByUser(tx, ctx.community.id, actor.userId);
  // Without makerId the listing is the actor's own: they need an approved maker profile first.
  if (!maker && input.makerId === undefined) throw new AppError('INVALID_STATE', { state: 'no maker profile', stateZh: '尚未登记为手艺人' });
  if (!maker) throw notFound({ zh: '手艺人', en: 'maker' });
  const onBehalf = maker.user_id !== actor.userId;
  if (onBehalf && !hasRole(ctx, 'staff')) throw new AppError('FORBIDDEN');
  if (maker.status !== 'approved') throw new AppError('INVALID_STATE', { state: maker.status });
  const consentNote = onBehalf ? (input.consentNote ?? maker.consent_note) : null;
  if (onBehalf && !consentNote) throw new AppError('VALIDATION_FAILED', { detail: 'consentNote: record how the maker agreed to this listing' });
  if (input.kind === 'performance' && maker.kind !== 'organisation')
    throw new AppError('VALIDATION_FAILED', { detail: 'performances are listed by an organisation (troupe)' });
  const split = priceSplit(ctx, input);
  await requireFiles(tx, ctx.community.id, input.photos);
  const id = await repo.insertListing(tx, {
    community_id: ctx.community.id,
    maker_id: maker.id,
    kind: input.kind,
    title: input.title.trim(),
    description: input.description,
    category: input.category.trim(),
    photos: input.photos,
    barcode: input.barcode ?? null,
    maker_take_fen: split.takeFen,
    margin_fen: split.marginFen,
    fund_share_percent: split.sharePercent,
    state: 'draft',
    consent_note: consentNote,
    created_by: actor.userId,
  });
  await recordAudit(tx, ctx, { action: 'market.listing_created', subjectType: 'listing', subjectId: id, detail: { onBehalf, consentNote } });
  return presentListing(await loadListing(tx, ctx, id));
}

export async function updateListing(ctx: CommunityContext, listingId: number, input: UpdateListingInput): Promise<ListingView> {
  const actor = requireRole(ctx, 'maker', 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const [listing] = await repo.lockListings(tx, ctx.community.id, [listingId]);
    if (!listing) throw notFound(LISTING);
    assertMayChange(ctx, actor, listing);
    if (listing.state === 'withdrawn') throw new AppError('INVALID_STATE', { state: listing.state });
    const priceChanged = input.makerTakeFen !== undefined || input.marginFen !== undefined || input.priceFen !== undefined;
    const split = priceChanged
      ? priceSplit(ctx, {
          kind: listing.kind,
          makerTakeFen: input.priceFen === undefined ? (input.makerTakeFen ?? listing.maker_take_fen) : undefined,
          priceFen: input.priceFen ?? (listing.kind === 'performance' ? (input.makerTakeFen ?? listing.price_fen) : undefined),
          marginFen: listing.kind === 'performance' ? undefined : (input.marginFen ?? (input.makerTakeFen !== undefined ? undefined : listing.margin_fen)),
          fundSharePercent: listing.fund_share_percent ?? undefined,
        })
      : null;
    if (input.photos) await requireFiles(tx, ctx.community.id, input.photos);
    // What the public sees changed: it goes back to staff review.
    const backToReview = ['on_sale', 'paused', 'sold_out'].includes(listing.state);
    await repo.updateListing(tx, ctx.community.id, listingId, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.category !== undefined ? { category: input.category.trim() } : {}),
      ...(input.photos !== undefined ? { photos: input.photos } : {}),
      ...(split ? { maker_take_fen: split.takeFen, margin_fen: split.marginFen } : {}),
      ...(backToReview ? { state: 'in_review' as const } : {}),
    });
    await recordAudit(tx, ctx, { action: 'market.listing_changed', subjectType: 'listing', subjectId: listingId, detail: { ...input } });
    return presentListing(await loadListing(tx, ctx, listingId));
  });
}

const TRANSITIONS: Record<ListingActionInput['action'], { from: ListingState[]; to: (stock: number, kind: string) => ListingState }> = {
  submit: { from: ['draft'], to: () => 'in_review' },
  pause: { from: ['on_sale', 'sold_out'], to: () => 'paused' },
  resume: { from: ['paused'], to: (stock, kind) => (kind === 'good' && stock === 0 ? 'sold_out' : 'on_sale') },
  withdraw: { from: ['draft', 'in_review', 'on_sale', 'paused', 'sold_out'], to: () => 'withdrawn' },
};

export async function changeListingState(ctx: CommunityContext, listingId: number, input: ListingActionInput): Promise<ListingView> {
  const actor = requireRole(ctx, 'maker', 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const [listing] = await repo.lockListings(tx, ctx.community.id, [listingId]);
    if (!listing) throw notFound(LISTING);
    assertMayChange(ctx, actor, listing);
    const rule = TRANSITIONS[input.action];
    if (!rule.from.includes(listing.state)) throw new AppError('INVALID_STATE', { state: listing.state });
    await repo.updateListing(tx, ctx.community.id, listingId, { state: rule.to(listing.stock, listing.kind) });
    await recordAudit(tx, ctx, { action: `market.listing_${input.action}`, subjectType: 'listing', subjectId: listingId });
    return presentListing(await loadListing(tx, ctx, listingId));
  });
}

/** Staff review: nothing goes on sale without it. */
export async function reviewListing(
  ctx: CommunityContext,
  listingId: number,
  input: { decision: 'approve' | 'reject'; reason?: string | undefined },
): Promise<ListingView> {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const [listing] = await repo.lockListings(tx, ctx.community.id, [listingId]);
    if (!listing) throw notFound(LISTING);
    if (listing.state !== 'in_review') throw new AppError('INVALID_STATE', { state: listing.state });
    if (input.decision === 'reject' && !input.reason) throw new AppError('VALIDATION_FAILED', { detail: 'reason is required to reject' });
    const state: ListingState = input.decision === 'reject' ? 'draft' : listing.kind === 'good' && listing.stock === 0 ? 'sold_out' : 'on_sale';
    await repo.updateListing(tx, ctx.community.id, listingId, { state, review_note: input.reason ?? null });
    await recordAudit(tx, ctx, {
      action: `market.listing_${input.decision}d`,
      subjectType: 'listing',
      subjectId: listingId,
      detail: { reason: input.reason ?? null },
    });
    return presentListing(await loadListing(tx, ctx, listingId));
  });
}

/** The public store: listings on sale (and sold out), no login. */
export async function browseListings(ctx: CommunityContext, query: BrowseQueryInput): Promise<{ listings: ListingView[]; total: number }> {
  return inCommunity(ctx, ctx.actor, async (tx) => {
    const { rows, total } = await repo.findListings(
      tx,
      ctx.community.id,
      { states: PUBLIC_STATES, q: query.q, category: query.category, kind: query.kind },
      { limit: query.limit, offset: query.offset },
    );
    return { listings: await withSlots(tx, ctx, rows), total };
  });
}

/** A product page: public for listings on sale; staff, clerks and the maker also see the rest. */
export async function getListing(ctx: CommunityContext, listingId: number): Promise<ListingView> {
  return inCommunity(ctx, ctx.actor, async (tx) => {
    const listing = await repo.getListing(tx, ctx.community.id, listingId);
    if (!listing) throw notFound(LISTING);
    const isInsider = hasRole(ctx, 'staff', 'clerk') || (ctx.actor !== null && listing.maker_user_id === ctx.actor.userId);
    if (!PUBLIC_STATES.includes(listing.state) && !isInsider) throw notFound(LISTING);
    return (await withSlots(tx, ctx, [listing]))[0]!;
  });
}

export async function listCategories(ctx: CommunityContext) {
  return inCommunity(ctx, ctx.actor, async (tx) => ({ categories: await repo.listCategories(tx, ctx.community.id) }));
}

/** Every listing for staff and clerks (review queue, stock); a maker sees their own. */
export async function manageListings(ctx: CommunityContext, query: ManageQueryInput): Promise<{ listings: ListingView[]; total: number }> {
  const actor = requireRole(ctx, 'staff', 'clerk', 'maker');
  return inCommunity(ctx, actor, async (tx) => {
    let makerId = query.makerId;
    if (!hasRole(ctx, 'staff', 'clerk')) {
      const own = await repo.getMakerByUser(tx, ctx.community.id, actor.userId);
      if (!own) return { listings: [], total: 0 };
      makerId = own.id;
    }
    const { rows, total } = await repo.findListings(
      tx,
      ctx.community.id,
      { ...(query.state ? { states: [query.state] } : {}), q: query.q, makerId },
      { limit: query.limit, offset: query.offset },
    );
    return { listings: await withSlots(tx, ctx, rows), total };
  });
}

/** The counter's fast lookup: an exact scanned code or barcode first, then title matches. */
export async function counterSearch(ctx: CommunityContext, q: string): Promise<{ listings: ListingView[]; total: number }> {
  const actor = requireRole(ctx, 'clerk', 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const exact = (await repo.findByCode(tx, ctx.community.id, q.trim())).filter((r) => r.state === 'on_sale');
    if (exact.length > 0) return { listings: await withSlots(tx, ctx, exact), total: exact.length };
    const { rows, total } = await repo.findListings(tx, ctx.community.id, { states: ['on_sale'], q: q.trim() }, { limit: 20, offset: 0 });
    return { listings: await withSlots(tx, ctx, rows), total };
  });
}

export async function moveStock(
  ctx: CommunityContext,
  listingId: number,
  movement: { kind: 'intake' | 'return'; quantity: number; on: string | undefined; condition: string | null; note: string | null },
  tx: Tx,
  actor: Actor,
): Promise<ListingView> {
  const [listing] = await repo.lockListings(tx, ctx.community.id, [listingId]);
  if (!listing) throw notFound(LISTING);
  if (listing.kind !== 'good') throw new AppError('VALIDATION_FAILED', { detail: 'only goods have stock' });
  if (listing.state === 'withdrawn' && movement.kind === 'intake') throw new AppError('INVALID_STATE', { state: listing.state });
  if (movement.kind === 'return' && listing.stock < movement.quantity) throw new AppError('OUT_OF_STOCK', { title: listing.title, available: listing.stock });
  await repo.insertMovement(tx, {
    community_id: ctx.community.id,
    listing_id: listingId,
    kind: movement.kind,
    quantity_delta: movement.kind === 'intake' ? movement.quantity : -movement.quantity,
    ...(movement.on ? { happened_on: movement.on } : {}),
    condition: movement.condition,
    note: movement.note,
    recorded_by: actor.userId,
  });
  const stock = listing.stock + (movement.kind === 'intake' ? movement.quantity : -movement.quantity);
  if (listing.state === 'sold_out' && stock > 0) await repo.updateListing(tx, ctx.community.id, listingId, { state: 'on_sale' });
  if (listing.state === 'on_sale' && stock === 0) await repo.updateListing(tx, ctx.community.id, listingId, { state: 'sold_out' });
  await recordAudit(tx, ctx, {
    action: `market.stock_${movement.kind}`,
    subjectType: 'listing',
    subjectId: listingId,
    detail: { quantity: movement.quantity },
  });
  return presentListing(await loadListing(tx, ctx, listingId));
}

/** Consignment intake: the maker hands items in; stock goes up. */
export function recordIntake(ctx: CommunityContext, listingId: number, input: IntakeInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'staff', 'clerk');
  return idempotently(ctx, actor, idempotency, 201, (tx) =>
    moveStock(
      ctx,
      listingId,
      { kind: 'intake', quantity: input.quantity, on: input.receivedOn, condition: input.condition, note: input.note ?? null },
      tx,
      actor,
    ),
  );
}

/** Unsold items returned to the maker; stock goes down. */
export function recordReturn(ctx: CommunityContext, listingId: number, input: StockReturnInput, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'staff', 'clerk');
  return idempotently(ctx, actor, idempotency, 201, (tx) =>
    moveStock(ctx, listingId, { kind: 'return', quantity: input.quantity, on: input.returnedOn, condition: null, note: input.note ?? null }, tx, actor),
  );
}

export async function listMovements(ctx: CommunityContext, listingId: number) {
  const actor = requireRole(ctx, 'staff', 'clerk', 'maker');
  return inCommunity(ctx, actor, async (tx) => {
    const listing = await loadListing(tx, ctx, listingId);
    if (!hasRole(ctx, 'staff', 'clerk') && listing.maker_user_id !== actor.userId) throw notFound(LISTING);
    const rows = await repo.listMovements(tx, ctx.community.id, listingId);
    return {
      stock: listing.stock,
      movements: rows.map((m) => ({
        id: m.id,
        kind: m.kind,
        quantityDelta: m.quantity_delta,
        happenedOn: m.happened_on,
        condition: m.condition,
        note: m.note,
        orderId: m.order_id,
      })),
    };
  });
}

export async function addSlot(ctx: CommunityContext, listingId: number, input: CreateSlotInput): Promise<ListingView> {
  const actor = requireRole(ctx, 'maker', 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const listing = await loadListing(tx, ctx, listingId);
    assertMayChange(ctx, actor, listing);
    if (listing.kind !== 'service') throw new AppError('VALIDATION_FAILED', { detail: 'only services have time slots' });
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (!(endsAt > startsAt)) throw new AppError('VALIDATION_FAILED', { detail: 'endsAt must be after startsAt' });
    await repo.insertSlot(tx, { community_id: ctx.community.id, listing_id: listingId, starts_at: startsAt, ends_at: endsAt, capacity: input.capacity });
    return (await withSlots(tx, ctx, [listing]))[0]!;
  });
}
