import type { Executor } from '../../database.ts';
import { requireRole, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../identity/index.ts';
import { floorRooms } from './addresses.rooms.ts';
import * as repo from './addresses.repository.ts';
import type { AddressView, AddressesQueryInput, AddUnitsInput, EstatesView } from './addresses.schemas.ts';

const ADDRESS = { zh: '地址', en: 'address' };

export function addressLabel(u: { estate: string; building: string; entrance: string; room: string }): string {
  return `${u.estate}${u.building}${u.entrance}${u.room}`;
}

function present(row: repo.UnitRow): AddressView {
  return {
    id: row.id,
    estate: row.estate,
    building: row.building,
    entrance: row.entrance,
    room: row.room,
    label: addressLabel(row),
    retired: row.retired_at !== null,
  };
}

/** The rooms a request names: listed, or numbered by floor (floor 5, two a floor: 501, 502). */
export function roomsOf(input: Pick<AddUnitsInput, 'rooms' | 'floors'>): string[] {
  if (input.rooms && input.floors) throw new AppError('VALIDATION_FAILED', { detail: 'give rooms or floors, not both' });
  if (input.rooms) return [...new Set(input.rooms.map((r) => r.trim()))];
  if (!input.floors) throw new AppError('VALIDATION_FAILED', { detail: 'rooms or floors is required' });
  if (input.floors.from > input.floors.to) throw new AppError('VALIDATION_FAILED', { detail: 'floors: from after to' });
  const rooms = floorRooms(input.floors);
  if (rooms.length > 500) throw new AppError('VALIDATION_FAILED', { detail: 'at most 500 rooms at a time' });
  return rooms;
}

/** Staff add a building's dwellings to the address book; those already there are left as they are. */
export async function addUnits(ctx: CommunityContext, input: AddUnitsInput): Promise<{ added: number; alreadyThere: number }> {
  const actor = requireRole(ctx, 'staff');
  const rooms = roomsOf(input);
  const place = { estate: input.estate.trim(), building: input.building.trim(), entrance: (input.entrance ?? '').trim() };
  return transact(ctx.deps.db, { communityId: ctx.community.id, userId: actor.userId }, async (tx) => {
    const added = await repo.insertUnits(
      tx,
      ctx.community.id,
      rooms.map((room) => ({ ...place, room })),
    );
    await recordAudit(tx, ctx, {
      action: 'addresses.units_added',
      subjectType: 'address_building',
      subjectId: addressLabel({ ...place, room: '' }),
      detail: { added, rooms: rooms.length },
    });
    return { added, alreadyThere: rooms.length - added };
  });
}

/** Addresses to pick from (members: a resident giving where they live, staff registering someone). */
export async function listAddresses(ctx: CommunityContext, query: AddressesQueryInput): Promise<{ addresses: AddressView[] }> {
  requireRole(ctx);
  if (query.includeRetired) requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => ({
    addresses: (await repo.listUnits(tx, ctx.community.id, { ...query, includeRetired: query.includeRetired ?? false })).map(present),
  }));
}

/** The estates and their buildings with how many dwellings each has: the picker's first two steps. */
export async function listEstates(ctx: CommunityContext): Promise<EstatesView> {
  requireRole(ctx);
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => {
    const estates = new Map<string, { name: string; buildings: { name: string; dwellings: number }[]; dwellings: number }>();
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    for (const row of await repo.countByBuilding(tx, ctx.community.id)) {
      const estate = estates.get(row.estate) ?? { name: row.estate, buildings: [], dwellings: 0 };
      estate.buildings.push({ name: row.building, dwellings: Number(row.n) });
      estate.dwellings += Number(row.n);
      estates.set(row.estate, estate);
    }
    const sorted = [...estates.values()].sort((a, b) => collator.compare(a.name, b.name));
    for (const e of sorted) e.buildings.sort((a, b) => collator.compare(a.name, b.name));
    return { estates: sorted };
  });
}

/** An address that no longer exists: kept for what points at it, no longer offered. */
export async function retireAddress(ctx: CommunityContext, id: number): Promise<AddressView> {
  const actor = requireRole(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id, userId: actor.userId }, async (tx) => {
    const unit = await repo.getUnitForUpdate(tx, ctx.community.id, id);
    if (!unit) throw notFound(ADDRESS);
    if (unit.retired_at) throw new AppError('INVALID_STATE', { state: 'retired', stateZh: '已停用' });
    await repo.retireUnit(tx, ctx.community.id, id);
    await recordAudit(tx, ctx, { action: 'addresses.unit_retired', subjectType: 'address_unit', subjectId: id, detail: { label: addressLabel(unit) } });
    return present({ ...unit, retired_at: new Date() });
  });
}

/** The addresses with these ids in the community, for other modules that point at them. */
export async function getAddresses(db: Executor, communityId: number, ids: readonly (number | null)[]): Promise<Map<number, AddressView>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('address_units')
    .select(['id', 'estate', 'building', 'entrance', 'room', 'retired_at'])
    .where('community_id', '=', communityId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, present(r)]));
}

/** The id of a dwelling of the address book, by its parts; undefined when there is none. */
export async function findAddress(
  db: Executor,
  communityId: number,
  u: { estate: string; building: string; entrance: string; room: string },
): Promise<number | undefined> {
  const row = await db
    .selectFrom('address_units')
    .select('id')
    .where('community_id', '=', communityId)
    .where('estate', '=', u.estate)
    .where('building', '=', u.building)
    .where('entrance', '=', u.entrance)
    .where('room', '=', u.room)
    .executeTakeFirst();
  return row?.id;
}
