import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { CommunityView, SettingChangeView } from './communities.schemas.ts';

// Nobody loosens the fund's checks alone: raising the amount above which an expense needs two
// supervisors waits for a supervisor who did not ask for it. Checked by what then holds: the
// threshold in force, and how many approvals an expense needs.

type Person = Awaited<ReturnType<typeof makePerson>>;
let t: TestApp;
let staff: Person;
let staff2: Person;
let supervisor: Person;
let supervisor2: Person;
let admin: Person;

const C = '/api/v1/communities/nanhu';
const expense = (amountFen: number) => ({
  purpose: 'expense:upkeep',
  payee: { name: '张建华', isPerson: true, showName: false },
  amountFen,
  memo: '楼道灯维修',
  attachments: [],
});

beforeAll(async () => {
  t = await createTestApp();
  const nanhu = await makeCommunity(t, 'nanhu');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '李文华' });
  staff2 = await makePerson(t, { community: nanhu, roles: ['staff'] });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '王建国' });
  supervisor2 = await makePerson(t, { community: nanhu, roles: ['supervisor'] });
  admin = await makePerson(t, { platformAdmin: true });
  expect((await staff.client.patch(`${C}/settings`, { expenseTwoApprovalsOverFen: 500_000 })).status).toBe(200);
});
afterAll(() => t.close());

async function threshold(): Promise<number> {
  return (await staff.client.get<CommunityView>(C)).body.settings.expenseTwoApprovalsOverFen;
}
async function approvalsNeeded(amountFen: number): Promise<number> {
  const res = await staff.client.post<{ requiredApprovals: number }>(`${C}/fund/expenses`, expense(amountFen));
  expect(res.status).toBe(201);
  return res.body.requiredApprovals;
}

describe('settings that weaken a check', () => {
  it('are not applied when staff or a platform admin raise the threshold: an expense above it still needs two supervisors', async () => {
    for (const who of [staff, admin]) {
      const res = await who.client.patch<{ change: SettingChangeView }>(`${C}/settings`, {
        expenseTwoApprovalsOverFen: 10_000_000,
        disclosureContact: '社区居委会',
      });
      expect(res.status).toBe(202);
      expect(res.body.change).toMatchObject({
        state: 'pending',
        changes: { expenseTwoApprovalsOverFen: 10_000_000, disclosureContact: '社区居委会' },
        before: { expenseTwoApprovalsOverFen: 500_000 },
        weakens: ['expenseTwoApprovalsOverFen'],
      });
    }
    expect(await threshold()).toBe(500_000);
    expect((await staff.client.get<CommunityView>(C)).body.settings.disclosureContact).not.toBe('社区居委会'); // the whole change waits
    expect(await approvalsNeeded(600_000)).toBe(2);
  });

  it('apply once a supervisor who did not ask approves; the one who asked cannot, nor can staff', async () => {
    const { change } = (await staff.client.patch<{ change: SettingChangeView }>(`${C}/settings`, { expenseTwoApprovalsOverFen: 800_000 })).body;
    expect((await staff2.client.post<Problem>(`${C}/settings/changes/${change.id}/approve`)).status).toBe(403);
    expect(await threshold()).toBe(500_000);
    const approved = await supervisor.client.post<SettingChangeView>(`${C}/settings/changes/${change.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: { name: '王建国' } });
    expect(await threshold()).toBe(800_000);
    expect(await approvalsNeeded(600_000)).toBe(1);
    const twice = await supervisor2.client.post<Problem>(`${C}/settings/changes/${change.id}/refuse`);
    expect(twice.body.code).toBe('SETTING_CHANGE_DECIDED');
    const audit = await supervisor.client.get<{ entries: { action: string }[] }>(`${C}/audit?limit=20`);
    expect(audit.body.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['community.settings_change_proposed', 'community.settings_change_approved']),
    );
  });

  it('refused or withdrawn, change nothing', async () => {
    const a = (await staff.client.patch<{ change: SettingChangeView }>(`${C}/settings`, { expenseTwoApprovalsOverFen: 2_000_000 })).body.change;
    const b = (await staff.client.patch<{ change: SettingChangeView }>(`${C}/settings`, { expenseTwoApprovalsOverFen: 3_000_000 })).body.change;
    expect((await supervisor.client.post<SettingChangeView>(`${C}/settings/changes/${a.id}/refuse`)).body.state).toBe('refused');
    expect((await staff2.client.post<SettingChangeView>(`${C}/settings/changes/${b.id}/withdraw`)).body.state).toBe('withdrawn');
    expect((await supervisor.client.post(`${C}/settings/changes/${b.id}/approve`)).status).toBe(409);
    expect(await threshold()).toBe(800_000);
  });

  it('leave a change that tightens a check, or touches none, to apply at once', async () => {
    const lowered = await staff.client.patch<CommunityView>(`${C}/settings`, { expenseTwoApprovalsOverFen: 300_000, disclosureContact: '居委会 023-1' });
    expect(lowered.status).toBe(200);
    expect(lowered.body.settings).toMatchObject({ expenseTwoApprovalsOverFen: 300_000, disclosureContact: '居委会 023-1' });
    expect(await approvalsNeeded(400_000)).toBe(2);
    const pending = await supervisor.client.get<{ changes: SettingChangeView[] }>(`${C}/settings/changes`);
    expect(pending.body.changes.map((c) => c.changes.expenseTwoApprovalsOverFen)).toEqual([10_000_000, 10_000_000]);
  });

  it('judge a raise against the threshold in force when two changes race: a raise never slips through unapproved', async () => {
    // 300,000 in force. One staff member lowers to 100,000 while another asks for 200,000 (below
    // the old figure, above the new one): whichever commits second is judged against the first.
    const [down, up] = await Promise.all([
      staff.client.patch(`${C}/settings`, { expenseTwoApprovalsOverFen: 100_000 }),
      staff2.client.patch(`${C}/settings`, { expenseTwoApprovalsOverFen: 200_000 }),
    ]);
    expect(down.status).toBe(200);
    const now = await threshold();
    if (up.status === 202)
      expect(now).toBe(100_000); // judged after the lowering: it waits
    else {
      expect(up.status).toBe(200); // judged before it: a lowering from 300,000, then lowered again
      expect(now).toBe(100_000);
    }
  });
});
