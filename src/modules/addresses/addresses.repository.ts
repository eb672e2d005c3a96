import { sql } from 'kysely';
import type { Executor } from '../../database.ts';

export type UnitRow = { id: number; estate: string; building: string; entrance: string; room: string; retired_at: Date | null };

/** Adds the dwellings that are not there yet; returns how many were added. */
export async function insertUnits(
  db: Executor,
  communityId: number,
  units: { estate: string; building: string; entrance: string; room: string }[],
): Promise<number> {
  if (units.length === 0) return 0;
  const rows = await db
    .insertInto('address_units')
    .values(units.map((u) => ({ community_id: communityId, ...u })))
    .onConflict((oc) => oc.columns(['community_id', 'estate', 'building', 'entrance', 'room']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export async function listUnits(
  db: Executor,
  communityId: number,
  filter: {
    estate?: string | undefined;
    building?: string | undefined;
    q?: string | undefined;
    includeRetired: boolean;
    limit: number;
    after?: number | undefined;
  },
): Promise<UnitRow[]> {
  let q = db.selectFrom('address_units').select(['id', 'estate', 'building', 'entrance', 'room', 'retired_at']).where('community_id', '=', communityId);
  if (filter.estate) q = q.where('estate', '=', filter.estate);
  if (filter.building) q = q.where('building', '=', filter.building);
  if (!filter.includeRetired) q = q.where('retired_at', 'is', null);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // as printed (南湖小区3栋1单元502), or as people say it without the entrance (3栋502)
    q = q.where(sql<boolean>`(estate || building || entrance || room like ${like} or estate || building || room like ${like})`);
  }
  if (filter.after !== undefined) q = q.where('id', '>', filter.after);
  return q.orderBy('id').limit(filter.limit).execute();
}

export async function getUnitForUpdate(db: Executor, communityId: number, id: number): Promise<UnitRow | undefined> {
  return db
    .selectFrom('address_units')
    .select(['id', 'estate', 'building', 'entrance', 'room', 'retired_at'])
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function retireUnit(db: Executor, communityId: number, id: number) {
  await db.updateTable('address_units').set({ retired_at: new Date() }).where('community_id', '=', communityId).where('id', '=', id).execute();
}

/** Dwellings in use per estate and building. */
export async function countByBuilding(db: Executor, communityId: number) {
  return db
    .selectFrom('address_units')
    .select(['estate', 'building', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('retired_at', 'is', null)
    .groupBy(['estate', 'building'])
    .execute();
}
