import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import { requireActor, requireRole, type Community, type CommunityContext, type Deps, type RequestContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { countMembers, getPeople, recordAudit } from '../identity/index.ts';
import * as repo from './communities.repository.ts';
import type {
  CommunityHomeView,
  CommunityView,
  CreateCommunityInput,
  SettingChangesQueryInput,
  SettingChangeView,
  SettingsInput,
} from './communities.schemas.ts';
import type { CommunitySettings } from '../../platform/tables.ts';
import { weakeningKeys } from './communities.settings-fields.ts';

/** What a new community starts with unless the platform admin says otherwise. */
export const DEFAULT_SETTINGS: Required<CommunitySettings> = {
  defaultMarginPercent: 20,
  disclosureContact: '',
  expenseTwoApprovalsOverFen: 500_000, // ¥5,000
  unpaidHoldMinutes: 30,
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
      unpaidHoldMinutes: settings.unpaidHoldMinutes,
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

/**
 * Staff or a platform administrator change settings. A change that weakens a check is not
 * applied: it waits, whole, for a supervisor who did not ask for it (`change`); everything else
 * applies at once (`community`).
 */
export async function updateSettings(ctx: CommunityContext, input: SettingsInput): Promise<{ community: CommunityView } | { change: SettingChangeView }> {
  const actor = requireActor(ctx);
  if (!actor.isPlatformAdmin || ctx.agent) requireRole(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    // locked: a change judged against the settings in force must not race another that changes them
    const current = { ...DEFAULT_SETTINGS, ...(await repo.getSettingsForUpdate(tx, communityId)) };
    if (weakeningKeys(current, input).length > 0) {
      const before = Object.fromEntries(Object.keys(input).map((key) => [key, current[key as keyof CommunitySettings]])) as CommunitySettings;
      const row = await repo.insertSettingChange(tx, { community_id: communityId, changes: input, before, proposed_by: actor.userId });
      await recordAudit(tx, ctx, {
        action: 'community.settings_change_proposed',
        subjectType: 'community',
        subjectId: ctx.community.slug,
        detail: { change: row.id, changes: input, before },
      });
      const change = (await presentChanges(tx, [row]))[0]!;
      await announce(tx, ctx, change);
      return { change };
    }
    const row = await repo.mergeSettings(tx, communityId, input);
    await recordAudit(tx, ctx, { action: 'community.settings_changed', subjectType: 'community', subjectId: ctx.community.slug, detail: input });
    return { community: presentCommunity(row) };
  });
}

/** Changes of settings, pending ones by default, for staff, supervisors and platform administrators. */
export async function listSettingChanges(ctx: CommunityContext, query: SettingChangesQueryInput): Promise<{ changes: SettingChangeView[] }> {
  const actor = requireActor(ctx);
  if (!actor.isPlatformAdmin || ctx.agent) requireRole(ctx, 'staff', 'supervisor');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => ({
    changes: await presentChanges(tx, await repo.listSettingChanges(tx, ctx.community.id, { state: query.state ?? 'pending', limit: query.limit })),
  }));
}

/** A supervisor who did not ask for it approves: the change applies, whole. */
export function approveSettingChange(ctx: CommunityContext, id: number): Promise<SettingChangeView> {
  return decideSettingChange(ctx, id, 'approved');
}

/** …or refuses it: nothing changes. */
export function refuseSettingChange(ctx: CommunityContext, id: number): Promise<SettingChangeView> {
  return decideSettingChange(ctx, id, 'refused');
}

/** Staff or a platform administrator take back a pending change (it changed nothing). */
export function withdrawSettingChange(ctx: CommunityContext, id: number): Promise<SettingChangeView> {
  return decideSettingChange(ctx, id, 'withdrawn');
}

async function decideSettingChange(ctx: CommunityContext, id: number, state: 'approved' | 'refused' | 'withdrawn'): Promise<SettingChangeView> {
  if (ctx.agent) throw new AppError('FORBIDDEN'); // decided by the person themselves, never 代办
  const actor = requireActor(ctx);
  if (state === 'withdrawn') {
    if (!actor.isPlatformAdmin || ctx.agent) requireRole(ctx, 'staff');
  } else requireRole(ctx, 'supervisor');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const change = await repo.getSettingChangeForUpdate(tx, communityId, id);
    if (!change) throw new AppError('NOT_FOUND', { what: 'change of settings', whatZh: '设置变更' });
    if (change.state !== 'pending') throw new AppError('SETTING_CHANGE_DECIDED');
    if (state !== 'withdrawn' && change.proposed_by === actor.userId) throw new AppError('SETTING_CHANGE_OWN');
    if (state === 'approved') {
      await repo.getSettingsForUpdate(tx, communityId);
      await repo.mergeSettings(tx, communityId, change.changes);
    }
    const decided = await repo.decideSettingChange(tx, communityId, id, { state, decided_by: actor.userId });
    await recordAudit(tx, ctx, {
      action: `community.settings_change_${state}`,
      subjectType: 'community',
      subjectId: ctx.community.slug,
      detail: { change: id, changes: change.changes },
    });
    const presented = (await presentChanges(tx, [decided]))[0]!;
    await announce(tx, ctx, presented);
    return presented;
  });
}

/**
 * What another module does when a change of settings starts to wait for a supervisor or is decided
 * (approved, refused, withdrawn), inside the same transaction: the notifications module tells the
 * supervisors, then the one who asked.
 */
export type SettingChangeHook = (tx: Tx, ctx: CommunityContext, change: SettingChangeView) => Promise<void>;

declare module '../../platform/module.ts' {
  interface ModuleDefinition {
    /** Runs inside the transaction that makes a change of settings wait for a supervisor, or decides one. */
    readonly onSettingChange?: SettingChangeHook;
  }
}

async function announce(tx: Tx, ctx: CommunityContext, change: SettingChangeView) {
  for (const m of ctx.deps.modules) await m.onSettingChange?.(tx, ctx, change);
}

type ChangeRow = NonNullable<Awaited<ReturnType<typeof repo.getSettingChangeForUpdate>>>;

async function presentChanges(tx: Tx, rows: ChangeRow[]): Promise<SettingChangeView[]> {
  const people = await getPeople(
    tx,
    rows.flatMap((r) => [r.proposed_by, r.decided_by]),
  );
  const person = (id: number) => ({ userId: id, name: people.get(id)?.displayName ?? '' });
  return rows.map((r) => ({
    id: r.id,
    changes: r.changes,
    before: r.before,
    weakens: weakeningKeys({ ...DEFAULT_SETTINGS, ...r.before }, r.changes),
    proposedBy: person(r.proposed_by),
    state: r.state,
    decidedBy: r.decided_by === null ? null : person(r.decided_by),
    decidedAt: r.decided_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
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
