import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/platform/db.ts';
import { recordAudit } from '../../src/modules/identity/index.ts';
import { systemContext } from '../../src/platform/context.ts';
import { makeCommunity } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('row-level security is the backstop for tenancy', () => {
  it('forces RLS with a policy on every table that has a community_id, and the app role owns none', async () => {
    const tables = await t.handle.asOwner((o) =>
      o.query<{ table: string; rls: boolean; forced: boolean; policies: number; owner: string }>(
        `select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
                (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
                pg_get_userbyid(c.relowner) as owner
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'community_id' and not a.attisdropped)`,
      ),
    );
    expect(tables.length).toBeGreaterThan(3);
    const weak = tables.filter((r) => !r.rls || !r.forced || r.policies === 0 || r.owner === 'weiyi_app');
    expect(weak).toEqual([]);
  });

  it('puts community_id first in the primary key of every tenant table', async () => {
    const rows = await t.handle.asOwner((o) =>
      o.query<{ table: string; first: string }>(
        `select c.relname as table, a.attname as first
           from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
           join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
          where i.indisprimary and n.nspname = 'public'
            and exists (select 1 from pg_attribute b where b.attrelid = c.oid and b.attname = 'community_id' and not b.attisdropped)`,
      ),
    );
    expect(rows.filter((r) => r.first !== 'community_id')).toEqual([]);
  });

  it('the app role is neither superuser nor able to bypass RLS, and queries run as it', async () => {
    const role = await t.handle.asOwner((o) =>
      o.query<{ super: boolean; bypass: boolean }>(`select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = 'weiyi_app'`),
    );
    expect(role[0]).toEqual({ super: false, bypass: false });
    const who = await sql<{ who: string }>`select current_user as who`.execute(t.deps.db);
    expect(who.rows[0]!.who).toBe('weiyi_app');
  });

  it('a query that forgets `where community_id` still sees only its own community', async () => {
    const a = await makeCommunity(t, 'alpha');
    const b = await makeCommunity(t, 'beta');
    for (const c of [a, b]) {
      await transact(t.deps.db, { communityId: c.id }, (tx) =>
        recordAudit(tx, systemContext(t.deps, c), { action: 'test.marker', subjectType: 'community', subjectId: c.slug }),
      );
    }
    const seen = await transact(t.deps.db, { communityId: a.id }, (tx) => tx.selectFrom('audit_log').select(['community_id', 'subject_id']).execute());
    expect(seen.map((r) => r.subject_id)).toEqual(['alpha']);
    const none = await transact(t.deps.db, {}, (tx) => tx.selectFrom('audit_log').select('id').execute());
    expect(none).toEqual([]);
  });

  it('refuses to write a row into another community than the one set', async () => {
    const a = await makeCommunity(t, 'gamma');
    const b = await makeCommunity(t, 'delta');
    const attempt = transact(t.deps.db, { communityId: a.id }, (tx) =>
      tx
        .insertInto('audit_log')
        .values({ community_id: b.id, actor_id: null, on_behalf_of: null, action: 'x', subject_type: 'x', subject_id: 'x', detail: '{}' })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it('the audit log is append-only for the app', async () => {
    const c = await makeCommunity(t, 'epsilon');
    await transact(t.deps.db, { communityId: c.id }, (tx) =>
      recordAudit(tx, systemContext(t.deps, c), { action: 'test.marker', subjectType: 'community', subjectId: c.slug }),
    );
    // the app role has no UPDATE or DELETE on the table: 42501 insufficient_privilege
    await expect(transact(t.deps.db, { communityId: c.id }, (tx) => tx.deleteFrom('audit_log').execute())).rejects.toMatchObject({ code: '42501' });
    await expect(transact(t.deps.db, { communityId: c.id }, (tx) => tx.updateTable('audit_log').set({ action: 'rewritten' }).execute())).rejects.toMatchObject({
      code: '42501',
    });
    const kept = await transact(t.deps.db, { communityId: c.id }, (tx) =>
      tx.selectFrom('audit_log').select('action').where('community_id', '=', c.id).execute(),
    );
    expect(kept.map((r) => r.action)).toContain('test.marker');
  });
});
