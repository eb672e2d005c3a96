import type { Tx } from '../../database.ts';
import { hasRole, requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyKey } from '../../platform/idempotency.ts';
import { requireFiles } from '../../platform/files.ts';
import { ensureMember, getMember, recordAudit } from '../identity/index.ts';
import { ensureSubAccount } from '../ledger/index.ts';
import * as repo from './market.repository.ts';
import { presentMaker } from './market.present.ts';
import type { ApplyMakerInput, CreateMakerInput, DecisionInput, MakerView } from './market.schemas.ts';

export const MAKER_NOT_FOUND = { zh: '手艺人', en: 'maker' };

/** Runs a market use case in the community's tenant transaction. */
export function inCommunity<T>(ctx: CommunityContext, actor: Actor | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transact(ctx.deps.db, { communityId: ctx.community.id, userId: actor?.userId }, fn);
}

/** A use case that moves money or stock: the key, the change and the stored answer commit together. */
export function idempotently(ctx: CommunityContext, actor: Actor, idempotency: IdempotencyKey, status: number, fn: (tx: Tx) => Promise<unknown>) {
  return inCommunity(ctx, actor, (tx) => runIdempotent(tx, { communityId: ctx.community.id, userId: actor.userId, idempotency, status }, () => fn(tx)));
}

/** The maker, if the actor may see its money: staff, or the maker's own account. Otherwise 404 (not theirs). */
export async function getMakerForActor(tx: Tx, ctx: CommunityContext, actor: Actor, makerId: number) {
  const maker = await repo.getMaker(tx, ctx.community.id, makerId);
  if (!maker) throw notFound(MAKER_NOT_FOUND);
  if (!hasRole(ctx, 'staff') && maker.user_id !== actor.userId) throw notFound(MAKER_NOT_FOUND);
  return maker;
}

/** The maker's payable account; linked to their account so the public sees their name only if they opted in. */
async function openPayable(tx: Tx, communityId: number, maker: { id: number; kind: 'person' | 'organisation'; name: string; user_id: number | null }) {
  return ensureSubAccount(
    tx,
    communityId,
    maker.kind === 'organisation' ? 'org_payable' : 'maker_payable',
    maker.id,
    {
      zh: `${maker.kind === 'organisation' ? '应付社会组织款' : '应付手艺人款'}：${maker.name}`,
      en: `Payable to ${maker.kind === 'organisation' ? 'organisation' : 'maker'} #${maker.id}`,
    },
    maker.kind === 'person' && maker.user_id !== null ? { userId: maker.user_id } : undefined,
  );
}

/** A resident applies to be a maker; staff decide. */
export async function applyAsMaker(ctx: CommunityContext, input: ApplyMakerInput): Promise<MakerView> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    if (await repo.getMakerByUser(tx, ctx.community.id, actor.userId)) throw new AppError('INVALID_STATE', { state: 'applied', stateZh: '已申请' });
    if (input.photoSha256) await requireFiles(tx, ctx.community.id, [input.photoSha256]);
    const row = await repo.insertMaker(tx, {
      community_id: ctx.community.id,
      user_id: actor.userId,
      kind: 'person',
      name: input.name?.trim() || actor.displayName,
      story: input.story,
      crafts: input.crafts,
      photo_sha256: input.photoSha256 ?? null,
      status: 'applied',
      created_by: actor.userId,
    });
    await recordAudit(tx, ctx, { action: 'market.maker_applied', subjectType: 'maker', subjectId: row.id });
    return presentMaker(row);
  });
}

/** Staff create an approved maker for someone (many makers never use a vendor page), consent recorded. */
export async function createMaker(ctx: CommunityContext, input: CreateMakerInput): Promise<MakerView> {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, (tx) => createMakerIn(tx, ctx, actor, input));
}

/** The creation inside the caller's transaction (also the demo seed). */
export async function createMakerIn(tx: Tx, ctx: CommunityContext, actor: Actor, input: CreateMakerInput): Promise<MakerView> {
  if (input.photoSha256) await requireFiles(tx, ctx.community.id, [input.photoSha256]);
  if (input.userId !== undefined) {
    if (!(await getMember(tx, ctx.community.id, input.userId))) throw notFound({ zh: '居民', en: 'member' });
    if (await repo.getMakerByUser(tx, ctx.community.id, input.userId)) throw new AppError('INVALID_STATE', { state: 'maker', stateZh: '已是手艺人' });
  }
  const row = await repo.insertMaker(tx, {
    community_id: ctx.community.id,
    user_id: input.userId ?? null,
    kind: input.kind,
    name: input.name.trim(),
    story: input.story,
    crafts: input.crafts,
    photo_sha256: input.photoSha256 ?? null,
    status: 'applied',
    consent_note: input.consentNote,
    created_by: actor.userId,
  });
  const payable = await openPayable(tx, ctx.community.id, row);
  const approved = await repo.updateMaker(tx, ctx.community.id, row.id, { status: 'approved', payable_account: payable, decided_by: actor.userId });
  if (input.userId !== undefined) await ensureMember(tx, ctx.community.id, input.userId, ['maker']);
  await recordAudit(tx, ctx, { action: 'market.maker_created', subjectType: 'maker', subjectId: row.id, detail: { consentNote: input.consentNote } });
  return presentMaker(approved);
}

export async function decideMaker(ctx: CommunityContext, makerId: number, input: DecisionInput): Promise<MakerView> {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const maker = await repo.getMakerForUpdate(tx, ctx.community.id, makerId);
    if (!maker) throw notFound(MAKER_NOT_FOUND);
    if (maker.status !== 'applied') throw new AppError('INVALID_STATE', { state: maker.status });
    if (input.decision === 'reject' && !input.reason) throw new AppError('VALIDATION_FAILED', { detail: 'reason is required to reject' });
    let updated;
    if (input.decision === 'approve') {
      const payable = await openPayable(tx, ctx.community.id, maker);
      updated = await repo.updateMaker(tx, ctx.community.id, makerId, {
        status: 'approved',
        payable_account: payable,
        decided_by: actor.userId,
        decision_reason: input.reason ?? null,
      });
      if (maker.user_id !== null) await ensureMember(tx, ctx.community.id, maker.user_id, ['maker']);
    } else {
      updated = await repo.updateMaker(tx, ctx.community.id, makerId, { status: 'rejected', decided_by: actor.userId, decision_reason: input.reason ?? null });
    }
    await recordAudit(tx, ctx, {
      action: `market.maker_${input.decision}d`,
      subjectType: 'maker',
      subjectId: makerId,
      detail: { reason: input.reason ?? null },
    });
    return presentMaker(updated);
  });
}

export async function listMakers(ctx: CommunityContext, status?: string): Promise<{ makers: MakerView[] }> {
  const actor = requireRole(ctx, 'staff', 'clerk');
  return inCommunity(ctx, actor, async (tx) => ({ makers: (await repo.listMakers(tx, ctx.community.id, status)).map(presentMaker) }));
}

/** My maker profile, or null when I have none (yet). */
export async function getMyMaker(ctx: CommunityContext): Promise<{ maker: MakerView | null }> {
  const actor = requireRole(ctx);
  return inCommunity(ctx, actor, async (tx) => {
    const maker = await repo.getMakerByUser(tx, ctx.community.id, actor.userId);
    return { maker: maker ? presentMaker(maker) : null };
  });
}
