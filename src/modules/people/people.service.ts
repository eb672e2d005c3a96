import { sql } from 'kysely';
import type { Executor, Tx } from '../../database.ts';
import { requireActor, requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { composeSms } from '../../platform/sms.ts';
import { getAddresses } from '../addresses/index.ts';
import {
  ensureMember,
  getMember,
  getPeople,
  getUserById,
  getUserByPhone,
  hasGuardian,
  insertConsent,
  insertUser,
  proveCode,
  recordAudit,
  sendCodeTo,
  updateUser,
} from '../identity/index.ts';
import type {
  EnrolInput,
  HouseholdInput,
  HouseholdView,
  MyChildInput,
  PeopleQueryInput,
  PersonView,
  SensitiveInput,
  SensitiveView,
  UpdateMyProfileInput,
  UpdatePersonInput,
} from './people.schemas.ts';
import type { AgeBand } from './people.tables.ts';

// The resident register: staff register walk-in residents (many elders have no smartphone, no
// child has one) with the least data that serves; people keep their own entry. A phone number is
// linked to a person only once a code sent to it has come back, and an existing account is joined
// only when its holder reads that code out: staff typing a number learn nothing about whoever
// holds it. A child under 14 is registered only on their guardian's consent (PIPL Art. 31).
// Hardship, disability and health are read only by the roles that need them, each read audited.

const PERSON = { zh: '居民', en: 'resident' };
const HOUSEHOLD = { zh: '家庭', en: 'household' };

/** The age band of a birth year, this year. A year alone cannot tell 13 from 14: the younger is assumed. */
export function ageBandOf(birthYear: number, now = new Date()): AgeBand {
  const age = now.getFullYear() - birthYear;
  if (age <= 14) return 'under_14';
  if (age < 18) return '14_17';
  if (age < 60) return '18_59';
  if (age < 80) return '60_79';
  return '80_plus';
}

function isChild(p: { birthYear?: number | null | undefined; ageBand?: AgeBand | null | undefined }): boolean {
  return (p.birthYear != null && ageBandOf(p.birthYear) === 'under_14') || p.ageBand === 'under_14';
}

/** Staff acting as themselves: registering people and reading their sensitive data is never done through 代办. */
function requireStaffInPerson(ctx: CommunityContext): Actor {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  return requireRole(ctx, 'staff');
}

type ResidentRow = {
  user_id: number;
  birth_year: number | null;
  age_band: AgeBand | null;
  address_id: number | null;
  household_id: number | null;
  groups: PersonView['groups'];
  registered_by: number | null;
  registered_at: Date;
};

function residents(db: Executor, communityId: number) {
  return db
    .selectFrom('residents as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.user_id',
      'r.birth_year',
      'r.age_band',
      'r.address_id',
      'r.household_id',
      'r.groups',
      'r.registered_by',
      'r.registered_at',
      'u.display_name',
      'u.phone',
    ])
    .where('r.community_id', '=', communityId);
}

