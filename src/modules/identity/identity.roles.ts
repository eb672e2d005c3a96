import type { Tx } from '../../database.ts';
import { requireActor, requireRole, type Actor, type CommunityContext, type Role } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getPeople } from './identity.people.ts';
import * as repo from './identity.repository.ts';
import type { AppointmentsQueryInput, AppointmentView } from './identity.schemas.ts';
import { recordAudit } from './identity.service.ts';

// Who grants which role. Nobody moves the fund's money alone, so whoever checks the work does not
// do it and is not chosen by the people whose work they check:
// - staff grant the roles that do the community's work (clerk, maker, volunteer, …);
// - a supervisor (居务监督) is appointed by a platform administrator (the street), or proposed by
//   staff and confirmed by a platform administrator or a supervisor who is neither the proposer
//   nor the appointee; only a platform administrator removes one;
// - nobody is both staff and supervisor in one community (the database refuses it too).

/** Roles that check staff's work: staff may propose them, never grant them or hold them. */
const CHECKING_ROLES: ReadonlySet<Role> = new Set<Role>(['supervisor']);
/** Roles one person may not hold together in a community. */
const EXCLUSIVE: readonly (readonly [Role, Role])[] = [['staff', 'supervisor']];

function assertCompatible(roles: readonly Role[]) {
  for (const [a, b] of EXCLUSIVE) if (roles.includes(a) && roles.includes(b)) throw new AppError('ROLE_CONFLICT');
}

/** Staff of the community, or a platform administrator (who need not be a member). */
function requireStaffOrAdmin(ctx: CommunityContext): Actor {
  const actor = requireActor(ctx);
  return actor.isPlatformAdmin && !ctx.agent ? actor : requireRole(ctx, 'staff');
}

/** A supervisor of the community, or a platform administrator, acting for themselves (never 代办). */
function requireDecider(ctx: CommunityContext): Actor {
  if (ctx.agent) throw new AppError('FORBIDDEN');
  const actor = requireActor(ctx);
  return actor.isPlatformAdmin ? actor : requireRole(ctx, 'supervisor');
}

async function lockMember(tx: Tx, communityId: number, userId: number) {
  const membership = await repo.getMembershipForUpdate(tx, communityId, userId);
  if (!membership) throw new AppError('NOT_FOUND', { what: 'member', whatZh: '成员' });
  return membership;
}

/**
 * Grants a role. A checking role asked for by staff is not granted: it becomes a proposal
 * (`appointment`) for a platform administrator or another supervisor to confirm.
 */
export async function grantRole(ctx: CommunityContext, userId: number, role: Role): Promise<{ roles: Role[]; appointment?: AppointmentView }> {
  const actor = requireStaffOrAdmin(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const membership = await lockMember(tx, communityId, userId);
    if (membership.roles.includes(role)) return { roles: membership.roles };
    const roles = [...membership.roles, role];
    assertCompatible(roles);
    if (CHECKING_ROLES.has(role) && !actor.isPlatformAdmin) {
      const inserted = await repo.insertAppointment(tx, { community_id: communityId, user_id: userId, role, proposed_by: actor.userId });
      const appointment = inserted ?? (await repo.getPendingAppointment(tx, communityId, userId, role));
      if (!appointment) throw new Error('an appointment was neither made nor found');
      const presented = (await presentAppointments(tx, [appointment]))[0]!;
      if (inserted) {
        await recordAudit(tx, ctx, { action: 'role.proposed', subjectType: 'user', subjectId: userId, detail: { role, appointment: inserted.id } });
        await announce(tx, ctx, presented);
      }
      return { roles: membership.roles, appointment: presented };
    }
    const updated = await repo.setRoles(tx, communityId, userId, roles);
    await recordAudit(tx, ctx, { action: 'role.granted', subjectType: 'user', subjectId: userId, detail: { role } });
    return { roles: updated.roles };
  });
}

export async function revokeRole(ctx: CommunityContext, userId: number, role: Role): Promise<{ roles: Role[] }> {
  const actor = requireStaffOrAdmin(ctx);
  if (CHECKING_ROLES.has(role) && !actor.isPlatformAdmin) throw new AppError('SUPERVISOR_REMOVAL_BY_ADMIN');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const membership = await lockMember(tx, communityId, userId);
    if (!membership.roles.includes(role)) return { roles: membership.roles };
    if (role === 'staff' && (await repo.countMembersWithRole(tx, communityId, 'staff')) <= 1) throw new AppError('LAST_STAFF');
    const roles = membership.roles.filter((r) => r !== role);
    assertCompatible(roles);
    const updated = await repo.setRoles(tx, communityId, userId, roles);
    await recordAudit(tx, ctx, { action: 'role.revoked', subjectType: 'user', subjectId: userId, detail: { role } });
    return { roles: updated.roles };
  });
}

