import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
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

describe('control and bidi characters in text', () => {
  it('are refused wherever text is taken, naming the field, and nothing is stored', async () => {
    const before = (await staff.client.get<{ entries: unknown[] }>('/api/v1/communities/nanhu/fund/entries?limit=200')).body.entries.length;
    const cases: [string, string, unknown, string][] = [
      // a donor's name that reads backwards on the public book
      [
        '/api/v1/communities/nanhu/fund/income',
        'POST',
        {
          channel: 'donation',
          amountFen: 100,
          receivedInto: 'cash',
          memo: '爱心捐赠',
          payer: { name: '张\u202e三', isPerson: false, showName: true },
          attachments: [],
        },
        '/payer/name',
      ],
      [
        '/api/v1/communities/nanhu/fund/income',
        'POST',
        { channel: 'donation', amountFen: 100, receivedInto: 'cash', memo: '捐赠\u0007', payer: null, attachments: [] },
        '/memo',
      ],
      [
        '/api/v1/communities/nanhu/fund/income',
        'POST',
        { channel: 'donation', amountFen: 100, receivedInto: 'cash', memo: '\u2066捐赠\u2069', payer: null, attachments: [] },
        '/memo',
      ],
      ['/api/v1/me', 'PATCH', { displayName: '王\u200b建国' }, '/displayName'],
    ];
    for (const [url, method, body, field] of cases) {
      const res = await staff.client.request<{ code: string; message: string }>(method as 'POST', url, { body, idempotencyKey: `k-${crypto.randomUUID()}` });
      expect([res.status, res.body.code], `${url} ${field}`).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.message).toContain(field.slice(1));
    }
    expect((await staff.client.get<{ entries: unknown[] }>('/api/v1/communities/nanhu/fund/entries?limit=200')).body.entries).toHaveLength(before);
    // tabs and line breaks are text
    const ok = await staff.client.post(
      '/api/v1/communities/nanhu/fund/income',
      { channel: 'donation', amountFen: 100, receivedInto: 'cash', memo: '捐赠\n第二行\t附注', payer: null, attachments: [] },
      { idempotencyKey: `k-${crypto.randomUUID()}` },
    );
    expect(ok.status).toBe(201);
  });

  it('are checked after who may call: a stranger still hears 401', async () => {
    const res = await new Client(t.app).post('/api/v1/communities/nanhu/fund/income', { memo: '\u202e' }, { idempotencyKey: `k-${crypto.randomUUID()}` });
    expect(res.status).toBe(401);
  });
});
