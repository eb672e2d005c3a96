import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/platform/db.ts';
import { type Client } from '../support/client.ts';
import { makeCommunity, makePerson } from '../support/factories.ts';
import { WITH_PROBE } from '../support/probe/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Durable jobs (src/platform/jobs.ts): enqueued with the caller's transaction, run once, retried
// with backoff, delayed, deduplicated, visible to the community's staff.

let t: TestApp;
let nanhu: { id: number; slug: string };
let other: { id: number; slug: string };
let staff: { client: Client };

beforeAll(async () => {
  t = await createTestApp({ modules: WITH_PROBE });
  nanhu = await makeCommunity(t, 'nanhu');
  other = await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
}, 60_000);
afterAll(() => t.close());

const runs = (key: string) => t.handle.asOwner((o) => o.query<{ attempt: number }>(`select attempt from probe_runs where key = $1 order by id`, [key]));
const enqueue = (key: string, options: { failFirst?: number; startAfter?: Date; onceKey?: string; communityId?: number; rollback?: boolean } = {}) =>
  transact(t.deps.db, { communityId: options.communityId ?? nanhu.id }, async (tx) => {
    const id = await t.deps.jobs.enqueue(
      tx,
      'probe.record',
      { communityId: options.communityId ?? nanhu.id, key, failFirst: options.failFirst ?? 0 },
      {
        communityId: options.communityId ?? nanhu.id,
        ...(options.startAfter ? { startAfter: options.startAfter } : {}),
        ...(options.onceKey ? { onceKey: options.onceKey } : {}),
      },
    );
    if (options.rollback) throw Object.assign(new Error('rolled back'), { id });
    return id;
  });

describe('background jobs', () => {
  it('exist only when the transaction that queued them commits, and run once', async () => {
    await expect(enqueue('rolled-back', { rollback: true })).rejects.toThrow('rolled back');
    const id = await enqueue('committed');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 1, failed: 0 });
    expect(await runs('committed')).toEqual([{ attempt: 0 }]);
    expect(await runs('rolled-back')).toEqual([]);
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 0, failed: 0 });
    const [job] = await t.deps.jobs.list(nanhu.id, { limit: 10 });
    expect(job).toMatchObject({ id, name: 'probe.record', state: 'completed', retryCount: 0, error: null });
  });

  it('retry a failing job after a backoff, show the error meanwhile, and give up after the retry limit', async () => {
    await enqueue('flaky', { failFirst: 1 });
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 1, failed: 1 });
    const waiting = (await t.deps.jobs.list(nanhu.id, { limit: 50 })).find((j) => j.state === 'retry')!;
    expect(waiting.error).toBe('probe flaky failed on attempt 1 as asked');
    expect(waiting.startAfter.getTime()).toBeGreaterThan(Date.now());
    // not due yet: a plain drain leaves it; the backoff over, it succeeds on the second attempt
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 0, failed: 0 });
    expect(await t.deps.jobs.drain(t.deps, { includeDelayed: true })).toEqual({ ran: 1, failed: 0 });
    expect(await runs('flaky')).toEqual([{ attempt: 0 }, { attempt: 1 }]);

    await enqueue('hopeless', { failFirst: 99 });
    const ran = await t.deps.jobs.drain(t.deps, { includeDelayed: true });
    expect(ran).toEqual({ ran: 3, failed: 3 });
    expect((await runs('hopeless')).map((r) => r.attempt)).toEqual([0, 1, 2]);
    const failed = await t.deps.jobs.list(nanhu.id, { state: 'failed', limit: 10 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ state: 'failed', retryCount: 2, retryLimit: 2, error: 'probe hopeless failed on attempt 3 as asked' });
  });

  it('wait for their time, and are queued once per key', async () => {
    await enqueue('later', { startAfter: new Date(Date.now() + 60 * 60_000) });
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 0, failed: 0 });
    expect(await enqueue('once', { onceKey: 'reminder-42' })).not.toBeNull();
    expect(await enqueue('once-again', { onceKey: 'reminder-42' })).toBeNull();
    expect(await t.deps.jobs.drain(t.deps, { includeDelayed: true })).toEqual({ ran: 2, failed: 0 });
    expect(await runs('later')).toHaveLength(1);
    expect(await runs('once-again')).toEqual([]);
  });

  it('refuse a payload that does not match the job, before anything is queued', async () => {
    await expect(
      transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
        t.deps.jobs.enqueue(tx, 'probe.record', { communityId: nanhu.id, key: 'bad', failFirst: -1 }, { communityId: nanhu.id }),
      ),
    ).rejects.toThrow('job probe.record: the payload does not match its schema');
  });

  it('are shown to their community’s staff only, who can run a failed one again', async () => {
    await enqueue('theirs', { communityId: other.id });
    const list = await staff.client.get<{ jobs: { id: string; name: string; state: string; error: string | null }[] }>(`/api/v1/communities/nanhu/jobs`);
    expect(list.status).toBe(200);
    expect(list.body.jobs.length).toBeGreaterThan(3);
    expect(list.body.jobs.some((j) => j.state === 'created')).toBe(false);
    const failed = list.body.jobs.find((j) => j.state === 'failed')!;
    expect(failed.error).toBe('probe hopeless failed on attempt 3 as asked');
    const theirs = (await t.deps.jobs.list(other.id, { limit: 10 }))[0]!;
    expect((await staff.client.post(`/api/v1/communities/nanhu/jobs/${theirs.id}/retry`)).status).toBe(404);
    const resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
    expect((await resident.client.get(`/api/v1/communities/nanhu/jobs`)).status).toBe(403);

    expect((await staff.client.post(`/api/v1/communities/nanhu/jobs/${failed.id}/retry`)).status).toBe(204);
    await t.deps.jobs.drain(t.deps, { includeDelayed: true, only: ['probe.record'] });
    expect((await runs('hopeless')).length).toBeGreaterThan(3);
  });

  it('are worked by running workers, and a schedule is registered in China time', async () => {
    await t.deps.jobs.start(t.deps, { pollingIntervalSeconds: 0.5 });
    try {
      await enqueue('by-worker');
      await expect.poll(() => runs('by-worker'), { timeout: 15_000, interval: 200 }).toHaveLength(1);
      const schedules = await t.handle.asOwner((o) =>
        o.query<{ name: string; cron: string; timezone: string }>(`select name, cron, timezone from pgboss.schedule`),
      );
      expect(schedules).toContainEqual({ name: 'probe.nightly', cron: '30 2 * * *', timezone: 'Asia/Shanghai' });
    } finally {
      await t.deps.jobs.stop();
    }
  }, 30_000);
});
