import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Tx } from '../../database.ts';
import { requireActor, type RequestContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { defineJob } from '../../platform/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/module.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import { UNACTABLE_ROLES } from '../../platform/tenancy.ts';
import { consentState } from './identity.consents.ts';
import * as repo from './identity.repository.ts';
import type { CloseAccountInput, MyDataView } from './identity.schemas.ts';
import { proveCode } from './identity.service.ts';

// The person's rights over their data (PIPL Arts. 45–47): they see everything held about them,
// download it, correct it (their name here, their register entry in the people module), and close
// their account. Each module answers for its own tables through its `personalData` hook; closing
// runs them all in one transaction, community by community, or none.

/** The name a closed account keeps, so that records pointing at it still read. */
export const CLOSED_NAME = '已注销用户';

async function inCommunity(tx: Tx, communityId: number, userId: number) {
  await sql`select set_config('app.community_id', ${String(communityId)}, true), set_config('app.user_id', ${String(userId)}, true)`.execute(tx);
}

/** Everything held about me: my account, and in each of my communities what each module holds. */
export async function myData(ctx: RequestContext): Promise<MyDataView> {
  const me = requireActor(ctx);
  return transact(ctx.deps.db, { userId: me.userId }, async (tx) => {
    const user = await repo.getUserById(tx, me.userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const memberships = await repo.listMyMemberships(tx, me.userId);
    const sessions = await tx
      .selectFrom('sessions')
      .select(['created_at', 'last_seen_at', 'expires_at'])
      .where('user_id', '=', me.userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .execute();
    const events = await tx.selectFrom('account_events').select(['action', 'at']).where('user_id', '=', me.userId).orderBy('at', 'desc').limit(200).execute();
    const communities: MyDataView['communities'] = [];
    for (const m of memberships) {
      const community = await tx.selectFrom('communities').select('id').where('slug', '=', m.slug).executeTakeFirstOrThrow();
      await inCommunity(tx, community.id, me.userId);
      const held: Record<string, unknown> = {};
      for (const module of ctx.deps.modules) {
        const part = await module.personalData?.export?.(tx, community.id, me.userId);
        if (part) held[module.name] = part;
      }
      communities.push({ slug: m.slug, name: m.name, roles: m.roles, data: held });
    }
    return {
      generatedAt: new Date().toISOString(),
      account: {
        id: user.id,
        phone: user.phone,
        displayName: user.display_name,
        namePublic: user.name_public,
        hasPassword: user.password_hash !== null,
        createdAt: user.created_at.toISOString(),
        passwordChangedAt: user.password_changed_at.toISOString(),
      },
      sessions: sessions.map((s) => ({
        createdAt: s.created_at.toISOString(),
        lastSeenAt: s.last_seen_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
      })),
      accountEvents: events.map((e) => ({ action: e.action, at: e.at.toISOString() })),
      communities,
    };
  });
}

/**
 * Closes my account, proven again by my password or a login code. Refused while I hold a role
 * that does the community's work (give it up first, so nobody is left without staff) or while a
 * module has something open (an order not collected, money owed to me). Then every module removes
 * what it holds, my memberships go, and the account keeps only its id and "已注销用户" for the
 * records that must outlive it: the fund's book, sales, the audit log.
 */
export async function closeAccount(ctx: RequestContext, input: CloseAccountInput): Promise<void> {
  const me = requireActor(ctx);
  const user = await repo.getUserById(ctx.deps.db, me.userId);
  if (!user || user.closed_at) throw new AppError('UNAUTHENTICATED');
  if ('password' in input) {
    if (!user.password_hash || !(await verifyPassword(input.password, user.password_hash))) throw new AppError('INVALID_CREDENTIALS');
  } else {
    if (!user.phone) throw new AppError('CODE_INVALID');
    await proveCode(ctx.deps, user.phone, 'login', input.code);
  }
  await transact(ctx.deps.db, { userId: me.userId }, async (tx) => {
    const memberships = await tx.selectFrom('memberships').select(['community_id', 'roles']).where('user_id', '=', me.userId).forUpdate().execute();
    if (memberships.some((m) => m.roles.some((r) => UNACTABLE_ROLES.has(r)))) throw new AppError('CLOSE_ROLES_HELD');
    for (const m of memberships) {
      await inCommunity(tx, m.community_id, me.userId);
      for (const module of ctx.deps.modules) await module.personalData?.refuseClosing?.(tx, m.community_id, me.userId);
    }
    for (const m of memberships) {
      await inCommunity(tx, m.community_id, me.userId);
      // the modules that depend on others first, so what points at a row goes before the row
      for (const module of [...ctx.deps.modules].reverse()) await module.personalData?.close?.(tx, m.community_id, me.userId);
      await tx.deleteFrom('memberships').where('community_id', '=', m.community_id).where('user_id', '=', me.userId).execute();
    }
    if (user.phone) await tx.deleteFrom('one_time_codes').where('phone', '=', user.phone).execute();
    await repo.revokeSessions(tx, { userId: me.userId });
    await tx
      .updateTable('users')
      .set({ phone: null, password_hash: null, name_public: false, display_name: CLOSED_NAME, closed_at: new Date() })
      .where('id', '=', me.userId)
      .execute();
    await repo.insertAccountEvent(tx, me.userId, 'account.closed');
  });
}

/** Identity's own part: consents about me, given by me or naming me, and what the audit log says was done to or for me. */
export const identityPersonalData: PersonalData = {
  async export(tx, communityId, userId) {
    const consents = await tx
      .selectFrom('consents')
      .select(['id', 'purpose', 'person_id', 'grantee_id', 'given_by', 'method', 'note', 'created_at', 'active_from', 'withdrawn_at'])
      .where('community_id', '=', communityId)
      .where((eb) => eb.or([eb('person_id', '=', userId), eb('given_by', '=', userId), eb('grantee_id', '=', userId)]))
      .orderBy('id')
      .execute();
    const audit = await tx
      .selectFrom('audit_log')
      .select(['at', 'action', 'subject_type', 'subject_id', 'actor_id', 'on_behalf_of'])
      .where('community_id', '=', communityId)
      .where((eb) =>
        eb.or([eb('on_behalf_of', '=', userId), eb('actor_id', '=', userId), eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', String(userId))])]),
      )
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return {
      consents: consents.map((c) => ({
        id: c.id,
        purpose: c.purpose,
        aboutMe: c.person_id === userId,
        givenByMe: c.given_by === userId,
        namesMe: c.grantee_id === userId,
        method: c.method,
        note: c.note,
        state: consentState({ method: c.method, active_from: c.active_from, withdrawn_at: c.withdrawn_at }),
        createdAt: c.created_at.toISOString(),
      })),
      auditLog: audit.map((a) => ({
        at: a.at.toISOString(),
        action: a.action,
        subject: `${a.subject_type}:${a.subject_id}`,
        byMe: a.actor_id === userId,
        forMe: a.on_behalf_of === userId,
      })),
    };
  },
  async close(tx, communityId, userId) {
    await tx
      .updateTable('consents')
      .set({ withdrawn_at: new Date(), withdrawn_by: userId })
      .where('community_id', '=', communityId)
      .where('withdrawn_at', 'is', null)
      .where((eb) => eb.or([eb('person_id', '=', userId), eb('given_by', '=', userId), eb('grantee_id', '=', userId)]))
      .execute();
  },
};

/**
 * Removes from a community someone registered without a phone of their own (a child whose only
 * guardian closes their account), and closes their account when no community holds them any more.
 */
export async function removeHeldPerson(tx: Tx, communityId: number, userId: number): Promise<void> {
  const user = await repo.getUserById(tx, userId);
  if (!user || user.phone !== null) return;
  await tx
    .updateTable('consents')
    .set({ withdrawn_at: new Date(), withdrawn_by: userId })
    .where('community_id', '=', communityId)
    .where('person_id', '=', userId)
    .where('withdrawn_at', 'is', null)
    .execute();
  await tx.deleteFrom('memberships').where('community_id', '=', communityId).where('user_id', '=', userId).execute();
  const elsewhere = await sql<{ n: number }>`select count(*)::int as n from memberships where user_id = ${userId}`.execute(tx);
  if ((elsewhere.rows[0]?.n ?? 0) === 0) {
    await tx.updateTable('users').set({ display_name: CLOSED_NAME, name_public: false, closed_at: new Date() }).where('id', '=', userId).execute();
  }
}

/** How long what only served signing in is kept once it no longer works. */
export const SIGN_IN_RECORDS_KEPT_DAYS = 30;

/**
 * Every night: one-time codes a day after they expired, and sessions 30 days after they ended
 * (expired or signed out), are deleted. Nothing else needs them.
 */
export const forgetExpiredJob = defineJob({
  payload: Type.Object({}),
  schedule: '17 3 * * *',
  async handle(_payload, { deps, log }) {
    const codes = await deps.db
      .deleteFrom('one_time_codes')
      .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
      .executeTakeFirst();
    const sessions = await deps.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', sql<Date>`now() - make_interval(days => ${SIGN_IN_RECORDS_KEPT_DAYS})`),
          eb('revoked_at', '<', sql<Date>`now() - make_interval(days => ${SIGN_IN_RECORDS_KEPT_DAYS})`),
        ]),
      )
      .executeTakeFirst();
    log.info({ codes: Number(codes.numDeletedRows), sessions: Number(sessions.numDeletedRows) }, 'expired sign-in records deleted');
  },
});
