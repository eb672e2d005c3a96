import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import { issueSession } from '../../platform/auth.ts';
import { UNACTABLE_ROLES } from '../../platform/tenancy.ts';
import { auditActors, requireActor, requireRole, type CommunityContext, type RequestContext, type Role } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/log.ts';
import { DUMMY_HASH, hashPassword, isWeakPassword, verifyPassword } from '../../platform/passwords.ts';
import { composeSms, SmsSendError } from '../../platform/sms.ts';
import * as repo from './identity.repository.ts';
import type {
  ChangePasswordInput,
  LoginInput,
  LoginWithCodeInput,
  MembersQueryInput,
  MemberView,
  MeView,
  RegisterInput,
  RegisterResidentInput,
  ResetPasswordInput,
  SendCodeInput,
  UpdateMeInput,
  UserView,
} from './identity.schemas.ts';

const CODE_TTL_MS = 5 * 60_000;
const CODE_MAX_ATTEMPTS = 5;

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.getUserById>>>;
export interface SignedIn {
  user: UserView;
  session: { token: string; expiresAt: Date };
}

/** A user as the person themselves sees it. */
export function presentUser(row: UserRow): UserView {
  return { id: row.id, phone: row.phone, displayName: row.display_name, namePublic: row.name_public, isPlatformAdmin: row.is_platform_admin };
}

/** Writes one audit row inside the caller's transaction: who, on whose behalf, what, which object. */
export async function recordAudit(
  tx: Tx,
  ctx: CommunityContext,
  entry: { action: string; subjectType: string; subjectId: string | number; detail?: Record<string, unknown> },
) {
  const { actorId, onBehalfOf } = auditActors(ctx);
  await repo.insertAudit(tx, {
    community_id: ctx.community.id,
    actor_id: actorId,
    on_behalf_of: onBehalfOf,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: String(entry.subjectId),
    detail: JSON.stringify(entry.detail ?? {}),
  });
}

function codeHash(phone: string, code: string) {
  return crypto.createHash('sha256').update(`${phone}:${code}`).digest();
}

export async function register(ctx: RequestContext, input: RegisterInput, join?: { communityId: number }): Promise<SignedIn> {
  if (isWeakPassword(input.password)) throw new AppError('WEAK_PASSWORD');
  const passwordHash = await hashPassword(input.password);
  return transact(ctx.deps.db, {}, async (tx) => {
    if (await repo.getUserByPhone(tx, input.phone)) throw new AppError('PHONE_TAKEN');
    const user = await repo.insertUser(tx, { phone: input.phone, display_name: input.displayName.trim(), password_hash: passwordHash });
    await repo.insertAccountEvent(tx, user.id, 'registered');
    if (join) await joinAs(tx, join.communityId, user.id, ['resident']);
    const session = await issueSession(tx, ctx.deps, user.id);
    return { user: presentUser(user), session };
  });
}

async function joinAs(tx: Tx, communityId: number, userId: number, roles: Role[]) {
  await transactInCommunity(tx, communityId, userId);
  return repo.insertMembership(tx, { community_id: communityId, user_id: userId, roles });
}

/** Sets the tenant for the rest of a transaction that began without one. */
async function transactInCommunity(tx: Tx, communityId: number, userId: number) {
  await sql`select set_config('app.community_id', ${String(communityId)}, true), set_config('app.user_id', ${String(userId)}, true)`.execute(tx);
}

export async function login(ctx: RequestContext, input: LoginInput): Promise<SignedIn> {
  const user = await repo.getUserByPhone(ctx.deps.db, input.phone);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !user.password_hash || !ok) throw new AppError('INVALID_CREDENTIALS');
  return transact(ctx.deps.db, {}, async (tx) => {
    await repo.insertAccountEvent(tx, user.id, 'login.password');
    return { user: presentUser(user), session: await issueSession(tx, ctx.deps, user.id) };
  });
}

/** Sends a one-time code. The answer is the same whether or not the number has an account. */
export async function sendCode(ctx: RequestContext, input: SendCodeInput): Promise<void> {
  const user = await repo.getUserByPhone(ctx.deps.db, input.phone);
  if (!user) {
    ctx.deps.log.info({ phone: maskPhone(input.phone) }, 'code requested for an unknown number');
    return;
  }
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await repo.insertCode(ctx.deps.db, {
    phone: input.phone,
    purpose: input.purpose,
    code_hash: codeHash(input.phone, code),
    expires_at: new Date(Date.now() + CODE_TTL_MS),
  });
  try {
    await ctx.deps.sms.send(composeSms(input.phone, input.purpose === 'login' ? 'login_code' : 'reset_code', { code }));
  } catch (error) {
    // The same answer as for an unknown number, so a provider's refusal does not tell who has an
    // account; the sender has logged why, and the person asks again after a minute.
    if (!(error instanceof SmsSendError)) throw error;
  }
}

