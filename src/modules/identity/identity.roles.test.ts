import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Problem } from '../../../test/support/client.ts';
import { consentByCode, makeCommunity, makePerson, registerByApi } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppointmentView } from './identity.schemas.ts';

// Nobody moves the fund's money alone: staff cannot make supervisors (居务监督) of their choosing,
// nor be one. Each attack is made and its outcome checked: who ends up holding which role, and
// whether any money could move.

type Person = Awaited<ReturnType<typeof makePerson>>;
let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let staff: Person;
let staff2: Person;
let supervisor: Person;
let admin: Person;
let otherSupervisor: Person;

const C = '/api/v1/communities/nanhu';
const roleUrl = (userId: number, role: string) => `${C}/members/${userId}/roles/${role}`;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  const other = await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'], name: '李文华' });
  staff2 = await makePerson(t, { community: nanhu, roles: ['staff'], name: '何静' });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '王建国' });
  admin = await makePerson(t, { platformAdmin: true, name: '街道管理员' });
  otherSupervisor = await makePerson(t, { community: other, roles: ['supervisor'] });
});
afterAll(() => t.close());

/** A person who registers and joins, as a puppet would: a phone the staff member holds. */
async function newResident(): Promise<{ client: Client; userId: number; phone: string }> {
  const { client, res, phone } = await registerByApi(t, { displayName: '新居民', community: 'nanhu' });
  expect(res.status).toBe(201);
  const me = await client.get<{ user: { id: number } }>('/api/v1/me');
  return { client, userId: me.body.user.id, phone };
}

async function rolesOf(userId: number): Promise<string[]> {
  const res = await staff.client.get<{ members: { userId: number; roles: string[] }[] }>(`${C}/members?limit=200`);
  return res.body.members.find((m) => m.userId === userId)?.roles ?? [];
}

const expense = {
  purpose: 'expense:upkeep',
  payee: { name: '张建华', isPerson: true, showName: false },
  amountFen: 12_000,
  memo: '楼道灯维修',
  attachments: [],
};

