import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Problem } from '../../../test/support/client.ts';
import { consentByCode, makeCommunity, makePerson, PASSWORD } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { PersonView } from '../people/index.ts';
import type { MyDataView } from './index.ts';
import { forgetExpiredJob } from './identity.privacy.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let staff: Awaited<ReturnType<typeof makePerson>>;
const C = '/api/v1/communities/nanhu';

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '社工小李' });
});
afterAll(() => t.close());

async function row(userId: number) {
  return (
    await t.handle.asOwner((o) =>
      o.query<{
        phone: string | null;
        display_name: string;
        closed_at: Date | null;
        memberships: number;
        register: number;
        sensitive: number;
        open_consents: number;
      }>(
        `select u.phone, u.display_name, u.closed_at,
                (select count(*)::int from memberships where user_id = u.id) as memberships,
                (select count(*)::int from residents where user_id = u.id) as register,
                (select count(*)::int from resident_sensitive where user_id = u.id) as sensitive,
                (select count(*)::int from consents where (person_id = u.id or grantee_id = u.id) and withdrawn_at is null) as open_consents
         from users u where u.id = $1`,
        [userId],
      ),
    )
  )[0]!;
}

describe('a resident’s rights over their data (PIPL)', () => {
  it('shows a resident everything held about them, and gives it as a file to keep', async () => {
    const me = await makePerson(t, { community: nanhu, roles: ['resident'], name: '卫阿姨' });
    await me.client.patch(`${C}/my/profile`, { birthYear: 1950, groups: ['elderly', 'women'] });
    await staff.client.put(`${C}/people/${me.userId}/sensitive`, { tags: ['hardship'], note: '低保' });
    await consentByCode(t, staff.client, 'nanhu', me);

    const data = await me.client.get<MyDataView>('/api/v1/me/data');
    expect(data.status).toBe(200);
    expect(data.body.account).toMatchObject({ id: me.userId, phone: me.phone, displayName: '卫阿姨', hasPassword: true });
    expect(data.body.sessions.length).toBeGreaterThan(0);
    const here = data.body.communities.find((c) => c.slug === 'nanhu')!;
    expect(here.roles).toEqual(['resident']);
    expect(here.data.people).toMatchObject({ register: { birthYear: 1950, groups: ['elderly', 'women'] }, sensitive: { tags: ['hardship'], note: '低保' } });
    expect(here.data.identity).toMatchObject({ consents: [expect.objectContaining({ purpose: 'act_for', aboutMe: true, method: 'code', state: 'active' })] });
    expect((here.data.identity as { auditLog: { action: string }[] }).auditLog.map((a) => a.action)).toEqual(
      expect.arrayContaining(['consent.given', 'person.sensitive_changed', 'person.updated_by_self']),
    );

    const file = await me.client.get<MyDataView>('/api/v1/me/data/download');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="weiyi-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(file.body.account.id).toBe(me.userId);
    expect((await new Client(t.app).get<Problem>('/api/v1/me/data')).status).toBe(401);
    // someone else's data is never in mine
    expect(JSON.stringify((await staff.client.get('/api/v1/me/data')).body)).not.toContain('低保');
  });

  it('closes an account: the person can no longer sign in, what identified them is gone, the number is free again', async () => {
    const me = await makePerson(t, { community: nanhu, roles: ['resident'], name: '褚先生' });
    await me.client.patch(`${C}/my/profile`, { birthYear: 1975 });
    await staff.client.put(`${C}/people/${me.userId}/sensitive`, { tags: ['disabled'] });
    await consentByCode(t, staff.client, 'nanhu', me);

    const wrong = await me.client.post<Problem>('/api/v1/me/close', { password: 'not-my-password' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect((await row(me.userId)).closed_at).toBeNull();

    const closed = await me.client.post('/api/v1/me/close', { password: PASSWORD });
    expect(closed.status).toBe(204);
    expect(String(closed.headers['set-cookie'])).toMatch(/weiyi_session=;/);
    expect(await row(me.userId)).toMatchObject({ phone: null, display_name: '已注销用户', memberships: 0, register: 0, sensitive: 0, open_consents: 0 });
    expect((await row(me.userId)).closed_at).not.toBeNull();
    expect((await new Client(t.app).post<Problem>('/api/v1/auth/login', { phone: me.phone, password: PASSWORD })).status).toBe(401);
    expect((await staff.client.get(`${C}/people/${me.userId}`)).status).toBe(404);
    staff.client.actFor = me.userId;
    expect((await staff.client.post<Problem>(`${C}/join`)).body.code).toBe('NO_PROXY_CONSENT');
    staff.client.actFor = null;

    const again = new Client(t.app);
    await again.post('/api/v1/auth/codes', { phone: me.phone, purpose: 'register' });
    const fresh = await again.post<{ id: number }>('/api/v1/auth/register', {
      phone: me.phone,
      code: t.sms.lastCodeFor(me.phone),
      password: PASSWORD,
      displayName: '新的人',
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(me.userId);
  });

  it('refuses to close while the person holds staff, supervisor or clerk, and changes nothing', async () => {
    for (const role of ['staff', 'supervisor', 'clerk'] as const) {
      const p = await makePerson(t, { community: nanhu, roles: [role, 'resident'] });
      const res = await p.client.post<Problem>('/api/v1/me/close', { password: PASSWORD });
      expect([res.status, res.body.code]).toEqual([409, 'CLOSE_ROLES_HELD']);
      expect(await row(p.userId)).toMatchObject({ phone: p.phone, memberships: 1, closed_at: null });
      expect((await p.client.get<{ user: unknown }>('/api/v1/me')).body.user).not.toBeNull();
    }
  });

  it('closes an account without a password by a login code; a child held on that guardian’s consent alone leaves with them', async () => {
    const other = await makePerson(t, { community: nanhu, roles: ['resident'], name: '二号监护人' });
    const parent = await makePerson(t, { community: nanhu, roles: ['resident'], name: '陶妈妈' });
    const year = new Date().getFullYear();
    const onlyMine = (await parent.client.post<PersonView>(`${C}/my/children`, { displayName: '陶小一', birthYear: year - 7 })).body;
    const shared = (await parent.client.post<PersonView>(`${C}/my/children`, { displayName: '陶小二', birthYear: year - 9 })).body;
    await t.handle.asOwner((o) => o.query(`delete from rate_limit_hits`));
    await staff.client.post(`${C}/people/guardian-codes`, { guardianId: other.userId, childName: '陶小二' });
    // the second guardian's consent, recorded by staff on the code they read back
    await t.handle.asOwner((o) =>
      o.query(
        `insert into consents (community_id, person_id, purpose, grantee_id, given_by, method, note, recorded_by, active_from) values ($1, $2, 'guardian', $3, $3, 'code', '父亲同意', $4, now())`,
        [nanhu.id, shared.userId, other.userId, staff.userId],
      ),
    );

    await t.handle.asOwner((o) => o.query(`update users set password_hash = null where id = $1`, [parent.userId]));
    expect((await parent.client.post<Problem>('/api/v1/me/close', { code: '000000' })).body.code).toBe('CODE_INVALID');
    await t.handle.asOwner((o) => o.query(`delete from rate_limit_hits`));
    await new Client(t.app).post('/api/v1/auth/codes', { phone: parent.phone, purpose: 'login' });
    expect((await parent.client.post('/api/v1/me/close', { code: t.sms.lastCodeFor(parent.phone) })).status).toBe(204);

    expect(await row(onlyMine.userId)).toMatchObject({ display_name: '已注销用户', memberships: 0, register: 0 });
    expect(await row(shared.userId)).toMatchObject({ display_name: '陶小二', memberships: 1, register: 1 });
    expect((await staff.client.get<PersonView>(`${C}/people/${shared.userId}`)).body.guardians).toEqual([{ userId: other.userId, name: '二号监护人' }]);
  });

  it('forgets codes a day after they expired and sessions 30 days after they ended, and nothing that still works', async () => {
    const me = await makePerson(t);
    await t.handle.asOwner(async (o) => {
      await o.query(
        `insert into one_time_codes (phone, purpose, code_hash, created_at, expires_at) values ($1, 'login', '\\x00', now() - interval '3 days', now() - interval '2 days')`,
        [me.phone],
      );
      await o.query(`insert into one_time_codes (phone, purpose, code_hash, expires_at) values ($1, 'login', '\\x01', now() + interval '5 minutes')`, [
        me.phone,
      ]);
      await o.query(
        `insert into sessions (token_hash, user_id, created_at, expires_at) values ('\\x02', $1, now() - interval '60 days', now() - interval '31 days')`,
        [me.userId],
      );
      await o.query(
        `insert into sessions (token_hash, user_id, expires_at, revoked_at) values ('\\x03', $1, now() + interval '1 day', now() - interval '2 days')`,
        [me.userId],
      );
    });
    const counts = async () =>
      (
        await t.handle.asOwner((o) =>
          o.query<{ codes: number; sessions: number }>(
            `select (select count(*)::int from one_time_codes where phone = $1) as codes, (select count(*)::int from sessions where user_id = $2) as sessions`,
            [me.phone, me.userId],
          ),
        )
      )[0]!;
    expect(await counts()).toEqual({ codes: 2, sessions: 3 });
    await forgetExpiredJob.handle({}, { deps: t.deps, log: t.deps.log, job: { id: 'test', name: 'identity.forgetExpired', retryCount: 0, communityId: null } });
    // the live code, the session signed out two days ago, and the one this test signed in with stay
    expect(await counts()).toEqual({ codes: 1, sessions: 2 });
    expect((await me.client.get<{ user: unknown }>('/api/v1/me')).body.user).not.toBeNull();
  });
});