/** Consumes a code: single use, five wrong tries spend it, expired codes never match. */
async function consumeCode(tx: Tx, phone: string, purpose: 'login' | 'reset', code: string) {
  const live = await repo.getLiveCodeForUpdate(tx, phone, purpose);
  if (!live || live.attempts >= CODE_MAX_ATTEMPTS) throw new AppError('CODE_INVALID');
  if (!crypto.timingSafeEqual(live.code_hash, codeHash(phone, code))) {
    await repo.markCode(tx, live.id, { failedAttempt: true });
    return false;
  }
  await repo.markCode(tx, live.id, { used: true });
  return true;
}

export async function loginWithCode(ctx: RequestContext, input: LoginWithCodeInput): Promise<SignedIn> {
  // The failed attempt must be counted even though the request fails, so it commits first.
  const matched = await transact(ctx.deps.db, {}, (tx) => consumeCode(tx, input.phone, 'login', input.code));
  if (!matched) throw new AppError('CODE_INVALID');
  return transact(ctx.deps.db, {}, async (tx) => {
    const user = await repo.getUserByPhone(tx, input.phone);
    if (!user) throw new AppError('CODE_INVALID');
    await repo.insertAccountEvent(tx, user.id, 'login.code');
    return { user: presentUser(user), session: await issueSession(tx, ctx.deps, user.id) };
  });
}

export async function resetPassword(ctx: RequestContext, input: ResetPasswordInput): Promise<SignedIn> {
  if (isWeakPassword(input.newPassword)) throw new AppError('WEAK_PASSWORD');
  const passwordHash = await hashPassword(input.newPassword);
  const matched = await transact(ctx.deps.db, {}, (tx) => consumeCode(tx, input.phone, 'reset', input.code));
  if (!matched) throw new AppError('CODE_INVALID');
  return transact(ctx.deps.db, {}, async (tx) => {
    const found = await repo.getUserByPhone(tx, input.phone);
    if (!found) throw new AppError('CODE_INVALID');
    const user = await repo.updateUser(tx, found.id, { password_hash: passwordHash, password_changed_at: new Date() });
    await repo.revokeSessions(tx, { userId: user.id });
    await repo.insertAccountEvent(tx, user.id, 'password.reset');
    return { user: presentUser(user), session: await issueSession(tx, ctx.deps, user.id) };
  });
}

/** Changes the password and signs out every session, then signs this one in again. */
export async function changePassword(ctx: RequestContext, input: ChangePasswordInput): Promise<SignedIn> {
  const actor = requireActor(ctx);
  if (isWeakPassword(input.newPassword)) throw new AppError('WEAK_PASSWORD');
  const current = await repo.getUserById(ctx.deps.db, actor.userId);
  if (!current?.password_hash || !(await verifyPassword(input.currentPassword, current.password_hash))) throw new AppError('INVALID_CREDENTIALS');
  const passwordHash = await hashPassword(input.newPassword);
  return transact(ctx.deps.db, {}, async (tx) => {
    const user = await repo.updateUser(tx, actor.userId, { password_hash: passwordHash, password_changed_at: new Date() });
    await repo.revokeSessions(tx, { userId: actor.userId });
    await repo.insertAccountEvent(tx, actor.userId, 'password.changed');
    return { user: presentUser(user), session: await issueSession(tx, ctx.deps, actor.userId) };
  });
}

export async function logout(ctx: RequestContext, sessionId: number | null): Promise<void> {
  if (sessionId === null) return;
  await repo.revokeSessions(ctx.deps.db, { sessionId });
}

export async function getMe(ctx: RequestContext): Promise<MeView> {
  if (!ctx.actor) return { user: null, communities: [] };
  const userId = ctx.actor.userId;
  return transact(ctx.deps.db, { userId }, async (tx) => {
    const user = await repo.getUserById(tx, userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const memberships = await repo.listMyMemberships(tx, userId);
    return { user: presentUser(user), communities: memberships.map((m) => ({ slug: m.slug, name: m.name, roles: m.roles })) };
  });
}

export async function updateMe(ctx: RequestContext, input: UpdateMeInput): Promise<UserView> {
  const actor = requireActor(ctx);
  const user = await repo.updateUser(ctx.deps.db, actor.userId, {
    ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
    ...(input.namePublic !== undefined ? { name_public: input.namePublic } : {}),
  });
  return presentUser(user);
}

/** A signed-in person joins a community as a resident. Joining twice is harmless. */
export async function joinCommunity(ctx: CommunityContext): Promise<{ roles: Role[] }> {
  const actor = requireActor(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id, userId: actor.userId }, async (tx) => {
    const created = await repo.insertMembership(tx, { community_id: ctx.community.id, user_id: actor.userId, roles: ['resident'] });
    if (created) await recordAudit(tx, { ...ctx, roles: new Set(created.roles) }, { action: 'member.joined', subjectType: 'user', subjectId: actor.userId });
    const membership = created ?? (await repo.getMembership(tx, ctx.community.id, actor.userId));
    return { roles: membership?.roles ?? [] };
  });
}