describe('who appoints a supervisor', () => {
  it('stops one staff member approving their own expense through supervisors they made: the puppets are only proposed', async () => {
    const puppets = [await newResident(), await newResident()];
    for (const p of puppets) {
      const res = await staff.client.put<{ roles: string[]; appointment: AppointmentView }>(roleUrl(p.userId, 'supervisor'));
      expect(res.status).toBe(202);
      expect(res.body.roles).toEqual(['resident']);
      expect(res.body.appointment).toMatchObject({ role: 'supervisor', state: 'pending', proposedBy: { name: '李文华' } });
    }
    const proposed = await staff.client.post<{ id: number }>(`${C}/fund/expenses`, expense);
    expect(proposed.status).toBe(201);
    for (const p of puppets) {
      expect(await rolesOf(p.userId)).toEqual(['resident']);
      const approve = await p.client.post<Problem>(`${C}/fund/expenses/${proposed.body.id}/approve`);
      expect(approve.status).toBe(403);
      // nor can the puppet confirm the other puppet, nor the staff member their own proposal
      const pending = (await staff.client.get<{ appointments: AppointmentView[] }>(`${C}/appointments`)).body.appointments;
      for (const a of pending) expect((await p.client.post(`${C}/appointments/${a.id}/confirm`)).status).toBe(403);
    }
    const pending = (await staff.client.get<{ appointments: AppointmentView[] }>(`${C}/appointments`)).body.appointments;
    for (const a of pending) {
      const own = await staff.client.post<Problem>(`${C}/appointments/${a.id}/confirm`);
      expect(own.status).toBe(403);
    }
    const still = await supervisor.client.get<{ status: string; approvals: unknown[] }>(`${C}/fund/expenses/${proposed.body.id}`);
    expect(still.body).toMatchObject({ status: 'proposed', approvals: [] });
    for (const p of puppets) expect(await rolesOf(p.userId)).toEqual(['resident']);
  });

  it('grants the role once a supervisor who is neither proposer nor appointee confirms; not twice, and not by another community', async () => {
    const candidate = await newResident();
    const proposed = await staff.client.put<{ appointment: AppointmentView }>(roleUrl(candidate.userId, 'supervisor'));
    const again = await staff2.client.put<{ appointment: AppointmentView }>(roleUrl(candidate.userId, 'supervisor'));
    expect(again.status).toBe(202);
    expect(again.body.appointment.id).toBe(proposed.body.appointment.id); // one proposal, not two
    const id = proposed.body.appointment.id;

    const appointee = await candidate.client.post<Problem>(`${C}/appointments/${id}/confirm`);
    expect(appointee.status).toBe(403);
    expect((await otherSupervisor.client.post(`${C}/appointments/${id}/confirm`)).status).toBe(404);
    expect((await otherSupervisor.client.post(`/api/v1/communities/other/appointments/${id}/confirm`)).status).toBe(404);
    expect(await rolesOf(candidate.userId)).toEqual(['resident']);

    const confirmed = await supervisor.client.post<AppointmentView>(`${C}/appointments/${id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', decidedBy: { name: '王建国' }, person: { userId: candidate.userId } });
    expect(await rolesOf(candidate.userId)).toEqual(['resident', 'supervisor']);
    const twice = await supervisor.client.post<Problem>(`${C}/appointments/${id}/refuse`);
    expect(twice.body.code).toBe('APPOINTMENT_DECIDED');

    const audit = await supervisor.client.get<{ entries: { action: string }[] }>(`${C}/audit?limit=20`);
    expect(audit.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['role.proposed', 'role.appointment_confirmed']));
  });

  it('lets a platform administrator appoint and remove a supervisor directly; staff can do neither', async () => {
    const candidate = await newResident();
    const granted = await admin.client.put<{ roles: string[] }>(roleUrl(candidate.userId, 'supervisor'));
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual(['resident', 'supervisor']);

    const removal = await staff.client.delete<Problem>(roleUrl(candidate.userId, 'supervisor'));
    expect(removal.status).toBe(403);
    expect(removal.body.code).toBe('SUPERVISOR_REMOVAL_BY_ADMIN');
    expect(await rolesOf(candidate.userId)).toEqual(['resident', 'supervisor']);

    expect((await admin.client.delete(roleUrl(candidate.userId, 'supervisor'))).status).toBe(200);
    expect(await rolesOf(candidate.userId)).toEqual(['resident']);
  });

  it('refuses to make anyone both staff and supervisor, whichever comes first', async () => {
    const toStaff = await admin.client.put<Problem>(roleUrl(supervisor.userId, 'staff'));
    expect(toStaff.status).toBe(409);
    expect(toStaff.body.code).toBe('ROLE_CONFLICT');
    const byStaff = await staff2.client.put<Problem>(roleUrl(supervisor.userId, 'staff'));
    expect(byStaff.body.code).toBe('ROLE_CONFLICT');
    const toSupervisor = await staff.client.put<Problem>(roleUrl(staff2.userId, 'supervisor'));
    expect(toSupervisor.body.code).toBe('ROLE_CONFLICT');
    const self = await staff.client.put<Problem>(roleUrl(staff.userId, 'supervisor'));
    expect(self.body.code).toBe('ROLE_CONFLICT');
    expect(await rolesOf(supervisor.userId)).toEqual(['supervisor']);
    expect(await rolesOf(staff2.userId)).toEqual(['staff']);

    // a proposal made before the person became staff cannot be confirmed after
    const candidate = await newResident();
    const proposed = await staff.client.put<{ appointment: AppointmentView }>(roleUrl(candidate.userId, 'supervisor'));
    expect((await staff.client.put(roleUrl(candidate.userId, 'staff'))).status).toBe(200);
    const confirm = await supervisor.client.post<Problem>(`${C}/appointments/${proposed.body.appointment.id}/confirm`);
    expect(confirm.body.code).toBe('ROLE_CONFLICT');
    expect(await rolesOf(candidate.userId)).toEqual(['resident', 'staff']);
  });

  it('decides a proposal once when it is confirmed, refused and withdrawn at the same moment', async () => {
    const candidate = await newResident();
    const { id } = (await staff.client.put<{ appointment: AppointmentView }>(roleUrl(candidate.userId, 'supervisor'))).body.appointment;
    const answers = await Promise.all([
      supervisor.client.post<AppointmentView>(`${C}/appointments/${id}/confirm`),
      admin.client.post<AppointmentView>(`${C}/appointments/${id}/refuse`),
      staff.client.post<AppointmentView>(`${C}/appointments/${id}/withdraw`),
    ]);
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
    expect(await rolesOf(candidate.userId)).toEqual(won[0]!.body.state === 'confirmed' ? ['resident', 'supervisor'] : ['resident']);
  });

  it('lets staff withdraw a proposal, and lists what is pending to staff, supervisors and administrators only', async () => {
    const candidate = await newResident();
    const { id } = (await staff.client.put<{ appointment: AppointmentView }>(roleUrl(candidate.userId, 'supervisor'))).body.appointment;
    expect((await supervisor.client.post(`${C}/appointments/${id}/withdraw`)).status).toBe(403);
    expect((await candidate.client.post(`${C}/appointments/${id}/withdraw`)).status).toBe(403);
    for (const p of [staff, supervisor, admin]) {
      const list = await p.client.get<{ appointments: AppointmentView[] }>(`${C}/appointments`);
      expect(list.body.appointments.map((a) => a.id)).toContain(id);
    }
    expect((await candidate.client.get(`${C}/appointments`)).status).toBe(403);
    expect((await otherSupervisor.client.get(`${C}/appointments`)).status).toBe(404);
    const withdrawn = await staff2.client.post<AppointmentView>(`${C}/appointments/${id}/withdraw`);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', decidedBy: { name: '何静' } });
    expect((await supervisor.client.post(`${C}/appointments/${id}/confirm`)).status).toBe(409);
    expect(await rolesOf(candidate.userId)).toEqual(['resident']);
  });

  it('never lends staff a supervisor’s hands by acting for them (代办): not recorded, not used', async () => {
    const asked = await staff.client.post<Problem>(`${C}/members/${supervisor.userId}/consent-codes`, { purpose: 'act_for' });
    expect([asked.status, asked.body.code]).toEqual([403, 'NOT_ACTABLE']);
    const refused = await staff.client.post<Problem>(`${C}/members/${supervisor.userId}/consents`, {
      purpose: 'act_for',
      note: '签字授权书',
      evidence: { method: 'paper', formSha256: 'a'.repeat(64) },
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'NOT_ACTABLE']);

    // a resident who consented long ago, later made a supervisor by the street
    const elder = await newResident();
    expect((await consentByCode(t, staff.client, 'nanhu', elder)).status).toBe(201);
    expect((await admin.client.put(roleUrl(elder.userId, 'supervisor'))).status).toBe(200);
    const puppet = await newResident();
    const { id } = (await staff.client.put<{ appointment: AppointmentView }>(roleUrl(puppet.userId, 'supervisor'))).body.appointment;
    staff.client.actFor = elder.userId;
    try {
      const asElder = await staff.client.post<Problem>(`${C}/appointments/${id}/confirm`);
      expect([asElder.status, asElder.body.code]).toEqual([403, 'NOT_ACTABLE']);
      const approve = await staff.client.post<Problem>(`${C}/settings/changes/1/approve`);
      expect(approve.body.code).toBe('NOT_ACTABLE');
    } finally {
      staff.client.actFor = null;
    }
    expect(await rolesOf(puppet.userId)).toEqual(['resident']);
    expect((await staff.client.get<{ appointments: AppointmentView[] }>(`${C}/appointments`)).body.appointments.find((a) => a.id === id)?.state).toBe(
      'pending',
    );
  });
});
