import { sql } from 'kysely';
import type { Executor, Tx } from '../../database.ts';
import type { Role } from '../../platform/context.ts';

// What other modules may read about people and memberships. No other module queries `users` or
// `memberships` itself: it asks here, inside its own transaction.

/** A person as other modules see them: no phone, no password, no flags. */
export interface PersonRef {
  id: number;
  displayName: string;
  /** The person agreed that their name may be shown in public (otherwise it is masked: 张*兰). */
  namePublic: boolean;
}

/** The people with these ids; ids of nobody are simply absent. */
export async function getPeople(db: Executor, ids: readonly (number | null | undefined)[]): Promise<Map<number, PersonRef>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name', 'name_public']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, namePublic: r.name_public }]));
}

/** A member of the community with their roles, or null for someone who is not one. */
export async function getMember(db: Executor, communityId: number, userId: number): Promise<(PersonRef & { roles: Role[] }) | null> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.name_public', 'm.roles'])
    .where('m.community_id', '=', communityId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return row ? { id: row.id, displayName: row.display_name, namePublic: row.name_public, roles: row.roles } : null;
}

export async function countMembers(db: Executor, communityId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Makes a person a platform administrator (the demo seed, and `weiyi` commands run by an operator). */
export async function setPlatformAdmin(tx: Tx, userId: number): Promise<void> {
  await tx.updateTable('users').set({ is_platform_admin: true }).where('id', '=', userId).execute();
}

/** The mobile numbers of these people (absent for those without one), for a text message; never to be shown or logged. */
export async function getPhones(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'phone'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.flatMap((r) => (r.phone === null ? [] : [[r.id, r.phone] as const])));
}

/** The members of the community who hold the role (e.g. the supervisors to tell about an expense). */
export async function listMemberIdsWithRole(db: Executor, communityId: number, role: Role): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where(sql<boolean>`${role} = any(roles)`)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}
