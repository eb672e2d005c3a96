import type { PersonalData } from '../../platform/module.ts';
import { getAddresses } from '../addresses/index.ts';
import { childrenOnlyOf, removeHeldPerson } from '../identity/index.ts';

/** My register entry (and my sensitive tags: the person sees them too), and the children I registered as guardian. */
export const peoplePersonalData: PersonalData = {
  async export(tx, communityId, userId) {
    const entry = await tx.selectFrom('residents').selectAll().where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
    const sensitive = await tx
      .selectFrom('resident_sensitive')
      .select(['tags', 'note', 'updated_at'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const children = await tx
      .selectFrom('consents as c')
      .innerJoin('residents as r', (j) => j.onRef('r.community_id', '=', 'c.community_id').onRef('r.user_id', '=', 'c.person_id'))
      .innerJoin('users as u', 'u.id', 'c.person_id')
      .select(['u.display_name', 'r.birth_year', 'r.age_band', 'r.groups'])
      .where('c.community_id', '=', communityId)
      .where('c.purpose', '=', 'guardian')
      .where('c.grantee_id', '=', userId)
      .where('c.withdrawn_at', 'is', null)
      .execute();
    if (!entry && children.length === 0) return null;
    const address = entry?.address_id ? (await getAddresses(tx, communityId, [entry.address_id])).get(entry.address_id) : undefined;
    return {
      register: entry
        ? {
            birthYear: entry.birth_year,
            ageBand: entry.age_band,
            address: address?.label ?? null,
            household: entry.household_id,
            groups: entry.groups,
            registeredByStaff: entry.registered_by !== null && entry.registered_by !== userId,
            registeredAt: entry.registered_at.toISOString(),
          }
        : null,
      sensitive: sensitive ? { tags: sensitive.tags, note: sensitive.note, updatedAt: sensitive.updated_at.toISOString() } : null,
      children: children.map((c) => ({ name: c.display_name, birthYear: c.birth_year, ageBand: c.age_band, groups: c.groups })),
    };
  },
  async close(tx, communityId, userId) {
    // a child's data was held on this guardian's consent alone: it goes with them
    for (const child of await childrenOnlyOf(tx, communityId, userId)) await removeHeldPerson(tx, communityId, child);
    // my own entry and sensitive tags go with my membership (on delete cascade)
  },
};