async function householdLabels(db: Executor, communityId: number, ids: readonly (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map<number, { label: string | null; address_id: number | null }>();
  const rows = await db
    .selectFrom('households')
    .select(['id', 'label', 'address_id'])
    .where('community_id', '=', communityId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Presents register rows with their addresses, households and the people linked by consent. */
async function present(db: Executor, communityId: number, rows: (ResidentRow & { display_name: string; phone: string | null })[]): Promise<PersonView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.user_id);
  const households = await householdLabels(
    db,
    communityId,
    rows.map((r) => r.household_id),
  );
  const addresses = await getAddresses(db, communityId, [...rows.map((r) => r.address_id), ...[...households.values()].map((h) => h.address_id)]);
  const links = await db
    .selectFrom('consents')
    .select(['person_id', 'grantee_id', 'purpose'])
    .where('community_id', '=', communityId)
    .where('active_from', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb('person_id', 'in', ids), eb('grantee_id', 'in', ids)]))
    .execute();
  const names = await getPeople(db, [...links.flatMap((l) => [l.person_id, l.grantee_id]), ...rows.map((r) => r.registered_by)]);
  const ref = (id: number) => ({ userId: id, name: names.get(id)?.displayName ?? '' });
  const linked = (id: number, purpose: 'guardian' | 'carer', side: 'person' | 'grantee') =>
    links
      .filter((l) => l.purpose === purpose && (side === 'person' ? l.person_id === id : l.grantee_id === id))
      .map((l) => ref(side === 'person' ? l.grantee_id! : l.person_id));
  return rows.map((r) => {
    const household = r.household_id === null ? undefined : households.get(r.household_id);
    const address = r.address_id === null ? undefined : addresses.get(r.address_id);
    const householdAddress = household?.address_id == null ? undefined : addresses.get(household.address_id);
    return {
      userId: r.user_id,
      displayName: r.display_name,
      phone: r.phone,
      birthYear: r.birth_year,
      ageBand: r.age_band ?? (r.birth_year === null ? null : ageBandOf(r.birth_year)),
      address: address ? { id: address.id, label: address.label } : null,
      household: household && r.household_id !== null ? { id: r.household_id, label: household.label ?? householdAddress?.label ?? '' } : null,
      groups: r.groups,
      guardians: linked(r.user_id, 'guardian', 'person'),
      children: linked(r.user_id, 'guardian', 'grantee'),
      carers: linked(r.user_id, 'carer', 'person'),
      caresFor: linked(r.user_id, 'carer', 'grantee'),
      actForConsent: links.some((l) => l.purpose === 'act_for' && l.person_id === r.user_id),
      registeredBy: r.registered_by === null ? null : ref(r.registered_by),
      registeredAt: r.registered_at.toISOString(),
    };
  });
}

async function getPersonIn(db: Executor, communityId: number, userId: number): Promise<PersonView | null> {
  const row = await residents(db, communityId).where('r.user_id', '=', userId).executeTakeFirst();
  return row ? (await present(db, communityId, [row]))[0]! : null;
}

/** Checks that an address and a household named in a request are the community's and in use. */
async function checkPlace(tx: Tx, communityId: number, input: { addressId?: number | null | undefined; householdId?: number | null | undefined }) {
  if (input.addressId != null) {
    const found = (await getAddresses(tx, communityId, [input.addressId])).get(input.addressId);
    if (!found) throw notFound({ zh: '地址', en: 'address' });
    if (found.retired) throw new AppError('INVALID_STATE', { state: 'retired', stateZh: '已停用' });
  }
  if (input.householdId != null && (await householdLabels(tx, communityId, [input.householdId])).size === 0) throw notFound(HOUSEHOLD);
}

type ProfileInput = Omit<UpdatePersonInput, 'displayName'>;

function profileColumns(input: ProfileInput) {
  if (input.birthYear != null && input.ageBand != null) throw new AppError('VALIDATION_FAILED', { detail: 'give a birth year or an age band, not both' });
  return {
    ...(input.birthYear !== undefined ? { birth_year: input.birthYear, ...(input.birthYear !== null ? { age_band: null } : {}) } : {}),
    ...(input.ageBand !== undefined ? { age_band: input.ageBand, ...(input.ageBand !== null ? { birth_year: null } : {}) } : {}),
    ...(input.addressId !== undefined ? { address_id: input.addressId } : {}),
    ...(input.householdId !== undefined ? { household_id: input.householdId } : {}),
    ...(input.groups !== undefined ? { groups: input.groups } : {}),
  };
}

/** Texts a number the code that links it to the person at the desk. The answer never depends on the number. */
export async function sendPhoneCode(ctx: CommunityContext, phone: string): Promise<void> {
  requireStaffInPerson(ctx);
  await sendCodeTo(ctx.deps, phone, 'link', (code) => composeSms(phone, 'link_code', { community: ctx.community.name, code }));
}

/** Texts a guardian the code by which they consent to their child being registered. */
export async function sendGuardianCode(ctx: CommunityContext, input: { guardianId: number; childName: string }): Promise<void> {
  requireStaffInPerson(ctx);
  const phone = await guardianPhone(ctx, input.guardianId);
  const purpose = `登记您的孩子${input.childName.trim()}的信息`;
  await sendCodeTo(ctx.deps, phone, 'consent', (code) => composeSms(phone, 'consent_code', { community: ctx.community.name, purpose, code }));
}

