import type { Logger } from 'pino';
import type { Db } from '../database.ts';
import type { SqlRunner } from './db.ts';
import type { CommunitySettings } from './tables.ts';
import type { Config } from './config.ts';
import { AppError, type ErrorCatalogue, type Language } from './errors.ts';
import type { FileStore } from './files.ts';
import type { JobQueue } from './jobs.ts';
import type { ModuleDefinition } from './module.ts';
import type { SmsSender } from './sms.ts';
import type { WeChatMp } from './wechat.ts';

/**
 * The roles a member can hold in a community. The platform's own are here (every community has
 * residents, staff and supervisors); a module adds its roles by declaration merging and lists them
 * with their labels in its definition (`roles`).
 */
export interface RoleNames {
  resident: true;
  staff: true;
  supervisor: true;
}
export type Role = keyof RoleNames & string;

/** A role's name for people, in each language. */
export interface RoleLabel {
  zh: string;
  en: string;
}

export const PLATFORM_ROLES: Readonly<Record<'resident' | 'staff' | 'supervisor', RoleLabel>> = {
  resident: { zh: '居民', en: 'Resident' },
  staff: { zh: '社区工作人员', en: 'Community staff' },
  supervisor: { zh: '居务监督', en: 'Supervisor' },
};

/** What every use case may reach: built once per process. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  files: FileStore;
  sms: SmsSender;
  /** The WeChat service account's client, or null when WeChat is off. */
  wechat: WeChatMp | null;
  /** The installed modules, in dependency order: where hooks are read from. */
  modules: readonly ModuleDefinition[];
  /** Every error code of the platform and the installed modules. */
  errors: ErrorCatalogue;
  /** Every role of the platform and the installed modules, with its labels. */
  roles: ReadonlyMap<Role, RoleLabel>;
  /** Durable background jobs: enqueue inside a transaction. */
  jobs: JobQueue;
  /** SQL text as the app role outside any transaction (rate limits; libraries that send their own SQL). */
  run: SqlRunner;
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
    roles: new Set(deps.roles.keys()),
    language: 'zh-CN',
    requestId: 'system',
  };
}
