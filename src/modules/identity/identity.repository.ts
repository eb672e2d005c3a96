import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Role } from '../../platform/context.ts';
import type { CodePurpose } from './identity.service.ts';

export function getUserByPhone(db: Executor, phone: string) {
  return db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export function getUserById(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(db: Executor, row: { phone: string | null; display_name: string; password_hash: string | null }) {
  return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(
  db: Executor,
  id: number,
  set: { display_name?: string; name_public?: boolean; password_hash?: string; password_changed_at?: Date; phone?: string },
) {
  return db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function revokeSessions(db: Executor, where: { userId: number } | { sessionId: number }) {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('revoked_at', 'is', null);
  q = 'userId' in where ? q.where('user_id', '=', where.userId) : q.where('id', '=', where.sessionId);
  await q.execute();
}

export async function insertAccountEvent(db: Executor, userId: number, action: string) {
  await db.insertInto('account_events').values({ user_id: userId, action }).execute();
}

export function insertCode(db: Executor, row: { phone: string; purpose: CodePurpose; code_hash: Buffer; expires_at: Date }) {
  return db.insertInto('one_time_codes').values(row).execute();
}

/** The newest unused, unexpired code for a phone and purpose, locked for the check. */
export function getLiveCodeForUpdate(db: Executor, phone: string, purpose: CodePurpose) {
  return db
    .selectFrom('one_time_codes')
    .selectAll()
    .where('phone', '=', phone)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCode(db: Executor, id: number, change: { used: true } | { failedAttempt: true }) {
  const q = db.updateTable('one_time_codes').where('id', '=', id);
  await ('used' in change ? q.set({ used_at: new Date() }) : q.set((eb) => ({ attempts: eb('attempts', '+', 1) }))).execute();
}

export function getMembership(db: Executor, communityId: number, userId: number) {
  return db.selectFrom('memberships').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
}

export function getMembershipForUpdate(db: Executor, communityId: number, userId: number) {
  return db.selectFrom('memberships').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

export function insertMembership(db: Executor, row: { community_id: number; user_id: number; roles: Role[] }) {
  return db
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function setRoles(db: Executor, communityId: number, userId: number, roles: Role[]) {
  return db
    .updateTable('memberships')
    .set({ roles })
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countMembersWithRole(db: Executor, communityId: number, role: Role): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where(sql<boolean>`${role} = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The signed-in user's memberships in every community (the RLS policy allows own rows). */
export function listMyMemberships(db: Executor, userId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['c.slug', 'c.name', 'm.roles'])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at')
    .execute();
}

export async function listMembers(
  db: Executor,
  communityId: number,
  filter: { q?: string | undefined; role?: Role | undefined; limit: number; offset: number },
) {
  let base = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('consents as p', (join) =>
      join
        .onRef('p.community_id', '=', 'm.community_id')
        .onRef('p.person_id', '=', 'm.user_id')
        .on('p.purpose', '=', 'act_for')
        .on('p.active_from', 'is not', null)
        .on('p.withdrawn_at', 'is', null),
    )
    .where('m.community_id', '=', communityId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('u.display_name', 'ilike', like), eb('u.phone', 'like', like)]));
  }
  if (filter.role) base = base.where(sql<boolean>`${filter.role} = any(m.roles)`);
  const [rows, total] = await Promise.all([
    base
      .select(['u.id', 'u.display_name', 'u.phone', 'm.roles', 'm.joined_at', 'p.id as consent_id'])
      .orderBy('m.joined_at', 'desc')
      .orderBy('u.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function insertAudit(
  db: Executor,
  row: { community_id: number; actor_id: number | null; on_behalf_of: number | null; action: string; subject_type: string; subject_id: string; detail: string },
) {
  return db.insertInto('audit_log').values(row).execute();
}

export function listAudit(db: Executor, communityId: number, page: { limit: number; before?: number | undefined }) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as principal', 'principal.id', 'a.on_behalf_of')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.subject_type',
      'a.subject_id',
      'a.detail',
      'actor.display_name as actor_name',
      'principal.display_name as principal_name',
    ])
    .where('a.community_id', '=', communityId);
  if (page.before) q = q.where('a.id', '<', page.before);
  return q.orderBy('a.id', 'desc').limit(page.limit).execute();
}

// --- appointments to roles that check staff's work (identity.roles.ts)

const APPOINTMENT_COLUMNS = ['id', 'user_id', 'role', 'proposed_by', 'state', 'decided_by', 'decided_at', 'created_at'] as const;

/** A new pending proposal, or undefined when one for this person and role is already pending. */
export function insertAppointment(db: Executor, row: { community_id: number; user_id: number; role: Role; proposed_by: number }) {
  return db
    .insertInto('role_appointments')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'user_id', 'role']).where('state', '=', 'pending').doNothing())
    .returning(APPOINTMENT_COLUMNS)
    .executeTakeFirst();
}

export function getPendingAppointment(db: Executor, communityId: number, userId: number, role: Role) {
  return db
    .selectFrom('role_appointments')
    .select(APPOINTMENT_COLUMNS)
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

export function getAppointmentForUpdate(db: Executor, communityId: number, id: number) {
  return db
    .selectFrom('role_appointments')
    .select(APPOINTMENT_COLUMNS)
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function decideAppointment(
  db: Executor,
  communityId: number,
  id: number,
  decision: { state: 'confirmed' | 'refused' | 'withdrawn'; decided_by: number },
) {
  return db
    .updateTable('role_appointments')
    .set({ ...decision, decided_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .returning(APPOINTMENT_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function listAppointments(db: Executor, communityId: number, filter: { state: 'pending' | 'confirmed' | 'refused' | 'withdrawn'; limit: number }) {
  return db
    .selectFrom('role_appointments')
    .select(APPOINTMENT_COLUMNS)
    .where('community_id', '=', communityId)
    .where('state', '=', filter.state)
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
