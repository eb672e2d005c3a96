import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.ts';
import { makeCommunity, makePerson } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The modules tell people what concerns them through the notifications module: supervisors learn
// of an expense to approve, its proposer of the decision, a buyer that the order is ready.

let t: TestApp;
type Person = { userId: number; phone: string; client: Client };
let staff: Person;
let supervisor: Person;
let supervisor2: Person;
let bystander: Person;

const inbox = async (p: Person) =>
  (await p.client.get<{ notifications: { topic: string; title: string; body: string; link: string | null }[] }>('/api/v1/me/notifications')).body.notifications;

beforeAll(async () => {
  t = await createTestApp();
  const nanhu = await makeCommunity(t, 'nanhu', '南湖社区');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'] });
  supervisor2 = await makePerson(t, { community: nanhu, roles: ['supervisor'] });
  bystander = await makePerson(t, { community: nanhu, roles: ['resident'] });
  for (const p of [staff, supervisor, supervisor2]) await p.client.put('/api/v1/me/notification-preferences', { sms: true, wechat: true, quietHours: null });
}, 60_000);
afterAll(() => t.close());

describe('notices from the fund', () => {
  it('tell every other supervisor of an expense to approve, by inbox and text, and its proposer of the decision', async () => {
    const sent = t.sms.sent.length;
    const expense = await staff.client.post<{ id: number }>('/api/v1/communities/nanhu/fund/expenses', {
      purpose: 'expense:upkeep',
      payee: { name: '张建华', isPerson: true, showName: false },
      amountFen: 12_000,
      memo: '楼道灯维修',
      attachments: [],
    });
    expect(expense.status).toBe(201);
    for (const p of [supervisor, supervisor2]) {
      expect((await inbox(p))[0]).toMatchObject({
        topic: 'ledger.expense_to_approve',
        title: '待审批支出：小区维护 ¥120.00',
        body: '楼道灯维修（收款方：张*华）',
        link: '/c/nanhu/fund/work',
      });
    }
    // the proposer is not a supervisor, and is told nothing until it is decided
    expect(await inbox(staff)).toEqual([]);
    expect(await inbox(bystander)).toEqual([]);
    await t.deps.jobs.drain(t.deps);
    expect(t.sms.sent.slice(sent).map((m) => [m.phone, m.params.title])).toEqual(
      expect.arrayContaining([
        [supervisor.phone, '待审批支出：小区维护 ¥120.00'],
        [supervisor2.phone, '待审批支出：小区维护 ¥120.00'],
      ]),
    );
    expect(t.sms.sent.length - sent).toBe(2);

    expect((await supervisor.client.post(`/api/v1/communities/nanhu/fund/expenses/${expense.body.id}/approve`)).status).toBe(200);
    expect((await inbox(staff))[0]).toMatchObject({ topic: 'ledger.expense_approved', title: '支出已批准，可以支付：¥120.00' });
  });

  it('tell the proposer why an expense was rejected', async () => {
    const expense = await staff.client.post<{ id: number }>('/api/v1/communities/nanhu/fund/expenses', {
      purpose: 'expense:upkeep',
      payee: { name: '维修队', isPerson: false, showName: false },
      amountFen: 5_000,
      memo: '换锁',
      attachments: [],
    });
    await supervisor2.client.post(`/api/v1/communities/nanhu/fund/expenses/${expense.body.id}/reject`, { reason: '没有发票' });
    expect((await inbox(staff))[0]).toMatchObject({ topic: 'ledger.expense_rejected', title: '支出被驳回：¥50.00', body: '换锁。理由：没有发票' });
  });
});
