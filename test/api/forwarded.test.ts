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
