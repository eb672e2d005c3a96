import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppointmentView } from '../identity/index.ts';
import type { SettingChangeView } from '../communities/index.ts';

// The supervisors hear of the checks waiting for them (a proposed supervisor, a change of settings
// that weakens a check), and the people a decision concerns hear of it. Checked by whose inbox
// holds what after each step: nobody is asked to decide their own proposal, whoever decided is not
// told what they did, and nobody outside the community hears anything.

type Person = Awaited<ReturnType<typeof makePerson>>;
interface Notice {
  id: number;
  topic: string;
  title: string;
  body: string;
  link: string | null;
}

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
const people: Record<string, Person> = {};
const C = '/api/v1/communities/nanhu';

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu', '南湖社区');
  const other = await makeCommunity(t, 'other');
  people.staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '李文华' });
  people.staff2 = await makePerson(t, { community: nanhu, roles: ['staff'], name: '何静' });
  people.supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '王建国' });
  people.supervisor2 = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '陈秀英' });
  people.resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
  people.admin = await makePerson(t, { platformAdmin: true, name: '街道管理员' });
  people.otherSupervisor = await makePerson(t, { community: other, roles: ['supervisor'] });
});
afterAll(() => t.close());

const seen = new Map<number, number>();
const latest = new Map<string, Notice>();

/** Who got which notices (topics, oldest first) since the last look; people who got none are left out. */
async function whoHeard(): Promise<Record<string, string[]>> {
  const heard: Record<string, string[]> = {};
  for (const [name, p] of Object.entries(people)) {
    const { notifications } = (await p.client.get<{ notifications: Notice[] }>('/api/v1/me/notifications?limit=100')).body;
    const after = seen.get(p.userId) ?? 0;
    const fresh = notifications.filter((n) => n.id > after).reverse();
    seen.set(p.userId, Math.max(after, ...notifications.map((n) => n.id)));
    if (fresh.length > 0) {
      heard[name] = fresh.map((n) => n.topic);
      latest.set(name, fresh.at(-1)!);
    }
  }
  return heard;
}
/** The last notice a person got, as the last look found it. */
const lastOf = (name: string) => latest.get(name);

async function propose(name: string, by = people.staff!): Promise<AppointmentView> {
  people[name] = await makePerson(t, { community: nanhu, roles: ['resident'], name });
  const res = await by.client.put<{ appointment: AppointmentView }>(`${C}/members/${people[name].userId}/roles/supervisor`);
  expect(res.status).toBe(202);
  return res.body.appointment;
}

/** Takes a supervisor made here away again (a platform administrator may), so later tests count the first two only. */
async function unappoint(name: string) {
  expect((await people.admin!.client.delete(`${C}/members/${people[name]!.userId}/roles/supervisor`)).status).toBe(200);
}

beforeEach(async () => {
  await whoHeard();
});