async function guardianPhone(ctx: CommunityContext, guardianId: number): Promise<string> {
  const guardian = await transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) =>
    (await getMember(tx, ctx.community.id, guardianId)) ? getUserById(tx, guardianId) : undefined,
  );
  if (!guardian || guardian.closed_at) throw notFound(PERSON);
  if (!guardian.phone) throw new AppError('NO_PHONE');
  return guardian.phone;
}

/**
 * Staff register a resident. With a number, the code sent to it must come back: if the number
 * already has an account, its holder has just shown they consent, and that account is joined (its
 * name is theirs, not what staff typed). Without one, the person has no sign-in and is served at
 * the desk. A child under 14 needs their guardian's consent, by the code sent to the guardian.
 */
export async function enrol(ctx: CommunityContext, input: EnrolInput): Promise<PersonView> {
  const staff = requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  const child = isChild(input);
  if (child && !input.guardian) throw new AppError('GUARDIAN_NEEDED');
  if (!child && input.guardian) throw new AppError('VALIDATION_FAILED', { detail: 'a guardian consents only for a child under 14' });
  if (child && input.phone) throw new AppError('VALIDATION_FAILED', { detail: 'a child under 14 is registered without a phone of their own' });
  const guardianNumber = input.guardian ? await guardianPhone(ctx, input.guardian.userId) : null;
  if (input.phone) await proveCode(ctx.deps, input.phone.number, 'link', input.phone.code);
  if (input.guardian && guardianNumber) await proveCode(ctx.deps, guardianNumber, 'consent', input.guardian.code);
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await checkPlace(tx, communityId, input);
    const existing = input.phone ? await getUserByPhone(tx, input.phone.number) : undefined;
    const user = existing ?? (await insertUser(tx, { phone: input.phone?.number ?? null, display_name: input.displayName.trim(), password_hash: null }));
    await ensureMember(tx, communityId, user.id, ['resident']);
    const inserted = await tx
      .insertInto('residents')
      .values({ community_id: communityId, user_id: user.id, registered_by: staff.userId, ...profileColumns(input) })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('PERSON_REGISTERED');
    if (input.guardian) {
      await insertConsent(tx, ctx, {
        personId: user.id,
        purpose: 'guardian',
        granteeId: input.guardian.userId,
        givenBy: input.guardian.userId,
        method: 'code',
        note: `监护人同意登记${input.displayName.trim()}的信息`,
        recordedBy: staff.userId,
      });
    }
    await recordAudit(tx, ctx, {
      action: 'person.registered',
      subjectType: 'user',
      subjectId: user.id,
      detail: { withPhone: input.phone !== undefined, child },
    });
    return (await getPersonIn(tx, communityId, user.id))!;
  });
}

async function lockResident(tx: Tx, communityId: number, userId: number) {
  const row = await tx.selectFrom('residents').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!row) throw notFound(PERSON);
  return row;
}

/** Staff correct a register entry. A person's name is theirs to change once they sign in themselves. */
export async function updatePerson(ctx: CommunityContext, userId: number, input: UpdatePersonInput): Promise<PersonView> {
  requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const before = await lockResident(tx, communityId, userId);
    await checkPlace(tx, communityId, input);
    const { displayName, ...profile } = input;
    await applyProfile(tx, communityId, before, profile);
    if (displayName !== undefined) {
      const user = await getUserById(tx, userId);
      if (user?.phone) throw new AppError('NAME_IS_THEIRS');
      await updateUser(tx, userId, { display_name: displayName.trim() });
    }
    await recordAudit(tx, ctx, { action: 'person.updated', subjectType: 'user', subjectId: userId, detail: { fields: Object.keys(input) } });
    return (await getPersonIn(tx, communityId, userId))!;
  });
}

async function applyProfile(tx: Tx, communityId: number, before: ResidentRow, input: ProfileInput) {
  const columns = profileColumns(input);
  const after = {
    birthYear: columns.birth_year !== undefined ? columns.birth_year : before.birth_year,
    ageBand: columns.age_band !== undefined ? columns.age_band : before.age_band,
  };
  if (isChild(after) && !(await hasGuardian(tx, communityId, before.user_id))) throw new AppError('GUARDIAN_NEEDED');
  if (Object.keys(columns).length === 0) return;
  await tx
    .updateTable('residents')
    .set({ ...columns, updated_at: new Date() })
    .where('community_id', '=', communityId)
    .where('user_id', '=', before.user_id)
    .execute();
}

