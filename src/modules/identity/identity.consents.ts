import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../database.ts';
import { requireActor, requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { requireFiles } from '../../platform/files.ts';
import { composeSms } from '../../platform/sms.ts';
import { UNACTABLE_ROLES } from '../../platform/tenancy.ts';
import { getPeople, type PersonRef } from './identity.people.ts';
import * as repo from './identity.repository.ts';
import type { ConsentsQueryInput, ConsentView, GiveConsentInput, RecordConsentInput, SendConsentCodeInput } from './identity.schemas.ts';
import { removeHeldPerson } from './identity.privacy.ts';
import { proveCode, recordAudit, sendCodeTo } from './identity.service.ts';
import type { ConsentPurpose, IdentityTables } from './identity.tables.ts';

// Consent, the person's own (issue 11). Staff act for a resident (代办), a family carer acts for
// an elder, a guardian answers for a child under 14, only on consent that the person (or the
// guardian) gave in a way that proves it:
// - code: a code sent to the giver's own phone, read back to staff;
// - self: the giver, signed in, gives it themselves;
// - paper: a signed form whose photo is kept, countersigned by a second staff member; it
//   authorises nothing until then.
// Consent names its purpose, is shown to the person, and is withdrawn by them or by staff on
// their word. Nobody is acted for who holds a role that checks or handles the community's work.

type ConsentRow = Selectable<IdentityTables['consents']>;

/** What the SMS asks the giver to agree to, in their words. */
function purposeText(purpose: ConsentPurpose, grantee: string | null, person: string): string {
  switch (purpose) {
    case 'act_for':
      return '社区工作人员为您代办事务';
    case 'carer':
      return `家属${grantee ?? ''}为您代办事务`;
    case 'guardian':
      return `登记您的孩子${person}的信息`;
  }
}

export function consentState(row: Pick<ConsentRow, 'method' | 'active_from' | 'withdrawn_at'>): ConsentView['state'] {
  if (row.withdrawn_at) return 'withdrawn';
  if (row.method === 'recorded') return 'unproven';
  return row.active_from ? 'active' : 'awaiting_countersign';
}

function present(row: ConsentRow, people: Map<number, PersonRef>): ConsentView {
  const ref = (id: number | null) => (id === null ? null : { userId: id, name: people.get(id)?.displayName ?? '' });
  return {
    id: row.id,
    purpose: row.purpose,
    person: ref(row.person_id)!,
    grantee: ref(row.grantee_id),
    givenBy: ref(row.given_by)!,
    method: row.method,
    note: row.note,
    formUrl: row.form_sha256 ? `/files/${row.form_sha256}` : null,
    recordedBy: ref(row.recorded_by),
    countersignedBy: ref(row.countersigned_by),
    state: consentState(row),
    createdAt: row.created_at.toISOString(),
    activeFrom: row.active_from?.toISOString() ?? null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
  };
}

async function presentAll(db: Executor, rows: ConsentRow[]): Promise<ConsentView[]> {
  const people = await getPeople(
    db,
    rows.flatMap((r) => [r.person_id, r.grantee_id, r.given_by, r.recorded_by, r.countersigned_by]),
  );
  return rows.map((r) => present(r, people));
}

/** Staff acting as themselves: consent is asked for and recorded by a person, never through 代办. */
function requireStaffInPerson(ctx: CommunityContext): Actor {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  return requireRole(ctx, 'staff');
}

interface Parties {
  person: { id: number; displayName: string; phone: string | null };
  grantee: { id: number; displayName: string; phone: string | null } | null;
  giver: { id: number; displayName: string; phone: string | null };
}

/** Checks who a consent is about and for; the giver is the person, or a child's guardian. */
async function parties(tx: Tx, communityId: number, personId: number, purpose: ConsentPurpose, granteeId: number | undefined): Promise<Parties> {
  if ((purpose === 'act_for') !== (granteeId === undefined)) throw new AppError('VALIDATION_FAILED', { detail: 'granteeId' });
  const membership = await repo.getMembership(tx, communityId, personId);
  if (!membership) throw new AppError('NOT_FOUND', { what: 'member', whatZh: '成员' });
  if (purpose === 'act_for' && membership.roles.some((r) => UNACTABLE_ROLES.has(r))) throw new AppError('NOT_ACTABLE');
  const person = await repo.getUserById(tx, personId);
  if (!person || person.closed_at) throw new AppError('NOT_FOUND', { what: 'member', whatZh: '成员' });
  let grantee: Parties['grantee'] = null;
  if (granteeId !== undefined) {
    if (granteeId === personId) throw new AppError('VALIDATION_FAILED', { detail: 'granteeId' });
    const row = await repo.getUserById(tx, granteeId);
    // A carer or guardian signs in to act, so they are a member with a number of their own.
    if (!row || row.closed_at || !(await repo.getMembership(tx, communityId, granteeId))) throw new AppError('NOT_FOUND', { what: 'member', whatZh: '成员' });
    if (!row.phone) throw new AppError('NO_PHONE');
    grantee = { id: row.id, displayName: row.display_name, phone: row.phone };
  }
  const self = { id: person.id, displayName: person.display_name, phone: person.phone };
  return { person: self, grantee, giver: purpose === 'guardian' ? grantee! : self };
}

/** Staff send the giver a code that, read back, records their consent. */
export async function sendConsentCode(ctx: CommunityContext, personId: number, input: SendConsentCodeInput): Promise<void> {
  requireStaffInPerson(ctx);
  const found = await transact(ctx.deps.db, { communityId: ctx.community.id }, (tx) => parties(tx, ctx.community.id, personId, input.purpose, input.granteeId));
  const phone = found.giver.phone;
  if (!phone) throw new AppError('NO_PHONE');
  const purpose = purposeText(input.purpose, found.grantee?.displayName ?? null, found.person.displayName);
  await sendCodeTo(ctx.deps, phone, 'consent', (code) => composeSms(phone, 'consent_code', { community: ctx.community.name, purpose, code }));
}

/**
 * Inside the caller's transaction (the people register gives a guardian's consent as it registers
 * the child): records a consent whose proof the caller has checked.
 */
export async function insertConsent(
  tx: Tx,
  ctx: CommunityContext,
  row: {
    personId: number;
    purpose: ConsentPurpose;
    granteeId: number | null;
    givenBy: number;
    method: 'code' | 'paper' | 'self';
    note: string;
    formSha256?: string;
    recordedBy: number | null;
  },
): Promise<ConsentView> {
  const inserted = await tx
    .insertInto('consents')
    .values({
      community_id: ctx.community.id,
      person_id: row.personId,
      purpose: row.purpose,
      grantee_id: row.granteeId,
      given_by: row.givenBy,
      method: row.method,
      note: row.note.trim(),
      form_sha256: row.formSha256 ?? null,
      recorded_by: row.recordedBy,
      active_from: row.method === 'paper' ? null : new Date(),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw new AppError('CONSENT_EXISTS');
  await recordAudit(tx, ctx, {
    action: 'consent.given',
    subjectType: 'user',
    subjectId: row.personId,
    detail: { consent: inserted.id, purpose: row.purpose, grantee: row.granteeId, method: row.method },
  });
  return (await presentAll(tx, [inserted]))[0]!;
}

/** Staff record a consent given by a code read back (active now) or on a paper form (awaiting a countersignature). */
export async function recordConsent(ctx: CommunityContext, personId: number, input: RecordConsentInput): Promise<ConsentView> {
  const staff = requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  const found = await transact(ctx.deps.db, { communityId }, (tx) => parties(tx, communityId, personId, input.purpose, input.granteeId));
  if (input.evidence.method === 'code') {
    if (!found.giver.phone) throw new AppError('NO_PHONE');
    await proveCode(ctx.deps, found.giver.phone, 'consent', input.evidence.code);
  }
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    // the photo of the form is held until this commits, so the clean-up of unreferenced files cannot take it
    if (input.evidence.method === 'paper') await requireFiles(tx, communityId, [input.evidence.formSha256]);
    return insertConsent(tx, ctx, {
      personId,
      purpose: input.purpose,
      granteeId: found.grantee?.id ?? null,
      givenBy: found.giver.id,
      method: input.evidence.method,
      note: input.note,
      ...(input.evidence.method === 'paper' ? { formSha256: input.evidence.formSha256 } : {}),
      recordedBy: staff.userId,
    });
  });
}

async function lockConsent(tx: Tx, communityId: number, id: number): Promise<ConsentRow> {
  const row = await tx.selectFrom('consents').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { what: 'consent', whatZh: '授权' });
  return row;
}

