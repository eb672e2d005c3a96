import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// X-Forwarded-For is anyone's to send: it names the client only when it comes from a proxy named
// in TRUSTED_PROXIES. Otherwise a stranger could dodge the per-address login limit by inventing addresses.

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function loginStatuses(app: TestApp, remoteAddress: string) {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, cookie: 'weiyi_csrf=forwarded-test-token-0001', 'x-csrf-token': 'forwarded-test-token-0001' },
      payload: { phone: `1390000000${i}`, password: 'not-the-password' },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('forwarded headers', () => {
  it('do not count from an untrusted address: invented addresses still share the sender’s limit', async () => {
    t = await createTestApp({ config: { loginAttemptsPerAddress: 3 } });
    expect(await loginStatuses(t, '198.51.100.7')).toEqual([401, 401, 401, 429, 429]);
  });

  it('count from a trusted proxy: each client behind it has its own limit', async () => {
    t = await createTestApp({ config: { loginAttemptsPerAddress: 3, trustedProxies: ['198.51.100.7'] } });
    expect(await loginStatuses(t, '198.51.100.7')).toEqual([401, 401, 401, 401, 401]);
  });
});

describe('a stranger guessing a password', () => {
  it('stops themselves, not the owner: refused from their address, while the owner logs in from theirs, by password or code', async () => {
    t = await createTestApp();
    const owner = { phone: '13912340001', password: 'owner-pass-2026' };
    const headers = { cookie: 'weiyi_csrf=forwarded-test-token-0001', 'x-csrf-token': 'forwarded-test-token-0001' };
    const post = (remoteAddress: string, url: string, payload: unknown) =>
      t!.app.inject({ method: 'POST', url, remoteAddress, headers, payload: payload as object });
    expect((await post('198.51.100.20', '/api/v1/auth/codes', { phone: owner.phone, purpose: 'register' })).statusCode).toBe(202);
    const registered = await post('198.51.100.20', '/api/v1/auth/register', { ...owner, code: t.sms.lastCodeFor(owner.phone), displayName: '主人' });
    expect(registered.statusCode).toBe(201);
    await t.handle.asOwner((o) => o.query(`delete from rate_limit_hits`)); // a minute later: the owner may ask for a code again
    const stranger: number[] = [];
    for (let i = 0; i < 12; i++) stranger.push((await post('203.0.113.9', '/api/v1/auth/login', { phone: owner.phone, password: `guess-${i}` })).statusCode);
    expect(stranger).toEqual([...Array(10).fill(401), 429, 429]);
    // the right password from the stranger's address is refused too: no more guesses from there
    expect((await post('203.0.113.9', '/api/v1/auth/login', owner)).statusCode).toBe(429);
    expect((await post('198.51.100.20', '/api/v1/auth/login', owner)).statusCode).toBe(200);
    expect((await post('198.51.100.20', '/api/v1/auth/codes', { phone: owner.phone, purpose: 'login' })).statusCode).toBe(202);
    const code = t.sms.lastCodeFor(owner.phone)!;
    expect((await post('198.51.100.20', '/api/v1/auth/login/code', { phone: owner.phone, code })).statusCode).toBe(200);
  });
});
