import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsSendError } from '../../platform/sms.ts';
import { Client, type Problem } from '../../../test/support/client.ts';
import { consentByCode, makeCommunity, makePerson, nextPhone, PASSWORD } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let other: Awaited<ReturnType<typeof makeCommunity>>;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  other = await makeCommunity(t, 'other');
});
afterAll(() => t.close());

async function countUsers() {
  const row = await t.handle.asOwner((o) => o.query<{ n: number }>('select count(*)::int as n from users'));
  return row[0]!.n;
}

describe('registration and login', () => {
  it('registers with a phone proven by a code and a password, joins the community, and is signed in', async () => {
    const c = new Client(t.app);
    const phone = nextPhone();
    expect((await c.post('/api/v1/auth/codes', { phone, purpose: 'register' })).status).toBe(202);
    const message = t.sms.sent.at(-1)!;
    expect(message).toMatchObject({ phone, template: 'register_code' });
    const res = await c.post<{ phone: string; displayName: string }>('/api/v1/auth/register', {
      phone,
      code: message.params.code,
      password: PASSWORD,
      displayName: '王阿姨',
      community: 'nanhu',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ phone, displayName: '王阿姨' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/weiyi_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await c.get<{ user: { phone: string }; communities: { slug: string; roles: string[] }[] }>('/api/v1/me');
    expect(me.body.user.phone).toBe(phone);
    expect(me.body.communities).toEqual([{ slug: 'nanhu', name: 'nanhu 社区', roles: ['resident'] }]);
  });

  it('opens no account for a number nobody proved: no code, a wrong code, or another number’s code', async () => {
    const before = await countUsers();
    const phone = nextPhone();
    const noCode = await new Client(t.app).post<Problem>('/api/v1/auth/register', { phone, password: PASSWORD, displayName: '冒名' });
    expect([noCode.status, noCode.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await new Client(t.app).post('/api/v1/auth/codes', { phone, purpose: 'register' });
    const real = t.sms.lastCodeFor(phone)!;
    const wrong = await new Client(t.app).post<Problem>('/api/v1/auth/register', {
      phone,
      code: real === '000000' ? '000001' : '000000',
      password: PASSWORD,
      displayName: '冒名',
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'CODE_INVALID']);
    // a code to my own number does not prove someone else's
    const mine = nextPhone();
    await new Client(t.app).post('/api/v1/auth/codes', { phone: mine, purpose: 'register' });
    const borrowed = await new Client(t.app).post<Problem>('/api/v1/auth/register', {
      phone,
      code: t.sms.lastCodeFor(mine),
      password: PASSWORD,
      displayName: '冒名',
    });
    expect([borrowed.status, borrowed.body.code]).toEqual([401, 'CODE_INVALID']);
    // a login code is not a registration code
    const login = await new Client(t.app).post<Problem>('/api/v1/auth/register', { phone: mine, code: '123456', password: PASSWORD, displayName: '冒名' });
    expect(login.status).toBe(401);
    expect(await countUsers()).toBe(before);
  });

  it('tells that a number is taken only to whoever reads its messages, and writes nothing', async () => {
    const { phone } = await makePerson(t);
    const before = await countUsers();
    const sentBefore = t.sms.sent.length;
    // asking for a code answers the same for a taken number as for a free one, and texts the owner
    const asked = await new Client(t.app).post('/api/v1/auth/codes', { phone, purpose: 'register' });
    const free = await new Client(t.app).post('/api/v1/auth/codes', { phone: nextPhone(), purpose: 'register' });
    expect([asked.status, asked.body]).toEqual([free.status, free.body]);
    expect(t.sms.sent.length).toBe(sentBefore + 2);
    const guess = await new Client(t.app).post<Problem>('/api/v1/auth/register', { phone, code: '000000', password: PASSWORD, displayName: 'B' });
    expect(guess.body.code).toBe('CODE_INVALID');
    const owner = await new Client(t.app).post<Problem>('/api/v1/auth/register', {
      phone,
      code: t.sms.lastCodeFor(phone),
      password: PASSWORD,
      displayName: 'B',
    });
    expect([owner.status, owner.body.code]).toEqual([409, 'PHONE_TAKEN']);
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['a bad phone number', { phone: '12345', password: PASSWORD, displayName: 'x' }, 400, 'VALIDATION_FAILED'],
    ['a phone number as a number', { phone: 13800138000, password: PASSWORD, displayName: 'x' }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { phone: '13912345678', password: PASSWORD, displayName: 'x', isPlatformAdmin: true }, 400, 'VALIDATION_FAILED'],
    ['an over-long name', { phone: '13912345678', password: PASSWORD, displayName: '名'.repeat(41) }, 400, 'VALIDATION_FAILED'],
    ['a weak password', { phone: '13912345678', code: '123456', password: '12345678', displayName: 'x' }, 422, 'WEAK_PASSWORD'],
    ['a password on the common list', { phone: '13912345678', code: '123456', password: 'WoAiNi1314', displayName: 'x' }, 422, 'WEAK_PASSWORD'],
    ['the demo’s published password', { phone: '13912345678', code: '123456', password: 'weiyi2026', displayName: 'x' }, 422, 'WEAK_PASSWORD'],
  ])('refuses %s with a clear 4xx and creates nobody', async (_label, body, status, code) => {
    const before = await countUsers();
    const res = await new Client(t.app).post<Problem>('/api/v1/auth/register', body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(res.body.message.length).toBeGreaterThan(3);
    expect(res.body.requestId).toBeTruthy();
    expect(await countUsers()).toBe(before);
  });

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await new Client(t.app).request<Problem>('POST', '/api/v1/auth/login', { rawBody: '{"phone": "138' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('speaks the caller’s language', async () => {
    const zh = await new Client(t.app).post<Problem>('/api/v1/auth/login', { phone: '13900000000', password: 'wrong-password' });
    expect(zh.body.message).toBe('手机号或密码不正确');
    const en = await new Client(t.app).request<Problem>('POST', '/api/v1/auth/login', {
      body: { phone: '13900000000', password: 'wrong-password' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body.message).toBe('The phone number or password is wrong');
  });

  it('refuses a wrong password, and rate-limits repeated tries with Retry-After', async () => {
    const person = await makePerson(t);
    const c = new Client(t.app);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof c.post<Problem>>> | undefined;
    for (let i = 0; i < 11; i++) {
      last = await c.post<Problem>('/api/v1/auth/login', { phone: person.phone, password: 'not-the-password' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(last!.status).toBe(429);
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs out: the session is revoked and the old cookie no longer works', async () => {
    const person = await makePerson(t);
    const token = person.client.cookie('weiyi_session')!;
    expect((await person.client.get<{ user: unknown }>('/api/v1/me')).body.user).not.toBeNull();
    expect((await person.client.post('/api/v1/auth/logout')).status).toBe(204);
    const replay = new Client(t.app);
    replay.setCookie('weiyi_session', token);
    expect((await replay.get<{ user: unknown }>('/api/v1/me')).body.user).toBeNull();
    expect((await replay.patch<Problem>('/api/v1/me', { displayName: 'x' })).status).toBe(401);
  });

  it('treats a forged session token as signed out', async () => {
    const c = new Client(t.app);
    c.setCookie('weiyi_session', 'forged-token-forged-token-forged-token-1234');
    expect((await c.get<{ user: unknown }>('/api/v1/me')).body.user).toBeNull();
    expect((await c.patch<Problem>('/api/v1/me', { displayName: 'x' })).body.code).toBe('UNAUTHENTICATED');
  });

  it('expires a session that has been idle too long', async () => {
    const person = await makePerson(t);
    await t.handle.asOwner((o) => o.query(`update sessions set last_seen_at = now() - interval '30 days' where user_id = $1`, [person.userId]));
    expect((await person.client.get<{ user: unknown }>('/api/v1/me')).body.user).toBeNull();
  });

  it('changing the password signs out every other session', async () => {
    const person = await makePerson(t);
    const phone2 = new Client(t.app);
    await phone2.login(person.phone, PASSWORD);
    const res = await person.client.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a-new-password-2' });
    expect(res.status).toBe(200);
    expect((await phone2.get<{ user: unknown }>('/api/v1/me')).body.user).toBeNull();
    expect((await person.client.get<{ user: unknown }>('/api/v1/me')).body.user).not.toBeNull();
    expect((await new Client(t.app).post('/api/v1/auth/login', { phone: person.phone, password: 'a-new-password-2' })).status).toBe(200);
  });
});

describe('one-time codes', () => {
  it('signs in with a code sent by SMS; the code works once', async () => {
    const person = await makePerson(t);
    const c = new Client(t.app);
    expect((await c.post('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' })).status).toBe(202);
    const code = t.sms.lastCodeFor(person.phone)!;
    expect(code).toMatch(/^\d{6}$/);
    expect((await c.post('/api/v1/auth/login/code', { phone: person.phone, code })).status).toBe(200);
    const reuse = await new Client(t.app).post<Problem>('/api/v1/auth/login/code', { phone: person.phone, code });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('CODE_INVALID');
  });

  it('refuses an expired code', async () => {
    const person = await makePerson(t);
    await new Client(t.app).post('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' });
    const code = t.sms.lastCodeFor(person.phone)!;
    await t.handle.asOwner((o) => o.query(`update one_time_codes set expires_at = now() - interval '1 second' where phone = $1`, [person.phone]));
    const res = await new Client(t.app).post<Problem>('/api/v1/auth/login/code', { phone: person.phone, code });
    expect(res.body.code).toBe('CODE_INVALID');
  });

  it('spends a code after five wrong guesses', async () => {
    const person = await makePerson(t);
    await new Client(t.app).post('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' });
    const code = t.sms.lastCodeFor(person.phone)!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await new Client(t.app).post('/api/v1/auth/login/code', { phone: person.phone, code: wrong });
    const res = await new Client(t.app).post<Problem>('/api/v1/auth/login/code', { phone: person.phone, code });
    expect(res.body.code).toBe('CODE_INVALID');
  });

  it('resets the password with a code, revoking old sessions', async () => {
    const person = await makePerson(t);
    const c = new Client(t.app);
    await c.post('/api/v1/auth/codes', { phone: person.phone, purpose: 'reset' });
    const code = t.sms.lastCodeFor(person.phone)!;
    expect((await c.post('/api/v1/auth/password/reset', { phone: person.phone, code, newPassword: 'brand-new-pass-9' })).status).toBe(200);
    expect((await person.client.get<{ user: unknown }>('/api/v1/me')).body.user).toBeNull();
    expect((await new Client(t.app).post('/api/v1/auth/login', { phone: person.phone, password: PASSWORD })).status).toBe(401);
  });

  it('limits code sending to one a minute per number', async () => {
    const person = await makePerson(t);
    const c = new Client(t.app);
    expect((await c.post('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' })).status).toBe(202);
    const again = await c.post<Problem>('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' });
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBeDefined();
  });

  it('sends the code with the login template, and the reset code with the reset template', async () => {
    const person = await makePerson(t);
    await new Client(t.app).post('/api/v1/auth/codes', { phone: person.phone, purpose: 'reset' });
    const message = t.sms.sent.at(-1)!;
    expect(message).toMatchObject({ phone: person.phone, template: 'reset_code', params: { code: t.sms.lastCodeFor(person.phone) } });
    expect(message.text).toContain(message.params.code);
  });

  it('answers the same when the provider refuses the message, so a refusal does not tell who has an account', async () => {
    const person = await makePerson(t);
    t.sms.failNext(new SmsSendError({ provider: 'memory', code: 'isv.BUSINESS_LIMIT_CONTROL', retryable: true, message: 'throttled' }));
    const res = await new Client(t.app).post('/api/v1/auth/codes', { phone: person.phone, purpose: 'login' });
    expect(res.status).toBe(202);
    expect(t.sms.sent.some((m) => m.phone === person.phone)).toBe(false);
  });

  it('sends nothing, but answers the same, for a number with no account', async () => {
    const phone = nextPhone();
    const res = await new Client(t.app).post('/api/v1/auth/codes', { phone, purpose: 'login' });
    expect(res.status).toBe(202);
    expect(t.sms.sent.some((m) => m.phone === phone)).toBe(false);
  });
});

describe('CSRF and origin', () => {
  it('refuses a state change without the CSRF token, and changes nothing', async () => {
    const person = await makePerson(t, { name: '原名' });
    const res = await person.client.request<Problem>('PATCH', '/api/v1/me', { body: { displayName: '新名' }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
    expect((await person.client.get<{ user: { displayName: string } }>('/api/v1/me')).body.user.displayName).toBe('原名');
  });

  it('refuses a request from a foreign origin', async () => {
    const person = await makePerson(t);
    const res = await person.client.request<Problem>('PATCH', '/api/v1/me', { body: { displayName: 'x' }, headers: { origin: 'https://evil.example' } });
    expect(res.body.code).toBe('CSRF_FAILED');
  });
});

describe('memberships and roles', () => {
  it('staff list members; a resident is refused (403); another community’s member gets 404', async () => {
    const staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
    await makePerson(t, { community: nanhu, roles: ['resident'], name: '李大妈' });
    const list = await staff.client.get<{ members: { displayName: string; roles: string[] }[] }>('/api/v1/communities/nanhu/members');
    expect(list.status).toBe(200);
    expect(list.body.members.map((m) => m.displayName)).toContain('李大妈');

    const resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
    expect((await resident.client.get<Problem>('/api/v1/communities/nanhu/members')).body.code).toBe('FORBIDDEN');

    const otherStaff = await makePerson(t, { community: other, roles: ['staff'] });
    const foreign = await otherStaff.client.get<Problem>('/api/v1/communities/nanhu/members');
    expect(foreign.status).toBe(404);

    expect((await new Client(t.app).get<Problem>('/api/v1/communities/nanhu/members')).status).toBe(401);
  });

  it('staff grant and revoke roles, each recorded in the audit log; the last staff member stays', async () => {
    const staff = await makePerson(t, { community: other, roles: ['staff'] });
    const clerk = await makePerson(t, { community: other, roles: ['resident'] });
    const granted = await staff.client.put<{ roles: string[] }>(`/api/v1/communities/other/members/${clerk.userId}/roles/clerk`);
    expect(granted.body.roles).toEqual(['resident', 'clerk']);
    const revoked = await staff.client.delete<{ roles: string[] }>(`/api/v1/communities/other/members/${clerk.userId}/roles/clerk`);
    expect(revoked.body.roles).toEqual(['resident']);
    const audit = await staff.client.get<{ entries: { action: string; actor: string }[] }>('/api/v1/communities/other/audit');
    expect(audit.body.entries.slice(0, 2).map((e) => e.action)).toEqual(['role.revoked', 'role.granted']);

    const community = await makeCommunity(t, `solo-${Date.now() % 100000}`);
    const only = await makePerson(t, { community, roles: ['staff'] });
    const last = await only.client.delete<Problem>(`/api/v1/communities/${community.slug}/members/${only.userId}/roles/staff`);
    expect(last.body.code).toBe('LAST_STAFF');
  });

  it('a resident cannot grant themselves a role', async () => {
    const resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const res = await resident.client.put<Problem>(`/api/v1/communities/nanhu/members/${resident.userId}/roles/staff`);
    expect(res.status).toBe(403);
    const me = await resident.client.get<{ communities: { slug: string; roles: string[] }[] }>('/api/v1/me');
    expect(me.body.communities.find((c) => c.slug === 'nanhu')!.roles).toEqual(['resident']);
  });
});

describe('acting on behalf of a resident (代办)', () => {
  it('staff act for a resident who consented by a code read back, never in the resident’s own acts', async () => {
    const staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '社工小李' });
    const resident = await makePerson(t, { community: nanhu, roles: ['resident'], name: '赵奶奶' });
    const consent = await consentByCode(t, staff.client, 'nanhu', resident);
    expect([consent.status, consent.body.state]).toEqual([201, 'active']);
    expect(t.sms.sent.at(-1)).toMatchObject({ phone: resident.phone, template: 'consent_code', params: { purpose: '社区工作人员为您代办事务' } });

    staff.client.actFor = resident.userId;
    const changed = await staff.client.patch<{ displayName: string }>('/api/v1/communities/nanhu/my/profile', { groups: ['elderly'] });
    expect(changed.status).toBe(403); // correcting one's own register entry is the person's own act
    const joined = await staff.client.post<{ roles: string[] }>('/api/v1/communities/nanhu/join');
    expect(joined.status).toBe(200);
    staff.client.actFor = null;
    const audit = await staff.client.get<{ entries: { action: string; actor: string; onBehalfOf: string | null }[] }>('/api/v1/communities/nanhu/audit');
    expect(audit.body.entries.find((e) => e.action === 'consent.given')).toMatchObject({ actor: '社工小李' });
  });

  it('refuses to act for a resident who has not consented', async () => {
    const staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
    const resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
    staff.client.actFor = resident.userId;
    const res = await staff.client.patch<Problem>('/api/v1/communities/nanhu/settings', { disclosureContact: 'x' });
    expect(res.body.code).toBe('NO_PROXY_CONSENT');
  });

  it('a resident cannot act for another resident', async () => {
    const a = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const b = await makePerson(t, { community: nanhu, roles: ['resident'] });
    a.client.actFor = b.userId;
    expect((await a.client.post<Problem>('/api/v1/communities/nanhu/join')).status).toBe(403);
  });
});
