import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../../test/support/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { seedDemo } from '../../seed.ts';
import { ledgerCommand } from './ledger.cli.ts';

let t: TestApp;
let seedMs = 0;
beforeAll(async () => {
  t = await createTestApp();
  const started = Date.now();
  await seedDemo(t.deps);
  seedMs = Date.now() - started;
  console.log(`demo seed (every module) took ${seedMs} ms on ${t.handle.kind}`);
});
afterAll(() => t.close());

describe('the demo community’s fund', () => {
  it('carries a year of history that verifies, with the foundation grant, the tuition donation, corrections and pending expenses', async () => {
    const anon = new Client(t.app);
    const summary = await anon.get<{ balanceFen: number; head: { seq: number }; year: { incomeFen: number } }>('/api/v1/communities/nanhu/fund/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.head.seq).toBeGreaterThan(150);
    expect(summary.body.balanceFen).toBeGreaterThan(0);
    const grants = await anon.get<{ entries: { memo: string; postings: { fen: number }[] }[] }>(
      '/api/v1/communities/nanhu/fund/entries?channel=income:foundation',
    );
    expect(grants.body.entries.map((e) => e.postings[0]!.fen)).toEqual([5_000_000]);
    const tuition = await anon.get<{ entries: { postings: { fen: number }[] }[] }>('/api/v1/communities/nanhu/fund/entries?channel=income:tuition');
    expect(tuition.body.entries[0]!.postings[0]!.fen).toBe(400_000);
    const corrections = await anon.get<{ entries: { correctionNote: string }[] }>('/api/v1/communities/nanhu/fund/entries?kind=correction');
    expect(corrections.body.entries).toHaveLength(2);
    const jsonl = await t.app.inject({ method: 'GET', url: '/api/v1/communities/nanhu/fund/ledger.jsonl' });
    const file = path.join(t.dataDir, 'nanhu.jsonl');
    fs.writeFileSync(file, jsonl.body);
    expect(await ledgerCommand(['verify', file], () => {})).toBe(0);
    const pending = await t.deps.db.selectFrom('communities').select('id').where('slug', '=', 'nanhu').executeTakeFirstOrThrow();
    const rows = await t.handle.asOwner((o) =>
      o.query<{ n: number }>(`select count(*)::int as n from ledger_expenses where community_id = $1 and status = 'proposed'`, [pending.id]),
    );
    expect(rows[0]!.n).toBe(2);
    // beicheng opened its own empty book
    expect((await anon.get<{ head: { seq: number } }>('/api/v1/communities/beicheng/fund/summary')).body.head.seq).toBe(0);
  });
});
