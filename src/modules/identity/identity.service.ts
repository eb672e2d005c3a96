import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import { issueSession } from '../../platform/auth.ts';
import { auditActors, requireActor, requireRole, type CommunityContext, type Deps, type RequestContext, type Role } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/log.ts';
import { DUMMY_HASH, hashPassword, isWeakPassword, verifyPassword } from '../../platform/passwords.ts';
import { composeSms, SmsSendError, type SmsMessage } from '../../platform/sms.ts';
import * as repo from './identity.repository.ts';
import type {
  ChangePasswordInput,
  LoginInput,
  LoginWithCodeInput,
  MembersQueryInput,
  MemberView,
  MeView,
  RegisterInput,
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

/**
 * Opens an account for a number proven by a registration code. Only someone who reads the number's
 * messages learns that it is already taken.
 */
export async function register(ctx: RequestContext, input: RegisterInput, join?: { communityId: number }): Promise<SignedIn> {
  if (isWeakPassword(input.password)) throw new AppError('WEAK_PASSWORD');
  await proveCode(ctx.deps, input.phone, 'register', input.code);
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

export type CodePurpose = 'login' | 'reset' | 'register' | 'link' | 'consent';

/**
 * Stores a fresh code for the number and sends it in the message `compose` makes. A provider's
 * refusal is swallowed: the answer must not differ with the number (the sender has logged why, and
 * the person asks again after a minute).
 */
export async function sendCodeTo(deps: Deps, phone: string, purpose: CodePurpose, compose: (code: string) => SmsMessage): Promise<void> {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await repo.insertCode(deps.db, { phone, purpose, code_hash: codeHash(phone, code), expires_at: new Date(Date.now() + CODE_TTL_MS) });
  try {
    await deps.sms.send(compose(code));
  } catch (error) {
    if (!(error instanceof SmsSendError)) throw error;
  }
}

/**
 * Proves that whoever sent `code` reads the number's messages: throws CODE_INVALID otherwise. The
 * code is spent either way, and a wrong guess is counted in its own transaction, so it stays
 * counted when the caller's work fails.
 */
export async function proveCode(deps: Deps, phone: string, purpose: CodePurpose, code: string): Promise<void> {
  const matched = await transact(deps.db, {}, (tx) => consumeCode(tx, phone, purpose, code));
  if (!matched) throw new AppError('CODE_INVALID');
}

/**
 * Sends a one-time code. The answer is the same whether or not the number has an account: a
 * login or reset code goes only to a number that has one, a registration code to any number (whoever
 * proves a number that is taken learns so then, and only then).
 */
export async function sendCode(ctx: RequestContext, input: SendCodeInput): Promise<void> {
  if (input.purpose !== 'register' && !(await repo.getUserByPhone(ctx.deps.db, input.phone))) {
    ctx.deps.log.info({ phone: maskPhone(input.phone) }, 'code requested for an unknown number');
    return;
  }
  const template = ({ login: 'login_code', reset: 'reset_code', register: 'register_code' } as const)[input.purpose];
  await sendCodeTo(ctx.deps, input.phone, input.purpose, (code) => composeSms(input.phone, template, { code }));
}

/** Consumes a code: single use, five wrong tries spend it, expired codes never match. */
async function consumeCode(tx: Tx, phone: string, purpose: CodePurpose, code: string) {
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
  await proveCode(ctx.deps, input.phone, 'login', input.code);
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
  await proveCode(ctx.deps, input.phone, 'reset', input.code);
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
