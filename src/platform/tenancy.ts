import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CommunitySettings } from './tables.ts';
import type { Community, CommunityContext, Deps, RequestContext, Role } from './context.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    communityContext: CommunityContext | null;
  }
}

export const ACT_FOR_HEADER = 'x-act-for';
/** Roles of a member who is never acted for (代办): only plain residents are. */
export const UNACTABLE_ROLES: ReadonlySet<string> = new Set(['staff', 'supervisor', 'clerk']);
const CACHE_MS = 30_000;

/** Communities change rarely and are read on every request: a short per-process cache. */
export class CommunityCache {
  private readonly bySlug = new Map<string, { community: Community | null; at: number }>();
  constructor(private readonly deps: Pick<Deps, 'db'>) {}

  async get(slug: string): Promise<Community | null> {
    const hit = this.bySlug.get(slug);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.community;
    const row = await this.deps.db
      .selectFrom('communities')
      .select(['id', 'slug', 'name', 'district', 'street', 'settings'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    const community = row ? { ...row, settings: row.settings as CommunitySettings } : null;
    this.bySlug.set(slug, { community, at: Date.now() });
    return community;
  }

  forget(slug: string) {
    this.bySlug.delete(slug);
  }
}

export function requestContext(deps: Deps, req: FastifyRequest): RequestContext {
  return { deps, actor: req.actor, language: req.language, requestId: req.id };
}

async function rolesOf(deps: Deps, communityId: number, userId: number): Promise<Role[]> {
  const row = await sql<{ roles: Role[] | null }>`select member_roles(${communityId}, ${userId}) as roles`.execute(deps.db);
  return row.rows[0]?.roles ?? [];
}

/**
 * The context of a request to `/communities/:slug/…`: the community (404 if none), the actor's
 * roles there, and, when staff send `X-Act-For`, the resident they act for (代办).
 */
export async function communityContext(deps: Deps, cache: CommunityCache, req: FastifyRequest, slug: string): Promise<CommunityContext> {
  if (req.communityContext?.community.slug === slug) return req.communityContext;
  const community = await cache.get(slug);
  if (!community) throw new AppError('NOT_FOUND', { what: 'community', whatZh: '社区' });
  const base = requestContext(deps, req);
  let ctx: CommunityContext = { ...base, community, roles: new Set(), agent: null };
  if (req.actor) ctx = { ...ctx, roles: new Set(await rolesOf(deps, community.id, req.actor.userId)) };

  const actFor = req.headers[ACT_FOR_HEADER];
  if (typeof actFor === 'string' && actFor !== '') {
    const residentId = Number(actFor);
    if (!req.actor) throw new AppError('UNAUTHENTICATED');
    if (!ctx.roles.has('staff')) throw new AppError(ctx.roles.size === 0 ? 'NOT_FOUND' : 'FORBIDDEN', { what: 'community', whatZh: '社区' });
    if (!Number.isSafeInteger(residentId) || residentId <= 0) throw new AppError('VALIDATION_FAILED', { detail: ACT_FOR_HEADER });
    const consent = await sql<{ ok: boolean }>`select has_proxy_consent(${community.id}, ${residentId}) as ok`.execute(deps.db);
    if (!consent.rows[0]?.ok) throw new AppError('NO_PROXY_CONSENT');
    const resident = await deps.db.selectFrom('users').select(['id', 'display_name']).where('id', '=', residentId).executeTakeFirstOrThrow();
    const roles = await rolesOf(deps, community.id, resident.id);
    // Acting for someone who checks or handles the community's money would lend staff their hands.
    if (roles.some((r) => UNACTABLE_ROLES.has(r))) throw new AppError('NOT_ACTABLE');
    ctx = {
      ...ctx,
      agent: req.actor,
      actor: { userId: resident.id, displayName: resident.display_name, isPlatformAdmin: false },
      roles: new Set(roles),
    };
  }
  req.communityContext = ctx;
  return ctx;
}
