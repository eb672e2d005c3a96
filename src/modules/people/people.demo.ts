import type { DemoContext } from '../../platform/module.ts';
import { findAddress } from '../addresses/index.ts';
import { ensureMember, insertUser } from '../identity/index.ts';
import type { AgeBand, ServedGroup, SensitiveTag } from './people.tables.ts';

/**
 * 南湖社区's register: two elders registered at the desk without phones, at their addresses, with
 * their sensitive tags, and no consent yet (staff show the paper form and its countersignature
 * live). The demo's residents with accounts are left for people to register themselves.
 */
export async function peopleDemoStep({ tx, community, people }: DemoContext): Promise<void> {
  const staff = people.staff!;
  const at = async (building: string, entrance: string, room: string) => {
    const id = await findAddress(tx, community.id, { estate: '南湖小区', building, entrance, room });
    if (id === undefined) throw new Error(`demo address 南湖小区${building}${entrance}${room} is not in the address book`);
    return id;
  };
  const household = async (addressId: number) =>
    (
      await tx
        .insertInto('households')
        .values({ community_id: community.id, address_id: addressId, created_by: staff.userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const entry = (
    userId: number,
    e: { birthYear?: number; ageBand?: AgeBand; addressId: number; householdId: number; groups: ServedGroup[]; byStaff: boolean },
  ) =>
    tx
      .insertInto('residents')
      .values({
        community_id: community.id,
        user_id: userId,
        birth_year: e.birthYear ?? null,
        age_band: e.ageBand ?? null,
        address_id: e.addressId,
        household_id: e.householdId,
        groups: e.groups,
        registered_by: e.byStaff ? staff.userId : userId,
      })
      .execute();
  const sensitive = (userId: number, tags: SensitiveTag[], note: string) =>
    tx.insertInto('resident_sensitive').values({ community_id: community.id, user_id: userId, tags, note, updated_by: staff.userId }).execute();
  const walkIn = async (name: string) => {
    const user = await insertUser(tx, { phone: null, display_name: name, password_hash: null });
    await ensureMember(tx, community.id, user.id, ['resident']);
    return user.id;
  };

  // two elders who came to the desk without a phone
  const home7 = await at('7栋', '1单元', '101');
  const zhong = await walkIn('钟桂芳');
  await entry(zhong, { birthYear: 1936, addressId: home7, householdId: await household(home7), groups: ['elderly', 'women'], byStaff: true });
  await sensitive(zhong, ['hardship'], '低保户，独居');
  const home9 = await at('9栋', '2单元', '201');
  const he = await walkIn('何永福');
  await entry(he, { ageBand: '80_plus', addressId: home9, householdId: await household(home9), groups: ['elderly'], byStaff: true });
  await sensitive(he, ['disabled'], '行动不便，坐轮椅');
}
