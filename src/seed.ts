import type { Community, Deps, Role } from './platform/context.ts';
import { transact } from './platform/db.ts';
import type { DemoContext } from './platform/module.ts';
import { createCommunityIn } from './modules/communities/index.ts';
import { ensureMember, getUserByPhone, hashPassword, insertUser, setPlatformAdmin } from './modules/identity/index.ts';

/** The password of every demo account (README lists them). */
export const DEMO_PASSWORD = 'weiyi2026';

export interface DemoPerson {
  key: string;
  phone: string;
  name: string;
  roles: Role[];
  platformAdmin?: boolean;
}

/** The people of the demo community 南湖社区, one per role the README lists. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'admin', phone: '13800000000', name: '平台管理员', roles: [], platformAdmin: true },
  { key: 'staff', phone: '13800000001', name: '李文华', roles: ['staff', 'resident'] },
  { key: 'supervisor', phone: '13800000002', name: '王建国', roles: ['supervisor', 'resident'] },
  { key: 'supervisor2', phone: '13800000003', name: '陈秀英', roles: ['supervisor', 'resident'] },
  { key: 'clerk', phone: '13800000004', name: '刘小燕', roles: ['clerk', 'resident'] },
  { key: 'maker', phone: '13800000011', name: '张秀兰', roles: ['maker', 'resident'] },
  { key: 'maker2', phone: '13800000012', name: '周明德', roles: ['maker', 'resident'] },
  { key: 'orgLeader', phone: '13800000013', name: '黄丽萍', roles: ['org_leader', 'resident'] },
  { key: 'volunteer', phone: '13800000014', name: '吴志强', roles: ['volunteer', 'resident'] },
  { key: 'resident', phone: '13800000021', name: '赵德明', roles: ['resident'] },
  { key: 'resident2', phone: '13800000022', name: '孙丽娟', roles: ['resident'] },
];

/**
 * Seeds the demo install: 南湖社区 (slug nanhu) with a person in every role and each installed
 * module's demo step (`demo`, in MODULES order), plus a second community. Does nothing when nanhu
 * already exists.
 */
export async function seedDemo(deps: Deps): Promise<{ seeded: boolean }> {
  const exists = await deps.db.selectFrom('communities').select('id').where('slug', '=', 'nanhu').executeTakeFirst();
  if (exists) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await transact(deps.db, {}, async (tx) => {
    const row = await createCommunityIn(deps, tx, {
      slug: 'nanhu',
      name: '南湖社区',
      district: '南岸区',
      street: '南坪街道',
      settings: { defaultMarginPercent: 20, disclosureContact: '南湖社区居委会 023-6280 0000（工作日 9:00–17:00）', expenseTwoApprovalsOverFen: 500_000 },
    });
    const community: Community = { id: row.id, slug: row.slug, name: row.name, district: row.district, street: row.street, settings: row.settings };
    const people: DemoContext['people'] = {};
    for (const person of DEMO_PEOPLE) {
      const user =
        (await getUserByPhone(tx, person.phone)) ?? (await insertUser(tx, { phone: person.phone, display_name: person.name, password_hash: passwordHash }));
      if (person.platformAdmin) await setPlatformAdmin(tx, user.id);
      const roles = person.roles.filter((r) => deps.roles.has(r));
      if (roles.length > 0) await ensureMember(tx, community.id, user.id, roles);
      people[person.key] = { userId: user.id, name: person.name };
    }
    for (const m of deps.modules) await m.demo?.({ deps, tx, community, people });
  });
  await transact(deps.db, {}, async (tx) => {
    const other = await createCommunityIn(deps, tx, { slug: 'beicheng', name: '北城社区', district: '江北区', street: '观音桥街道' });
    // A second community with its own staff member shows that one install serves many.
    const staff =
      (await getUserByPhone(tx, '13900000031')) ?? (await insertUser(tx, { phone: '13900000031', display_name: '钱晓东', password_hash: passwordHash }));
    await ensureMember(tx, other.id, staff.id, ['staff', 'resident']);
  });
  return { seeded: true };
}