/** A second staff member, who did not record it, countersigns a paper consent: it takes effect. */
export async function countersignConsent(ctx: CommunityContext, id: number): Promise<ConsentView> {
  const staff = requireStaffInPerson(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const row = await lockConsent(tx, ctx.community.id, id);
    if (consentState(row) !== 'awaiting_countersign') throw new AppError('CONSENT_DECIDED');
    if (row.recorded_by === staff.userId) throw new AppError('CONSENT_OWN');
    const now = new Date();
    const updated = await tx
      .updateTable('consents')
      .set({ countersigned_by: staff.userId, countersigned_at: now, active_from: now })
      .where('community_id', '=', ctx.community.id)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'consent.countersigned', subjectType: 'user', subjectId: row.person_id, detail: { consent: id } });
    return (await presentAll(tx, [updated]))[0]!;
  });
}

async function withdraw(ctx: CommunityContext, id: number, by: Actor, mayWithdraw: (row: ConsentRow) => boolean): Promise<ConsentView> {
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const row = await lockConsent(tx, ctx.community.id, id);
    if (!mayWithdraw(row)) throw new AppError('NOT_FOUND', { what: 'consent', whatZh: '授权' });
    if (row.withdrawn_at) throw new AppError('CONSENT_DECIDED');
    const updated = await tx
      .updateTable('consents')
      .set({ withdrawn_at: new Date(), withdrawn_by: by.userId })
      .where('community_id', '=', ctx.community.id)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'consent.withdrawn', subjectType: 'user', subjectId: row.person_id, detail: { consent: id } });
    // a child's data is held on a guardian's consent (PIPL Art. 31): without any, the child's entry goes
    if (row.purpose === 'guardian' && !(await hasGuardian(tx, ctx.community.id, row.person_id))) await removeHeldPerson(tx, ctx.community.id, row.person_id);
    return (await presentAll(tx, [updated]))[0]!;
  });
}