describe('a proposed supervisor', () => {
  it('is put to the supervisors, not to the proposer, the person proposed, other staff, administrators or another community; once', async () => {
    const { id } = await propose('赵德明');
    expect(await whoHeard()).toEqual({ supervisor: ['identity.appointment_to_confirm'], supervisor2: ['identity.appointment_to_confirm'] });
    expect(lastOf('supervisor')).toMatchObject({
      title: '待确认任命：赵德明 为居务监督',
      body: '李文华 提名 赵德明 为居务监督，请确认或拒绝。',
      link: '/c/nanhu/appointments',
    });
    // proposing the same person again is the same proposal: nobody is asked twice
    expect(
      (await people.staff2!.client.put<{ appointment: AppointmentView }>(`${C}/members/${people['赵德明']!.userId}/roles/supervisor`)).body.appointment.id,
    ).toBe(id);
    expect(await whoHeard()).toEqual({});
  });

  it('confirmed: the proposer and the new supervisor are told, not the supervisor who confirmed; the new one is asked next time', async () => {
    const { id } = await propose('孙丽娟');
    await whoHeard();
    expect((await people.supervisor!.client.post(`${C}/appointments/${id}/confirm`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['identity.appointment_confirmed'], 孙丽娟: ['identity.appointment_confirmed'] });
    expect(lastOf('staff')).toMatchObject({
      title: '已确认任命：孙丽娟 为居务监督',
      body: '李文华 提名 孙丽娟 为居务监督，王建国 已确认。',
      link: '/c/nanhu/appointments?tab=decided',
    });
    expect(lastOf('孙丽娟')).toMatchObject({ title: '您已被任命为南湖社区的居务监督', link: '/c/nanhu/appointments' });

    await propose('吴志强', people.staff2);
    expect(await whoHeard()).toEqual({
      supervisor: ['identity.appointment_to_confirm'],
      supervisor2: ['identity.appointment_to_confirm'],
      孙丽娟: ['identity.appointment_to_confirm'],
    });
    await unappoint('孙丽娟');
  });

  it('refused or withdrawn: those it concerns are told, but not whoever did it', async () => {
    const refused = await propose('黄丽萍');
    await whoHeard();
    expect((await people.admin!.client.post(`${C}/appointments/${refused.id}/refuse`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['identity.appointment_refused'], 黄丽萍: ['identity.appointment_refused'] });
    expect(lastOf('黄丽萍')).toMatchObject({
      title: '对您任居务监督的提名未获确认',
      body: '李文华 提名 黄丽萍 为居务监督，街道管理员 已拒绝。',
      link: '/c/nanhu',
    });

    const own = await propose('周明德');
    await whoHeard();
    expect((await people.staff!.client.post(`${C}/appointments/${own.id}/withdraw`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ 周明德: ['identity.appointment_withdrawn'] });

    const others = await propose('刘小燕');
    await whoHeard();
    expect((await people.staff2!.client.post(`${C}/appointments/${others.id}/withdraw`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['identity.appointment_withdrawn'], 刘小燕: ['identity.appointment_withdrawn'] });
    expect(lastOf('staff')).toMatchObject({ title: '已撤回提名：刘小燕 为居务监督', body: '李文华 提名 刘小燕 为居务监督，何静 已撤回。' });
  });

  it('decided three ways at once: only the decision that stands is told', async () => {
    const { id } = await propose('张秀兰');
    await whoHeard();
    const answers = await Promise.all([
      people.supervisor!.client.post<AppointmentView>(`${C}/appointments/${id}/confirm`),
      people.admin!.client.post<AppointmentView>(`${C}/appointments/${id}/refuse`),
      people.staff2!.client.post<AppointmentView>(`${C}/appointments/${id}/withdraw`),
    ]);
    const won = answers.find((a) => a.status === 200)!.body;
    const topic = `identity.appointment_${won.state}`;
    expect(await whoHeard()).toEqual({ staff: [topic], 张秀兰: [topic] });
    if (won.state === 'confirmed') await unappoint('张秀兰');
  });
});

describe('a change of settings that waits for a supervisor', () => {
  const raise = (who: Person, fen: number) => who.client.patch<{ change: SettingChangeView }>(`${C}/settings`, { expenseTwoApprovalsOverFen: fen });

  it('is put to the supervisors, not to the one who asked; a change that weakens nothing is told to nobody', async () => {
    expect((await people.staff!.client.patch(`${C}/settings`, { disclosureContact: '居委会 023-1', expenseTwoApprovalsOverFen: 300_000 })).status).toBe(200);
    expect(await whoHeard()).toEqual({});

    const res = await people.staff!.client.patch<{ change: SettingChangeView }>(`${C}/settings`, {
      expenseTwoApprovalsOverFen: 10_000_000,
      unpaidHoldMinutes: 45,
    });
    expect(res.status).toBe(202);
    expect(await whoHeard()).toEqual({
      supervisor: ['communities.setting_change_to_approve'],
      supervisor2: ['communities.setting_change_to_approve'],
    });
    expect(lastOf('supervisor2')).toMatchObject({
      title: '待批准的设置修改：需两名居务监督审批的支出金额、未付款订单保留时间',
      body: '需两名居务监督审批的支出金额：¥3,000.00 → ¥100,000.00；未付款订单保留时间：30 分钟 → 45 分钟。李文华 提出；这项修改放宽了检查，要一名没有提出它的居务监督批准后才生效。',
      link: '/c/nanhu/settings',
    });

    expect((await people.supervisor!.client.post(`${C}/settings/changes/${res.body.change.id}/approve`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['communities.setting_change_approved'] });
    expect(lastOf('staff')).toMatchObject({ title: '设置修改已生效：需两名居务监督审批的支出金额、未付款订单保留时间', link: '/c/nanhu/settings' });
    expect(lastOf('staff')!.body).toMatch(/王建国 批准。$/);
  });

  it('refused or withdrawn by another, the one who asked is told; withdrawn by them, nobody', async () => {
    const refused = (await raise(people.staff!, 20_000_000)).body.change;
    await whoHeard();
    expect((await people.supervisor2!.client.post(`${C}/settings/changes/${refused.id}/refuse`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['communities.setting_change_refused'] });
    expect(lastOf('staff')).toMatchObject({ title: '设置修改被拒绝：需两名居务监督审批的支出金额' });

    const own = (await raise(people.staff!, 20_000_000)).body.change;
    await whoHeard();
    expect((await people.staff!.client.post(`${C}/settings/changes/${own.id}/withdraw`)).status).toBe(200);
    expect(await whoHeard()).toEqual({});

    const others = (await raise(people.staff!, 20_000_000)).body.change;
    await whoHeard();
    expect((await people.staff2!.client.post(`${C}/settings/changes/${others.id}/withdraw`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ staff: ['communities.setting_change_withdrawn'] });
  });

  it('asked for by a platform administrator, who is not a member: the supervisors are asked, and the administrator told', async () => {
    const { change } = (await raise(people.admin!, 30_000_000)).body;
    expect(await whoHeard()).toEqual({
      supervisor: ['communities.setting_change_to_approve'],
      supervisor2: ['communities.setting_change_to_approve'],
    });
    expect((await people.supervisor2!.client.post(`${C}/settings/changes/${change.id}/approve`)).status).toBe(200);
    expect(await whoHeard()).toEqual({ admin: ['communities.setting_change_approved'] });
  });

  it('goes to the supervisors by text message too, as expenses do', async () => {
    await raise(people.staff!, 40_000_000);
    const { deliveries } = (
      await people.staff!.client.get<{ deliveries: { to: { userId: number }; topic: string; channel: string }[] }>(`${C}/notifications/deliveries`)
    ).body;
    const sms = deliveries.filter((d) => d.topic === 'communities.setting_change_to_approve' && d.channel === 'sms').slice(0, 2);
    expect(sms.map((d) => d.to.userId).sort()).toEqual([people.supervisor!.userId, people.supervisor2!.userId].sort());
  });
});
