import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/platform/rate-limit.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Rate limits live in PostgreSQL, so every app process counts the same attempts.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('rate limits', () => {
  it('allow max attempts in the window, then refuse with the seconds to wait, and allow again once the window has moved on', async () => {
    const limiter = new RateLimiter(t.deps.run, 'test-window', 2, 60_000);
    await limiter.hit('k', 0);
    await limiter.hit('k', 1000);
    await expect(limiter.hit('k', 2000)).rejects.toMatchObject({ code: 'RATE_LIMITED', params: { retryAfter: 58 } });
    // the refused attempt was not counted: at 60.5 s the first has left the window, at 61 s the second
    await limiter.hit('k', 60_500);
    await limiter.hit('k', 61_000);
    await expect(limiter.hit('k', 61_500)).rejects.toMatchObject({ code: 'RATE_LIMITED', params: { retryAfter: 59 } });
  });

  it('count keys and limits apart', async () => {
    const a = new RateLimiter(t.deps.run, 'test-a', 1, 60_000);
    const b = new RateLimiter(t.deps.run, 'test-b', 1, 60_000);
    await a.hit('same', 0);
    await b.hit('same', 0);
    await a.hit('other', 0);
    await expect(a.hit('same', 10)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('let exactly max of many simultaneous attempts through, as one process would', async () => {
    const limiter = new RateLimiter(t.deps.run, 'test-race', 5, 60_000);
    const now = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => limiter.hit('13800000000', now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('keep no phone number or address in the table', async () => {
    await new RateLimiter(t.deps.run, 'test-pii', 3, 60_000).hit('13912345678');
    const rows = await t.handle.asOwner((o) => o.query<{ key: string }>(`select encode(key, 'escape') as key from rate_limit_hits`));
    expect(rows.some((r) => r.key.includes('13912345678'))).toBe(false);
  });
});