/** Staff withdraw a consent on the person's word (by phone, at the desk). */
export async function withdrawConsent(ctx: CommunityContext, id: number): Promise<ConsentView> {
  return withdraw(ctx, id, requireStaffInPerson(ctx), () => true);
}

/** The person, or whoever gave it, withdraws it themselves; a carer or guardian may also give it up. */
export async function withdrawMyConsent(ctx: CommunityContext, id: number): Promise<ConsentView> {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  const me = requireActor(ctx);
  return withdraw(ctx, id, me, (row) => [row.person_id, row.given_by, row.grantee_id].includes(me.userId));
}

/** A resident, signed in, consents themselves: to 代办, or to a family member acting for them. */
export async function giveMyConsent(ctx: CommunityContext, input: GiveConsentInput): Promise<ConsentView> {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  const me = requireActor(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const found = await parties(tx, ctx.community.id, me.userId, input.purpose, input.granteeId);
    return insertConsent(tx, ctx, {
      personId: me.userId,
      purpose: input.purpose,
      granteeId: found.grantee?.id ?? null,
      givenBy: me.userId,
      method: 'self',
      note: input.note,
      recordedBy: null,
    });
  });
}

function listQuery(db: Executor, communityId: number) {
  return db.selectFrom('consents').selectAll().where('community_id', '=', communityId).orderBy('created_at', 'desc').orderBy('id', 'desc');
}

/** Staff: consents about one member, or those awaiting a countersignature. */
export async function listConsents(ctx: CommunityContext, query: ConsentsQueryInput): Promise<{ consents: ConsentView[] }> {
  requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    let q = listQuery(tx, ctx.community.id).limit(query.limit);
    if (query.personId !== undefined) q = q.where((eb) => eb.or([eb('person_id', '=', query.personId!), eb('grantee_id', '=', query.personId!)]));
    if (query.state === 'awaiting_countersign') q = q.where('method', '=', 'paper').where('active_from', 'is', null).where('withdrawn_at', 'is', null);
    if (query.state === 'active') q = q.where('active_from', 'is not', null).where('withdrawn_at', 'is', null);
    return { consents: await presentAll(tx, await q.execute()) };
  });
}

/** The consents a member gave, that are about them, or that name them as carer or guardian. */
export async function myConsents(ctx: CommunityContext): Promise<{ consents: ConsentView[] }> {
  const me = requireActor(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const rows = await listQuery(tx, ctx.community.id)
      .where((eb) => eb.or([eb('person_id', '=', me.userId), eb('given_by', '=', me.userId), eb('grantee_id', '=', me.userId)]))
      .limit(200)
      .execute();
    return { consents: await presentAll(tx, rows) };
  });
}

/** Whether anyone is still the child's guardian by an active consent. */
export async function hasGuardian(db: Executor, communityId: number, childId: number): Promise<boolean> {
  const row = await db
    .selectFrom('consents')
    .select('id')
    .where('community_id', '=', communityId)
    .where('purpose', '=', 'guardian')
    .where('person_id', '=', childId)
    .where('active_from', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The children whose only guardian in the community is `guardianId`, in one query. */
export async function childrenOnlyOf(db: Executor, communityId: number, guardianId: number): Promise<number[]> {
  const active = (alias: 'mine' | 'other') => sql`${sql.ref(`${alias}.community_id`)} = ${communityId} and ${sql.ref(`${alias}.purpose`)} = 'guardian'
    and ${sql.ref(`${alias}.active_from`)} is not null and ${sql.ref(`${alias}.withdrawn_at`)} is null`;
  const rows = await sql<{ person_id: number }>`
    select mine.person_id from consents mine
    where ${active('mine')} and mine.grantee_id = ${guardianId}
      and not exists (select 1 from consents other where ${active('other')} and other.person_id = mine.person_id and other.grantee_id <> ${guardianId})`.execute(
    db,
  );
  return rows.rows.map((r) => Number(r.person_id));
}

/** Whether `carerId` may act for `personId` as their family carer (the care module asks before a meal order). */
export async function isCarerOf(db: Executor, communityId: number, carerId: number, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('consents')
    .select(sql<number>`1`.as('one'))
    .where('community_id', '=', communityId)
    .where('purpose', 'in', ['carer', 'guardian'])
    .where('grantee_id', '=', carerId)
    .where('person_id', '=', personId)
    .where('active_from', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
