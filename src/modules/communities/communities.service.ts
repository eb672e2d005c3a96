import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import { requireActor, requireRole, type Community, type CommunityContext, type Deps, type RequestContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { countMembers, recordAudit } from '../identity/index.ts';
import * as repo from './communities.repository.ts';
import type { CommunityHomeView, CommunityView, CreateCommunityInput, SettingsInput } from './communities.schemas.ts';
import type { CommunitySettings } from '../../platform/tables.ts';

/** What a new community starts with unless the platform admin says otherwise. */
export const DEFAULT_SETTINGS: Required<CommunitySettings> = {
  defaultMarginPercent: 20,
  disclosureContact: '',
  expenseTwoApprovalsOverFen: 500_000, // ¥5,000
};

function presentCommunity(row: { slug: string; name: string; district: string; street: string; settings: CommunitySettings }): CommunityView {
  const settings = { ...DEFAULT_SETTINGS, ...row.settings };
  return {
    slug: row.slug,
    name: row.name,
    district: row.district,
    street: row.street,
    settings: {
      defaultMarginPercent: settings.defaultMarginPercent,
      disclosureContact: settings.disclosureContact,
      expenseTwoApprovalsOverFen: settings.expenseTwoApprovalsOverFen,
    },
  };
}

export async function listCommunities(ctx: RequestContext): Promise<{ communities: CommunityView[] }> {
  return { communities: (await repo.listCommunities(ctx.deps.db)).map(presentCommunity) };
}

/** Creates a community with its set-up (chart of accounts…) in one transaction. Platform admins only. */
export async function createCommunity(ctx: RequestContext, input: CreateCommunityInput): Promise<CommunityView> {
  const actor = requireActor(ctx);
  if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN');
  return transact(ctx.deps.db, { userId: actor.userId }, async (tx) => {
    const created = await createCommunityIn(ctx.deps, tx, input);
    return presentCommunity(created);
  });
}

/**
 * The creation itself, for callers that already hold a transaction (seeding): the row, then every
 * installed module's `onCommunityCreated` (the ledger opens the community's book) in order.
 */
export async function createCommunityIn(deps: Deps, tx: Tx, input: CreateCommunityInput) {
  const row = await repo.insertCommunity(tx, {
    slug: input.slug,
    name: input.name.trim(),
    district: input.district,
    street: input.street,
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
  });
  if (!row) throw new AppError('SLUG_TAKEN');
  await sql`select set_config('app.community_id', ${String(row.id)}, true)`.execute(tx);
  const community: Community = { id: row.id, slug: row.slug, name: row.name, district: row.district, street: row.street, settings: row.settings };
  for (const m of deps.modules) await m.onCommunityCreated?.(tx, community, deps);
  return row;
}

export async function getCommunityHome(ctx: CommunityContext): Promise<CommunityHomeView> {
  const members = await transact(ctx.deps.db, { communityId: ctx.community.id }, (tx) => countMembers(tx, ctx.community.id));
  return { ...presentCommunity(ctx.community), stats: { members }, myRoles: [...ctx.roles] };
}

export async function updateSettings(ctx: CommunityContext, input: SettingsInput): Promise<CommunityView> {
  const actor = ctx.actor;
  if (!actor?.isPlatformAdmin) requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const row = await repo.mergeSettings(tx, ctx.community.id, input);
    await recordAudit(tx, ctx, { action: 'community.settings_changed', subjectType: 'community', subjectId: ctx.community.slug, detail: input });
    return presentCommunity(row);
  });
}

/**
 * A community's settings as the request found them (cached for up to 30 s per process): for what
 * is shown. A rule that checks money reads `getSettingsIn` instead.
 */
export function settingsOf(community: Community): Required<CommunitySettings> {
  return { ...DEFAULT_SETTINGS, ...community.settings };
}

/** The settings as they are in the database now, inside the caller's transaction: whatever process changed them. */
export async function getSettingsIn(tx: Tx, communityId: number): Promise<Required<CommunitySettings>> {
  return { ...DEFAULT_SETTINGS, ...(await repo.getSettings(tx, communityId)) };
}