export async function listMembers(ctx: CommunityContext, query: MembersQueryInput): Promise<{ members: MemberView[]; total: number }> {
  requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const { rows, total } = await repo.listMembers(tx, ctx.community.id, query);
    return {
      total,
      members: rows.map((r) => ({
        userId: r.id,
        displayName: r.display_name,
        phone: r.phone,
        roles: r.roles,
        joinedAt: r.joined_at.toISOString(),
        hasProxyConsent: r.consent_id !== null,
      })),
    };
  });
}

/** Staff grant a role to a member; granting a role they already hold changes nothing. */
/**
 * Staff register a resident who cannot use a phone themselves, with their consent to be acted
 * for (代办). An existing account with that number is joined instead of duplicated.
 */
export async function registerResident(ctx: CommunityContext, input: RegisterResidentInput): Promise<MemberView> {
  const staff = requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const user =
      (await repo.getUserByPhone(tx, input.phone)) ??
      (await repo.insertUser(tx, { phone: input.phone, display_name: input.displayName.trim(), password_hash: null }));
    const membership =
      (await repo.insertMembership(tx, { community_id: ctx.community.id, user_id: user.id, roles: ['resident'] })) ??
      (await repo.getMembership(tx, ctx.community.id, user.id));
    await repo.insertProxyConsent(tx, { community_id: ctx.community.id, resident_id: user.id, note: input.consentNote, recorded_by: staff.userId });
    await recordAudit(tx, ctx, { action: 'resident.registered_by_staff', subjectType: 'user', subjectId: user.id, detail: { consent: input.consentNote } });
    return {
      userId: user.id,
      displayName: user.display_name,
      phone: user.phone,
      roles: membership?.roles ?? ['resident'],
      joinedAt: (membership?.joined_at ?? new Date()).toISOString(),
      hasProxyConsent: true,
    };
  });
}

export async function recordProxyConsent(ctx: CommunityContext, residentId: number, note: string): Promise<void> {
  requireRole(ctx, 'staff');
  const staff = ctx.agent ?? requireActor(ctx);
  await transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const membership = await repo.getMembership(tx, ctx.community.id, residentId);
    if (!membership) throw new AppError('NOT_FOUND', { what: 'member', whatZh: '成员' });
    if (membership.roles.some((r) => UNACTABLE_ROLES.has(r))) throw new AppError('NOT_ACTABLE');
    await repo.insertProxyConsent(tx, { community_id: ctx.community.id, resident_id: residentId, note, recorded_by: staff.userId });
    await recordAudit(tx, ctx, { action: 'proxy_consent.recorded', subjectType: 'user', subjectId: residentId, detail: { note } });
  });
}

export async function revokeProxyConsent(ctx: CommunityContext, residentId: number): Promise<void> {
  requireRole(ctx, 'staff');
  await transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const revoked = await repo.revokeProxyConsent(tx, ctx.community.id, residentId);
    if (!revoked) throw new AppError('NOT_FOUND', { what: 'consent', whatZh: '代办授权' });
    await recordAudit(tx, ctx, { action: 'proxy_consent.revoked', subjectType: 'user', subjectId: residentId });
  });
}

export async function listAudit(ctx: CommunityContext, page: { limit: number; before?: number | undefined }) {
  requireRole(ctx, 'staff', 'supervisor');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const rows = await repo.listAudit(tx, ctx.community.id, page);
    return {
      entries: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor_name,
        onBehalfOf: r.principal_name,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        detail: r.detail,
      })),
    };
  });
}

/** Makes a member hold `roles` (seeding and community set-up): adds the membership if needed. */
export async function ensureMember(tx: Tx, communityId: number, userId: number, roles: Role[]) {
  const existing = await repo.getMembershipForUpdate(tx, communityId, userId);
  if (!existing) return repo.insertMembership(tx, { community_id: communityId, user_id: userId, roles });
  const merged = [...new Set([...existing.roles, ...roles])];
  return repo.setRoles(tx, communityId, userId, merged);
}
