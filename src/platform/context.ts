import type { Logger } from 'pino';
import type { Db } from '../database.ts';
import type { CommunitySettings } from '../modules/communities/communities.tables.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import type { Language } from './errors.ts';
import type { FileStore } from './files.ts';
import type { SmsSender } from './sms.ts';

export const ROLES = ['resident', 'maker', 'org_leader', 'volunteer', 'clerk', 'staff', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** What every use case may reach: built once per process. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  files: FileStore;
  sms: SmsSender;
}

export interface Actor {
  userId: number;
  displayName: string;
  isPlatformAdmin: boolean;
}

export interface Community {
  id: number;
  slug: string;
  name: string;
  district: string;
  street: string;
  settings: CommunitySettings;
}

/** Who is asking, in which language, through which request. */
export interface RequestContext {
  deps: Deps;
  actor: Actor | null;
  language: Language;
  requestId: string;
}

/** A request inside one community. When staff act for a resident (代办), `actor` is the resident and `agent` the staff member. */
export interface CommunityContext extends RequestContext {
  community: Community;
  roles: ReadonlySet<Role>;
  agent: Actor | null;
}

/** The signed-in actor, or 401. */
export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

/**
 * The actor must hold one of `roles` here: 401 when signed out, 404 for someone who is not a
 * member (the community's insides do not exist for them), 403 for a member without the role.
 */
export function requireRole(ctx: CommunityContext, ...roles: Role[]): Actor {
  const actor = requireActor(ctx);
  if (ctx.roles.size === 0) throw new AppError('NOT_FOUND', { what: 'community', whatZh: '社区' });
  if (roles.length > 0 && !roles.some((r) => ctx.roles.has(r))) throw new AppError('FORBIDDEN');
  return actor;
}

export function hasRole(ctx: CommunityContext, ...roles: Role[]): boolean {
  return roles.some((r) => ctx.roles.has(r));
}

/** The ids an audit row records: who did it, and for whom when acting on behalf. */
export function auditActors(ctx: CommunityContext): { actorId: number | null; onBehalfOf: number | null } {
  if (ctx.agent) return { actorId: ctx.agent.userId, onBehalfOf: ctx.actor?.userId ?? null };
  return { actorId: ctx.actor?.userId ?? null, onBehalfOf: null };
}

/** A context for work the system does itself (seeding, CLI): every role, no person. */
export function systemContext(deps: Deps, community: Community, actor: Actor | null = null): CommunityContext {
  return {
    deps,
    actor,
    agent: null,
    community,
    roles: new Set(ROLES),
    language: 'zh-CN',
    requestId: 'system',
  };
}
