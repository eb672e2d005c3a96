import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Problem } from '../../../test/support/client.ts';
import { multipartFile, pngBytes } from '../../../test/authz/world.ts';
import { makeCommunity, makePerson, nextPhone } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { ConsentView } from '../identity/index.ts';
import type { HouseholdView, PersonView, SensitiveView } from './index.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let staff: Awaited<ReturnType<typeof makePerson>>;
let staff2: Awaited<ReturnType<typeof makePerson>>;
const C = '/api/v1/communities/nanhu';

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '社工小李' });
  staff2 = await makePerson(t, { community: nanhu, roles: ['staff'], name: '社工何静' });
});
afterAll(() => t.close());

async function count(table: 'users' | 'residents' | 'consents' | 'memberships'): Promise<number> {
  return (await t.handle.asOwner((o) => o.query<{ n: number }>(`select count(*)::int as n from ${table}`)))[0]!.n;
}

async function uploadForm(client: Client): Promise<string> {
  const { payload, contentType } = multipartFile(await pngBytes());
  const res = await client.request<{ sha256: string }>('POST', `${C}/files`, { rawBody: payload, headers: { 'content-type': contentType } });
  expect(res.status).toBe(201);
  return res.body.sha256;
}

async function auditActions(): Promise<{ action: string; actor: string; subjectId: string }[]> {
  return (await staff.client.get<{ entries: { action: string; actor: string; subjectId: string }[] }>(`${C}/audit?limit=200`)).body.entries;
}