/** Staff give a person registered without a phone their number, proven by the code sent to it. */
export async function setPhone(ctx: CommunityContext, userId: number, input: { number: string; code: string }): Promise<PersonView> {
  requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  await proveCode(ctx.deps, input.number, 'link', input.code);
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await lockResident(tx, communityId, userId);
    const user = await getUserById(tx, userId);
    if (!user || user.closed_at) throw notFound(PERSON);
    if (user.phone) throw new AppError('INVALID_STATE', { state: 'has a phone', stateZh: '已有手机号' });
    // whoever read the code out holds that number: they may learn it is taken, nobody else
    if (await getUserByPhone(tx, input.number)) throw new AppError('PHONE_TAKEN');
    await updateUser(tx, userId, { phone: input.number });
    await recordAudit(tx, ctx, { action: 'person.phone_proven', subjectType: 'user', subjectId: userId });
    return (await getPersonIn(tx, communityId, userId))!;
  });
}

export async function getPerson(ctx: CommunityContext, userId: number): Promise<PersonView> {
  requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const person = await getPersonIn(tx, ctx.community.id, userId);
    if (!person) throw notFound(PERSON);
    return person;
  });
}

export async function listPeople(ctx: CommunityContext, query: PeopleQueryInput): Promise<{ people: PersonView[]; total: number }> {
  requireRole(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    let base = residents(tx, communityId);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where((eb) => eb.or([eb('u.display_name', 'ilike', like), eb('u.phone', 'like', like)]));
    }
    if (query.group) base = base.where(sql<boolean>`${query.group} = any(r.groups)`);
    if (query.addressId) base = base.where('r.address_id', '=', query.addressId);
    if (query.householdId) base = base.where('r.household_id', '=', query.householdId);
    if (query.ageBand) {
      const years = birthYearsOf(query.ageBand);
      base = base.where((eb) =>
        eb.or([eb('r.age_band', '=', query.ageBand!), eb.and([eb('r.birth_year', '>=', years.from), eb('r.birth_year', '<=', years.to)])]),
      );
    }
    const [rows, total] = await Promise.all([
      base.orderBy('r.registered_at', 'desc').orderBy('r.user_id').limit(query.limit).offset(query.offset).execute(),
      base
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { people: await present(tx, communityId, rows), total: Number(total.n) };
  });
}

/** The birth years whose age band, this year, is `band` (ageBandOf's inverse). */
function birthYearsOf(band: AgeBand, now = new Date()): { from: number; to: number } {
  const year = now.getFullYear();
  const ages: Record<AgeBand, [number, number]> = { under_14: [0, 14], '14_17': [15, 17], '18_59': [18, 59], '60_79': [60, 79], '80_plus': [80, 200] };
  const [youngest, oldest] = ages[band];
  return { from: year - oldest, to: year - youngest };
}

/** Hardship, disability, health: every read is in the audit log, naming who read whose. */
export async function readSensitive(ctx: CommunityContext, userId: number): Promise<SensitiveView> {
  requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await lockResident(tx, communityId, userId);
    const row = await tx.selectFrom('resident_sensitive').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
    await recordAudit(tx, ctx, { action: 'person.sensitive_read', subjectType: 'user', subjectId: userId });
    return { tags: row?.tags ?? [], note: row?.note ?? null, updatedAt: row?.updated_at.toISOString() ?? null };
  });
}

export async function setSensitive(ctx: CommunityContext, userId: number, input: SensitiveInput): Promise<SensitiveView> {
  const staff = requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await lockResident(tx, communityId, userId);
    const note = input.note?.trim() ?? null;
    if (input.tags.length === 0 && note === null) {
      await tx.deleteFrom('resident_sensitive').where('community_id', '=', communityId).where('user_id', '=', userId).execute();
    } else {
      await tx
        .insertInto('resident_sensitive')
        .values({ community_id: communityId, user_id: userId, tags: input.tags, note, updated_by: staff.userId })
        .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ tags: input.tags, note, updated_by: staff.userId, updated_at: new Date() }))
        .execute();
    }
    await recordAudit(tx, ctx, { action: 'person.sensitive_changed', subjectType: 'user', subjectId: userId, detail: { tags: input.tags } });
    return { tags: input.tags, note, updatedAt: new Date().toISOString() };
  });
}

