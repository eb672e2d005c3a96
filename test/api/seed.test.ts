import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from '../../src/seed.ts';
import { Client } from '../support/client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function counts() {
  const rows = await t.handle.asOwner((o) =>
    o.query<{ name: string; n: number }>(
      `select 'communities' as name, count(*)::int as n from communities
       union all select 'users', count(*)::int from users
       union all select 'memberships', count(*)::int from memberships
       union all select 'entries', count(*)::int from ledger_entries
       union all select 'listings', count(*)::int from market_listings
       union all select 'register', count(*)::int from residents`,
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

describe('the demo install', () => {
  it('seeds 南湖社区 once, with a person in every role; a second run changes nothing', async () => {
    expect(await seedDemo(t.deps)).toEqual({ seeded: true });
    const first = await counts();
    expect(first.communities).toBe(2);
    expect(first.entries).toBeGreaterThan(100);
    expect(first.listings).toBeGreaterThanOrEqual(8);
    expect(first.register).toBe(2); // two elders registered at the desk
    expect(await seedDemo(t.deps)).toEqual({ seeded: false });
    expect(await counts()).toEqual(first);
  });

  it('lets every demo person in with the README password, in the roles the README lists', async () => {
    for (const person of DEMO_PEOPLE) {
      const c = new Client(t.app);
      await c.login(person.phone, DEMO_PASSWORD);
      const me = await c.get<{ user: { isPlatformAdmin: boolean }; communities: { slug: string; roles: string[] }[] }>('/api/v1/me');
      expect(me.body.user.isPlatformAdmin).toBe(person.platformAdmin === true);
      const nanhu = me.body.communities.find((m) => m.slug === 'nanhu');
      expect(nanhu?.roles ?? []).toEqual(expect.arrayContaining(person.roles));
    }
  });

  it('shows the demo fund to the public, with money in it', async () => {
    const summary = await new Client(t.app).get<{ balanceFen: number }>('/api/v1/communities/nanhu/fund/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.balanceFen).toBeGreaterThan(0);
  });
});