/** Proposals to appoint, newest first (pending ones by default), for staff, supervisors and platform administrators. */
export async function listAppointments(ctx: CommunityContext, query: AppointmentsQueryInput): Promise<{ appointments: AppointmentView[] }> {
  const actor = requireActor(ctx);
  if (!actor.isPlatformAdmin || ctx.agent) requireRole(ctx, 'staff', 'supervisor');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => ({
    appointments: await presentAppointments(tx, await repo.listAppointments(tx, ctx.community.id, { state: query.state ?? 'pending', limit: query.limit })),
  }));
}

/** A platform administrator or a supervisor other than the proposer and the appointee confirms: the role is granted. */
export function confirmAppointment(ctx: CommunityContext, id: number): Promise<AppointmentView> {
  return decide(ctx, id, 'confirmed');
}

/** …or refuses: nothing is granted. */
export function refuseAppointment(ctx: CommunityContext, id: number): Promise<AppointmentView> {
  return decide(ctx, id, 'refused');
}

async function decide(ctx: CommunityContext, id: number, state: 'confirmed' | 'refused'): Promise<AppointmentView> {
  const actor = requireDecider(ctx);
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const appointment = await repo.getAppointmentForUpdate(tx, communityId, id);
    if (!appointment) throw new AppError('NOT_FOUND', { what: 'appointment', whatZh: '任命' });
    if (appointment.state !== 'pending') throw new AppError('APPOINTMENT_DECIDED');
    if (actor.userId === appointment.proposed_by || actor.userId === appointment.user_id) throw new AppError('APPOINTMENT_OWN');
    if (state === 'confirmed') {
      const membership = await lockMember(tx, communityId, appointment.user_id);
      if (!membership.roles.includes(appointment.role)) {
        const roles = [...membership.roles, appointment.role];
        assertCompatible(roles);
        await repo.setRoles(tx, communityId, appointment.user_id, roles);
      }
    }
    const decided = await repo.decideAppointment(tx, communityId, id, { state, decided_by: actor.userId });
    await recordAudit(tx, ctx, {
      action: state === 'confirmed' ? 'role.appointment_confirmed' : 'role.appointment_refused',
      subjectType: 'user',
      subjectId: appointment.user_id,
      detail: { role: appointment.role, appointment: id },
    });
    const presented = (await presentAppointments(tx, [decided]))[0]!;
    await announce(tx, ctx, presented);
    return presented;
  });
}

/** Staff take a pending proposal back (it grants nothing, so any of them may). */
export async function withdrawAppointment(ctx: CommunityContext, id: number): Promise<AppointmentView> {
  const actor = requireRole(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (tx) => {
    const appointment = await repo.getAppointmentForUpdate(tx, communityId, id);
    if (!appointment) throw new AppError('NOT_FOUND', { what: 'appointment', whatZh: '任命' });
    if (appointment.state !== 'pending') throw new AppError('APPOINTMENT_DECIDED');
    const decided = await repo.decideAppointment(tx, communityId, id, { state: 'withdrawn', decided_by: actor.userId });
    await recordAudit(tx, ctx, {
      action: 'role.appointment_withdrawn',
      subjectType: 'user',
      subjectId: appointment.user_id,
      detail: { role: appointment.role, appointment: id },
    });
    const presented = (await presentAppointments(tx, [decided]))[0]!;
    await announce(tx, ctx, presented);
    return presented;
  });
}

/**
 * What another module does when an appointment is proposed or decided (confirmed, refused,
 * withdrawn), inside the same transaction: the notifications module asks the supervisors to
 * decide, then tells the proposer and the person proposed.
 */
export type AppointmentHook = (tx: Tx, ctx: CommunityContext, appointment: AppointmentView) => Promise<void>;

declare module '../../platform/module.ts' {
  interface ModuleDefinition {
    /** Runs inside the transaction that proposes an appointment to a checking role, or decides one. */
    readonly onAppointment?: AppointmentHook;
  }
}

async function announce(tx: Tx, ctx: CommunityContext, appointment: AppointmentView) {
  for (const m of ctx.deps.modules) await m.onAppointment?.(tx, ctx, appointment);
}

type AppointmentRow = NonNullable<Awaited<ReturnType<typeof repo.getAppointmentForUpdate>>>;

async function presentAppointments(tx: Tx, rows: AppointmentRow[]): Promise<AppointmentView[]> {
  const people = await getPeople(
    tx,
    rows.flatMap((r) => [r.user_id, r.proposed_by, r.decided_by]),
  );
  const person = (id: number) => ({ userId: id, name: people.get(id)?.displayName ?? '' });
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    person: person(r.user_id),
    proposedBy: person(r.proposed_by),
    state: r.state,
    decidedBy: r.decided_by === null ? null : person(r.decided_by),
    decidedAt: r.decided_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}