export async function createHousehold(ctx: CommunityContext, input: HouseholdInput): Promise<HouseholdView> {
  const staff = requireStaffInPerson(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await checkPlace(tx, communityId, input);
    const row = await tx
      .insertInto('households')
      .values({ community_id: communityId, address_id: input.addressId ?? null, label: input.label?.trim() ?? null, created_by: staff.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'household.created', subjectType: 'household', subjectId: row.id });
    return householdIn(tx, communityId, row.id);
  });
}

async function householdIn(db: Executor, communityId: number, id: number): Promise<HouseholdView> {
  const household = (await householdLabels(db, communityId, [id])).get(id);
  if (!household) throw notFound(HOUSEHOLD);
  const address = household.address_id === null ? undefined : (await getAddresses(db, communityId, [household.address_id])).get(household.address_id);
  const members = await residents(db, communityId).where('r.household_id', '=', id).orderBy('r.user_id').execute();
  return {
    id,
    label: household.label ?? address?.label ?? '',
    address: address ? { id: address.id, label: address.label } : null,
    members: members.map((m) => ({ userId: m.user_id, name: m.display_name })),
  };
}

export async function getHousehold(ctx: CommunityContext, id: number): Promise<HouseholdView> {
  requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, (tx) => householdIn(tx, ctx.community.id, id));
}

/** My own register entry; null when I have none here yet. */
export async function myProfile(ctx: CommunityContext): Promise<PersonView | null> {
  const me = requireActor(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id }, (tx) => getPersonIn(tx, ctx.community.id, me.userId));
}

/** I correct my own entry, or make one: birth year or age band, address, the groups I belong to. */
export async function updateMyProfile(ctx: CommunityContext, input: UpdateMyProfileInput): Promise<PersonView> {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  const me = requireActor(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    await checkPlace(tx, communityId, input);
    await tx
      .insertInto('residents')
      .values({ community_id: communityId, user_id: me.userId, registered_by: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await applyProfile(tx, communityId, await lockResident(tx, communityId, me.userId), input);
    await recordAudit(tx, ctx, { action: 'person.updated_by_self', subjectType: 'user', subjectId: me.userId, detail: { fields: Object.keys(input) } });
    return (await getPersonIn(tx, communityId, me.userId))!;
  });
}

/** A parent registers their child under 14, consenting as guardian; the child joins the parent's household. */
export async function addMyChild(ctx: CommunityContext, input: MyChildInput): Promise<PersonView> {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  const me = requireActor(ctx);
  const communityId = ctx.community.id;
  if (!isChild(input)) throw new AppError('VALIDATION_FAILED', { detail: 'birthYear: a guardian registers a child under 14' });
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const mine = await tx
      .selectFrom('residents')
      .select(['address_id', 'household_id'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', me.userId)
      .executeTakeFirst();
    const child = await insertUser(tx, { phone: null, display_name: input.displayName.trim(), password_hash: null });
    await ensureMember(tx, communityId, child.id, ['resident']);
    await tx
      .insertInto('residents')
      .values({
        community_id: communityId,
        user_id: child.id,
        birth_year: input.birthYear,
        groups: input.groups ?? ['children'],
        address_id: mine?.address_id ?? null,
        household_id: mine?.household_id ?? null,
        registered_by: me.userId,
      })
      .execute();
    await insertConsent(tx, ctx, {
      personId: child.id,
      purpose: 'guardian',
      granteeId: me.userId,
      givenBy: me.userId,
      method: 'self',
      note: input.note ?? `监护人本人登记${input.displayName.trim()}的信息`,
      recordedBy: null,
    });
    await recordAudit(tx, ctx, { action: 'person.registered', subjectType: 'user', subjectId: child.id, detail: { child: true, byGuardian: true } });
    return (await getPersonIn(tx, communityId, child.id))!;
  });
}