describe('the resident register', () => {
  it('registers an elder without a phone; she cannot sign in, and staff act for her only once a second staff member countersigns her paper form', async () => {
    const res = await staff.client.post<PersonView>(`${C}/people`, { displayName: '赵奶奶', birthYear: 1941, groups: ['elderly', 'women'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      displayName: '赵奶奶',
      phone: null,
      ageBand: '80_plus',
      groups: ['elderly', 'women'],
      actForConsent: false,
      registeredBy: { name: '社工小李' },
    });
    const elder = res.body.userId;

    const form = await uploadForm(staff.client);
    staff.client.actFor = elder;
    try {
      expect((await staff.client.post<Problem>(`${C}/join`)).body.code).toBe('NO_PROXY_CONSENT');
      const paper = await staff.client.post<ConsentView>(`${C}/members/${elder}/consents`, {
        purpose: 'act_for',
        note: '纸质同意书 2026-031',
        evidence: { method: 'paper', formSha256: form },
      });
      expect(paper.status).toBe(403); // recording consent is never done through 代办
    } finally {
      staff.client.actFor = null;
    }

    // a code cannot be asked of someone with no phone: the paper form it is
    const code = await staff.client.post<Problem>(`${C}/members/${elder}/consent-codes`, { purpose: 'act_for' });
    expect([code.status, code.body.code]).toEqual([409, 'NO_PHONE']);
    const paper = await staff.client.post<ConsentView>(`${C}/members/${elder}/consents`, {
      purpose: 'act_for',
      note: '纸质同意书 2026-031',
      evidence: { method: 'paper', formSha256: form },
    });
    expect(paper.status).toBe(201);
    expect(paper.body).toMatchObject({ state: 'awaiting_countersign', method: 'paper', formUrl: `/files/${form}`, recordedBy: { name: '社工小李' } });

    staff.client.actFor = elder;
    expect((await staff.client.post<Problem>(`${C}/join`)).body.code).toBe('NO_PROXY_CONSENT');
    staff.client.actFor = null;

    const own = await staff.client.post<Problem>(`${C}/consents/${paper.body.id}/countersign`);
    expect([own.status, own.body.code]).toEqual([403, 'CONSENT_OWN']);
    const waiting = await staff2.client.get<{ consents: ConsentView[] }>(`${C}/consents?state=awaiting_countersign`);
    expect(waiting.body.consents.map((c) => c.id)).toContain(paper.body.id);
    const signed = await staff2.client.post<ConsentView>(`${C}/consents/${paper.body.id}/countersign`);
    expect(signed.body).toMatchObject({ state: 'active', countersignedBy: { name: '社工何静' } });
    expect((await staff2.client.post<Problem>(`${C}/consents/${paper.body.id}/countersign`)).body.code).toBe('CONSENT_DECIDED');

    staff.client.actFor = elder;
    expect((await staff.client.post(`${C}/join`)).status).toBe(200);
    staff.client.actFor = null;
    expect((await staff.client.get<PersonView>(`${C}/people/${elder}`)).body.actForConsent).toBe(true);

    // she changes her mind at the desk: withdrawn, and 代办 stops
    expect((await staff2.client.post<ConsentView>(`${C}/consents/${paper.body.id}/withdraw`)).body.state).toBe('withdrawn');
    staff.client.actFor = elder;
    expect((await staff.client.post<Problem>(`${C}/join`)).body.code).toBe('NO_PROXY_CONSENT');
    staff.client.actFor = null;
  });

  it('links a number only when the code sent to it comes back, and joins an existing account without telling staff whose it is', async () => {
    const holder = await makePerson(t, { name: '钱先生' });
    const free = nextPhone();
    const a = await staff.client.post(`${C}/people/phone-codes`, { phone: holder.phone });
    const b = await staff.client.post(`${C}/people/phone-codes`, { phone: free });
    expect([a.status, a.body]).toEqual([b.status, b.body]);
    expect(t.sms.sent.at(-1)).toMatchObject({ phone: free, template: 'link_code' });

    const users = await count('users');
    const wrong = await staff.client.post<Problem>(`${C}/people`, { displayName: '冒名的人', phone: { number: holder.phone, code: '000000' } });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'CODE_INVALID']);
    expect(await count('users')).toBe(users);
    const wrongFree = await staff.client.post<Problem>(`${C}/people`, { displayName: '新人', phone: { number: free, code: '000000' } });
    expect(wrongFree.body).toMatchObject({ code: 'CODE_INVALID' });
    expect(wrongFree.body.message).toBe(wrong.body.message);

    // a minute later (one code a minute per number), the holder is at the desk
    await t.handle.asOwner((o) => o.query(`delete from rate_limit_hits`));
    await staff.client.post(`${C}/people/phone-codes`, { phone: holder.phone });
    const joined = await staff.client.post<PersonView>(`${C}/people`, {
      displayName: '冒名的人',
      birthYear: 1960,
      phone: { number: holder.phone, code: t.sms.lastCodeFor(holder.phone) },
    });
    expect(joined.status).toBe(201);
    // the holder read the code out: it is their account, under their own name
    expect(joined.body).toMatchObject({ userId: holder.userId, displayName: '钱先生', phone: holder.phone });
    expect(await count('users')).toBe(users);
    const again = await staff.client.post<Problem>(`${C}/people`, { displayName: '钱先生', phone: { number: holder.phone, code: '111111' } });
    expect(again.body.code).toBe('CODE_INVALID');
  });

  it('gives a person registered without a phone their number once it is proven, and never someone else’s', async () => {
    const person = (await staff.client.post<PersonView>(`${C}/people`, { displayName: '孙大爷', ageBand: '60_79' })).body;
    const taken = await makePerson(t);
    await staff.client.post(`${C}/people/phone-codes`, { phone: taken.phone });
    const refused = await staff.client.put<Problem>(`${C}/people/${person.userId}/phone`, { number: taken.phone, code: t.sms.lastCodeFor(taken.phone) });
    expect([refused.status, refused.body.code]).toEqual([409, 'PHONE_TAKEN']);
    const mine = nextPhone();
    await staff.client.post(`${C}/people/phone-codes`, { phone: mine });
    const set = await staff.client.put<PersonView>(`${C}/people/${person.userId}/phone`, { number: mine, code: t.sms.lastCodeFor(mine) });
    expect(set.body.phone).toBe(mine);
    // now he can sign in with a code (the next minute: one code a minute per number), and his name is his to change
    await t.handle.asOwner((o) => o.query(`delete from rate_limit_hits`));
    const c = new Client(t.app);
    await c.post('/api/v1/auth/codes', { phone: mine, purpose: 'login' });
    expect((await c.post('/api/v1/auth/login/code', { phone: mine, code: t.sms.lastCodeFor(mine) })).status).toBe(200);
    expect((await staff.client.patch<Problem>(`${C}/people/${person.userId}`, { displayName: '别的名字' })).body.code).toBe('NAME_IS_THEIRS');
  });

  it('registers a child under 14 only with a guardian’s consent, by their code or by the guardian themselves', async () => {
    const mother = await makePerson(t, { community: nanhu, roles: ['resident'], name: '周妈妈' });
    const [users, residents] = [await count('users'), await count('residents')];
    const none = await staff.client.post<Problem>(`${C}/people`, { displayName: '小明', birthYear: new Date().getFullYear() - 8 });
    expect([none.status, none.body.code]).toEqual([422, 'GUARDIAN_NEEDED']);
    const band = await staff.client.post<Problem>(`${C}/people`, { displayName: '小明', ageBand: 'under_14' });
    expect(band.body.code).toBe('GUARDIAN_NEEDED');
    const guessed = await staff.client.post<Problem>(`${C}/people`, {
      displayName: '小明',
      ageBand: 'under_14',
      guardian: { userId: mother.userId, code: '000000' },
    });
    expect(guessed.body.code).toBe('CODE_INVALID');
    expect([await count('users'), await count('residents')]).toEqual([users, residents]);

    expect((await staff.client.post(`${C}/people/guardian-codes`, { guardianId: mother.userId, childName: '小明' })).status).toBe(202);
    expect(t.sms.sent.at(-1)).toMatchObject({ phone: mother.phone, template: 'consent_code', params: { purpose: '登记您的孩子小明的信息' } });
    const child = await staff.client.post<PersonView>(`${C}/people`, {
      displayName: '小明',
      ageBand: 'under_14',
      guardian: { userId: mother.userId, code: t.sms.lastCodeFor(mother.phone) },
    });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ phone: null, ageBand: 'under_14', guardians: [{ userId: mother.userId, name: '周妈妈' }] });

    // the mother sees the consent she gave, and registers her second child herself
    const mine = await mother.client.get<{ consents: ConsentView[] }>(`${C}/my/consents`);
    expect(mine.body.consents).toEqual([
      expect.objectContaining({ purpose: 'guardian', person: { userId: child.body.userId, name: '小明' }, method: 'code', state: 'active' }),
    ]);
    const second = await mother.client.post<PersonView>(`${C}/my/children`, { displayName: '小红', birthYear: new Date().getFullYear() - 5 });
    expect(second.body).toMatchObject({ groups: ['children'], guardians: [{ userId: mother.userId, name: '周妈妈' }] });
    // the mother withdraws her consent for the second child: with no guardian left, the entry goes
    const guardianOf = (await mother.client.get<{ consents: ConsentView[] }>(`${C}/my/consents`)).body.consents.find(
      (c) => c.person.userId === second.body.userId,
    )!;
    expect((await mother.client.post<ConsentView>(`${C}/my/consents/${guardianOf.id}/withdraw`)).body.state).toBe('withdrawn');
    expect((await staff.client.get(`${C}/people/${second.body.userId}`)).status).toBe(404);
    expect((await staff.client.get(`${C}/people/${child.body.userId}`)).status).toBe(200);
    const adult = await mother.client.post<Problem>(`${C}/my/children`, { displayName: '大人', birthYear: 1990 });
    expect(adult.status).toBe(400);
    // a grown-up's entry cannot be made a child's without a guardian
    const grown = (await staff.client.post<PersonView>(`${C}/people`, { displayName: '吴阿姨', birthYear: 1970 })).body;
    expect((await staff.client.patch<Problem>(`${C}/people/${grown.userId}`, { ageBand: 'under_14' })).body.code).toBe('GUARDIAN_NEEDED');
  });

  it('shows hardship, disability and health only to staff, one person at a time, each read audited', async () => {
    const person = (await staff.client.post<PersonView>(`${C}/people`, { displayName: '郑大爷', birthYear: 1948 })).body;
    const set = await staff.client.put<SensitiveView>(`${C}/people/${person.userId}/sensitive`, { tags: ['hardship', 'disabled'], note: '低保户，轮椅' });
    expect(set.body.tags).toEqual(['hardship', 'disabled']);
    const list = await staff.client.get<{ people: PersonView[] }>(`${C}/people?q=郑大爷`);
    expect(JSON.stringify(list.body)).not.toMatch(/hardship|低保|轮椅/);

    const resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
    expect((await resident.client.get(`${C}/people/${person.userId}/sensitive`)).status).toBe(403);
    const clerk = await makePerson(t, { community: nanhu, roles: ['clerk'] });
    expect((await clerk.client.get(`${C}/people/${person.userId}/sensitive`)).status).toBe(403);
    const outsider = await makePerson(t, {
      community: { id: (await t.handle.asOwner((o) => o.query<{ id: number }>(`select id from communities where slug = 'other'`)))[0]!.id },
      roles: ['staff'],
    });
    expect((await outsider.client.get(`/api/v1/communities/other/people/${person.userId}/sensitive`)).status).toBe(404);

    const before = (await auditActions()).filter((e) => e.action === 'person.sensitive_read').length;
    const read = await staff2.client.get<SensitiveView>(`${C}/people/${person.userId}/sensitive`);
    expect(read.body).toMatchObject({ tags: ['hardship', 'disabled'], note: '低保户，轮椅' });
    const reads = (await auditActions()).filter((e) => e.action === 'person.sensitive_read');
    expect(reads.length).toBe(before + 1);
    expect(reads[0]).toMatchObject({ actor: '社工何静', subjectId: String(person.userId) });
  });

  it('keeps households at addresses from the address book, and lets a resident correct their own entry', async () => {
    expect((await staff.client.post(`${C}/addresses`, { estate: '南湖小区', building: '3栋', entrance: '1单元', rooms: ['502'] })).status).toBe(201);
    const unit = (await staff.client.get<{ addresses: { id: number; label: string }[] }>(`${C}/addresses?q=3栋502`)).body.addresses[0]!;
    const household = await staff.client.post<HouseholdView>(`${C}/households`, { addressId: unit.id });
    expect(household.body).toMatchObject({ label: '南湖小区3栋1单元502', address: { id: unit.id } });
    const husband = (
      await staff.client.post<PersonView>(`${C}/people`, { displayName: '冯大爷', birthYear: 1944, addressId: unit.id, householdId: household.body.id })
    ).body;
    const wife = (
      await staff.client.post<PersonView>(`${C}/people`, { displayName: '冯奶奶', birthYear: 1946, addressId: unit.id, householdId: household.body.id })
    ).body;
    expect(husband.household).toEqual({ id: household.body.id, label: '南湖小区3栋1单元502' });
    const members = (await staff.client.get<HouseholdView>(`${C}/households/${household.body.id}`)).body.members.map((m) => m.name);
    expect(members).toEqual(['冯大爷', '冯奶奶']);
    expect(wife.address?.label).toBe('南湖小区3栋1单元502');
    const missing = await staff.client.post<Problem>(`${C}/people`, { displayName: '无址', addressId: 999999 });
    expect(missing.status).toBe(404);

    const resident = await makePerson(t, { community: nanhu, roles: ['resident'], name: '陈女士' });
    expect((await resident.client.get(`${C}/my/profile`)).body).toBeNull();
    const mine = await resident.client.patch<PersonView>(`${C}/my/profile`, { birthYear: 1985, addressId: unit.id, groups: ['women'] });
    expect(mine.body).toMatchObject({ displayName: '陈女士', birthYear: 1985, ageBand: '18_59', groups: ['women'], registeredBy: null });
    // a household is staff's to record: a resident cannot move into someone else's
    const intruder = await resident.client.patch<Problem>(`${C}/my/profile`, { householdId: household.body.id });
    expect(intruder.status).toBe(400);
    expect((await staff.client.get<HouseholdView>(`${C}/households/${household.body.id}`)).body.members.map((m) => m.name)).toEqual(['冯大爷', '冯奶奶']);
    const both = await resident.client.patch<Problem>(`${C}/my/profile`, { birthYear: 1985, ageBand: '18_59' });
    expect(both.status).toBe(400);
    const child = await resident.client.patch<Problem>(`${C}/my/profile`, { birthYear: new Date().getFullYear() - 10 });
    expect(child.body.code).toBe('GUARDIAN_NEEDED');
    expect((await resident.client.get(`${C}/people`)).status).toBe(403);
  });

  it('lets a resident name a family carer and withdraw it; the carer sees it too', async () => {
    const mother = await makePerson(t, { community: nanhu, roles: ['resident'], name: '蒋奶奶' });
    const son = await makePerson(t, { community: nanhu, roles: ['resident'], name: '蒋先生' });
    const stranger = await makePerson(t, { roles: [] });
    expect((await mother.client.post<Problem>(`${C}/my/consents`, { purpose: 'carer', granteeId: stranger.userId, note: '请他代我订餐' })).status).toBe(404);
    expect((await mother.client.post<Problem>(`${C}/my/consents`, { purpose: 'carer', note: '没有名字' })).status).toBe(400);
    const given = await mother.client.post<ConsentView>(`${C}/my/consents`, { purpose: 'carer', granteeId: son.userId, note: '儿子代我订餐' });
    expect(given.body).toMatchObject({ purpose: 'carer', method: 'self', state: 'active', grantee: { name: '蒋先生' } });
    const twice = await mother.client.post<Problem>(`${C}/my/consents`, { purpose: 'carer', granteeId: son.userId, note: '再来一次' });
    expect(twice.body.code).toBe('CONSENT_EXISTS');
    expect((await son.client.get<{ consents: ConsentView[] }>(`${C}/my/consents`)).body.consents.map((c) => c.id)).toEqual([given.body.id]);
    await mother.client.patch(`${C}/my/profile`, { birthYear: 1938 });
    expect((await staff.client.get<PersonView>(`${C}/people/${mother.userId}`)).body.carers).toEqual([{ userId: son.userId, name: '蒋先生' }]);
    const other = await makePerson(t, { community: nanhu, roles: ['resident'] });
    expect((await other.client.post(`${C}/my/consents/${given.body.id}/withdraw`)).status).toBe(404);
    expect((await mother.client.post<ConsentView>(`${C}/my/consents/${given.body.id}/withdraw`)).body.state).toBe('withdrawn');
    expect((await staff.client.get<PersonView>(`${C}/people/${mother.userId}`)).body.carers).toEqual([]);
  });

  it('never links a number that nobody proved: a password account cannot be made from a register entry', async () => {
    const person = (await staff.client.post<PersonView>(`${C}/people`, { displayName: '没手机的人' })).body;
    const row = (
      await t.handle.asOwner((o) =>
        o.query<{ phone: string | null; password_hash: string | null }>(`select phone, password_hash from users where id = $1`, [person.userId]),
      )
    )[0]!;
    expect(row).toEqual({ phone: null, password_hash: null });
    // a number typed without the code read back is refused, and nobody is made
    const users = await count('users');
    const typed = await staff.client.post<Problem>(`${C}/people`, { displayName: '只填了号码', phone: { number: nextPhone() } });
    expect([typed.status, typed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await count('users')).toBe(users);
  });

  it('makes one person from one code however many requests carry it at once, and one countersignature of a form', async () => {
    const phone = nextPhone();
    await staff.client.post(`${C}/people/phone-codes`, { phone });
    const code = t.sms.lastCodeFor(phone)!;
    const users = await count('users');
    const tries = await Promise.all(
      [staff, staff2, staff].map((s) => s.client.post<PersonView>(`${C}/people`, { displayName: '同时登记', birthYear: 1960, phone: { number: phone, code } })),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([201, 401, 401]);
    expect(await count('users')).toBe(users + 1);

    const elder = (await staff.client.post<PersonView>(`${C}/people`, { displayName: '纸质同意的老人', birthYear: 1939 })).body;
    const form = await uploadForm(staff.client);
    const paper = (
      await staff.client.post<ConsentView>(`${C}/members/${elder.userId}/consents`, {
        purpose: 'act_for',
        note: '纸质同意书',
        evidence: { method: 'paper', formSha256: form },
      })
    ).body;
    const third = await makePerson(t, { community: nanhu, roles: ['staff'] });
    const signs = await Promise.all([staff2, third].map((s) => s.client.post<ConsentView>(`${C}/consents/${paper.id}/countersign`)));
    expect(signs.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
