import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity } from '../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { transact } from './db.ts';
import { postEntry } from '../modules/ledger/index.ts';
import { analyzeAll, analyzeChanged } from './statistics.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const statisticsOf = (table: string) =>
  t.handle.asOwner(async (o) => Number((await o.query<{ n: number }>(`select count(*)::int as n from pg_stats where tablename = $1`, [table]))[0]!.n));

/** 200 entries of 2 postings: more than a page and 10 % of each table. */
async function post200(communityId: number) {
  for (let i = 0; i < 200; i++)
    await transact(t.deps.db, { communityId }, (tx) =>
      postEntry(tx, communityId, {
        kind: 'income',
        memo: `捐款 ${i}`,
        source: null,
        postings: [
          { account: 'cash', amountFen: 100 },
          { account: 'income:donation', amountFen: -100 },
        ],
      }),
    );
}

/** The suite runs on PGlite unless DATABASE_URL names a PostgreSQL server (test/support/test-app.ts). */
const onServer = Boolean(process.env.DATABASE_URL);

describe('planner statistics', () => {
  it.skipIf(onServer)(
    'on PGlite (no autovacuum): are collected for every table at start, and again for a table once it has grown by more than a page and 10 %',
    async () => {
      expect(t.handle.kind).toBe('pglite');
      const community = await makeCommunity(t, 'stats');
      await post200(community.id);
      await analyzeAll(t.handle);
      expect(await statisticsOf('ledger_entries')).toBeGreaterThan(0);
      expect(await analyzeChanged(t.handle)).toEqual([]);
      await post200(community.id);
      const refreshed = await analyzeChanged(t.handle);
      expect(refreshed).toContain('public.ledger_entries');
      expect(refreshed).toContain('public.ledger_postings');
      expect(await analyzeChanged(t.handle)).toEqual([]);
    },
  );

  it.skipIf(!onServer)('on a PostgreSQL server: are left to its autovacuum (nothing is analysed by the app)', async () => {
    expect(t.handle.kind).not.toBe('pglite');
    const community = await makeCommunity(t, 'stats');
    await post200(community.id);
    await analyzeAll(t.handle);
    expect(await analyzeChanged(t.handle)).toEqual([]);
  });
});
