import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.ts';
import { makeCommunity, makePerson } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Text the services trim must hold more than spaces: found by the fuzz as a 500 (the database's
// check refused the trimmed, empty text) for a rejection's reason and a maker's name.

let t: TestApp;
let staff: { client: Client };
let supervisor: { client: Client };
beforeAll(async () => {
  t = await createTestApp();
  const nanhu = await makeCommunity(t, 'nanhu');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'] });
});
afterAll(() => t.close());

describe('text of nothing but spaces', () => {
  it('is refused as a rejection’s reason, and the expense stays as it was', async () => {
    const expense = await staff.client.post<{ id: number }>('/api/v1/communities/nanhu/fund/expenses', {
      purpose: 'expense:upkeep',
      payee: { name: '维修队', isPerson: false, showName: false },
      amountFen: 100,
      memo: '换灯泡',
      attachments: [],
    });
    const res = await supervisor.client.post<{ code: string }>(`/api/v1/communities/nanhu/fund/expenses/${expense.body.id}/reject`, { reason: '  ' });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await staff.client.get<{ status: string }>(`/api/v1/communities/nanhu/fund/expenses/${expense.body.id}`)).body.status).toBe('proposed');
  });

  it('is refused as a maker’s name, and no maker is made', async () => {
    const res = await staff.client.post<{ code: string }>('/api/v1/communities/nanhu/market/makers', {
      kind: 'organisation',
      name: ' ',
      consentNote: '签字同意书',
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await staff.client.get<{ makers: unknown[] }>('/api/v1/communities/nanhu/market/makers')).body.makers).toEqual([]);
  });
});
