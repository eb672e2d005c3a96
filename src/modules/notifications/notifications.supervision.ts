import type { Tx } from '../../database.ts';
import type { CommunityContext } from '../../platform/context.ts';
import { formatFen } from '../../platform/money.ts';
import { SETTING_FIELDS, SETTING_KEYS, showSetting, type SettingChangeHook, type SettingChangeView, type SettingWords } from '../communities/index.ts';
import { listMemberIdsWithRole, type AppointmentHook } from '../identity/index.ts';
import { notify } from './notifications.service.ts';

// The notices of the checks kept by modules listed before this one (identity's appointments of
// supervisors, communities' changes of settings that wait for a supervisor), which cannot call
// notify() themselves: they name this module's hooks in their definitions. The supervisors are
// asked to decide, never about their own proposal; once it is decided, the people it concerns are
// told, but not whoever decided it. Platform administrators, who are not members, are not asked
// (there is no list of them to reach); one who asked for a change of settings hears how it ended.

const without = (ids: readonly number[], ...others: (number | undefined)[]) => ids.filter((id) => !others.includes(id));

async function supervisorsBut(tx: Tx, ctx: CommunityContext, ...others: number[]): Promise<number[]> {
  return without(await listMemberIdsWithRole(tx, ctx.community.id, 'supervisor'), ...others);
}

const APPOINTMENT_DECIDED = {
  confirmed: { verb: '确认', proposer: '已确认任命', person: (community: string, role: string) => `您已被任命为${community}的${role}` },
  refused: { verb: '拒绝', proposer: '已拒绝任命', person: (_: string, role: string) => `对您任${role}的提名未获确认` },
  withdrawn: { verb: '撤回', proposer: '已撤回提名', person: (_: string, role: string) => `对您任${role}的提名已撤回` },
} as const;

/** A proposal to appoint: the supervisors are asked; decided, the proposer and the person proposed are told. */
export const tellOfAppointment: AppointmentHook = async (tx, ctx, a) => {
  const communityId = ctx.community.id;
  const role = ctx.deps.roles.get(a.role)?.zh ?? a.role;
  const page = `/c/${ctx.community.slug}/appointments`;
  const proposal = `${a.proposedBy.name} 提名 ${a.person.name} 为${role}`;
  if (a.state === 'pending') {
    await notify(tx, ctx.deps, {
      communityId,
      userIds: await supervisorsBut(tx, ctx, a.proposedBy.userId, a.person.userId),
      topic: 'identity.appointment_to_confirm',
      title: `待确认任命：${a.person.name} 为${role}`,
      body: `${proposal}，请确认或拒绝。`,
      link: page,
      channels: ['wechat', 'sms'],
    });
    return;
  }
  const decided = APPOINTMENT_DECIDED[a.state];
  const body = `${proposal}，${a.decidedBy?.name ?? ''} 已${decided.verb}。`;
  const topic = `identity.appointment_${a.state}`;
  const decider = a.decidedBy?.userId;
  await notify(tx, ctx.deps, {
    communityId,
    userIds: without([a.proposedBy.userId], decider),
    topic,
    title: `${decided.proposer}：${a.person.name} 为${role}`,
    body,
    link: `${page}?tab=decided`,
    channels: ['wechat'],
  });
  await notify(tx, ctx.deps, {
    communityId,
    userIds: without([a.person.userId], decider),
    topic,
    title: decided.person(ctx.community.name, role),
    body,
    // a refused or withdrawn appointee is not a supervisor, and may not see the appointments
    link: a.state === 'confirmed' ? page : `/c/${ctx.community.slug}`,
    channels: ['wechat'],
  });
};

/** How a notice writes a setting's value. */
const WORDS: SettingWords = { fen: formatFen, minutes: (n) => `${n} 分钟`, empty: '（空）' };

/** Each setting the change asks for, in the settings page's order, as "name: before → after". */
function describeChange(change: SettingChangeView): { names: string; lines: string } {
  const keys = SETTING_KEYS.filter((key) => change.changes[key] !== undefined);
  return {
    names: keys.map((key) => SETTING_FIELDS[key].zh.name).join('、'),
    lines: keys
      .map((key) => `${SETTING_FIELDS[key].zh.name}：${showSetting(key, change.before[key], WORDS)} → ${showSetting(key, change.changes[key], WORDS)}`)
      .join('；'),
  };
}

const SETTING_DONE = { approved: ['已生效', '批准'], refused: ['被拒绝', '拒绝'], withdrawn: ['已撤回', '撤回'] } as const;

/** A change of settings that waits: the supervisors are asked; decided, the one who asked is told. */
export const tellOfSettingChange: SettingChangeHook = async (tx, ctx, change) => {
  const { names, lines } = describeChange(change);
  const link = `/c/${ctx.community.slug}/settings`;
  if (change.state === 'pending') {
    await notify(tx, ctx.deps, {
      communityId: ctx.community.id,
      userIds: await supervisorsBut(tx, ctx, change.proposedBy.userId),
      topic: 'communities.setting_change_to_approve',
      title: `待批准的设置修改：${names}`,
      body: `${lines}。${change.proposedBy.name} 提出；这项修改放宽了检查，要一名没有提出它的居务监督批准后才生效。`,
      link,
      channels: ['wechat', 'sms'],
    });
    return;
  }
  const [outcome, verb] = SETTING_DONE[change.state];
  await notify(tx, ctx.deps, {
    communityId: ctx.community.id,
    userIds: without([change.proposedBy.userId], change.decidedBy?.userId),
    topic: `communities.setting_change_${change.state}`,
    title: `设置修改${outcome}：${names}`,
    body: `${lines}。${change.decidedBy?.name ?? ''} ${verb}。`,
    link,
    channels: ['wechat'],
  });
};
