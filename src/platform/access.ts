import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyRequest,
  FastifySchema,
  FastifyTypeProvider,
  FastifyTypeProviderDefault,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
  RouteOptions,
} from 'fastify';
import type { Role } from './context.ts';
import { AppError } from './errors.ts';
import type { App, RouteEnv } from './routing.ts';

/**
 * Who may call a route. Every module route declares one; it is checked before the request body is
 * validated and before the handler runs, and written into the OpenAPI document as `x-access`,
 * where the authorisation matrix and the fuzzing read it.
 *
 * - `public`: anyone, signed in or not.
 * - `signedIn`: any signed-in person (401 otherwise).
 * - `member`: a member of the community in the path, whatever their roles (401 signed out,
 *   404 for a non-member: the community's insides do not exist for them).
 * - `platformAdmin`: the platform's administrators (401, 403 otherwise).
 * - `{ roles }`: members holding one of the roles (401; 404 for a non-member; 403 for a member
 *   without them). `platformAdmin: true` lets a platform admin in without membership.
 *   `orOwner: true` lets every member through to the service, which answers 404 unless the
 *   object is theirs ("not found or not yours": an order's buyer, a maker's own figures).
 */
export type Access = 'public' | 'signedIn' | 'member' | 'platformAdmin' | RolesAccess;

export interface RolesAccess {
  roles: readonly Role[];
  platformAdmin?: boolean;
  orOwner?: boolean;
}

/** The access of a route as the OpenAPI document shows it (`x-access`). */
export type AccessDoc =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'member' }
  | { kind: 'platformAdmin' }
  | { kind: 'roles'; roles: Role[]; platformAdmin: boolean; orOwner: boolean };

export function describeAccess(access: Access): AccessDoc {
  switch (access) {
    case 'public':
    case 'signedIn':
    case 'member':
    case 'platformAdmin':
      return { kind: access };
    default:
      return { kind: 'roles', roles: [...access.roles], platformAdmin: access.platformAdmin ?? false, orOwner: access.orOwner ?? false };
  }
}

declare module 'fastify' {
  // The type parameters must repeat Fastify's own for the declarations to merge.
  interface RouteShorthandOptions<
    /* eslint-disable @typescript-eslint/no-unused-vars */
    RawServer extends RawServerBase = RawServerDefault,
    RawRequest extends RawRequestDefaultExpression<RawServer> = RawRequestDefaultExpression<RawServer>,
    RawReply extends RawReplyDefaultExpression<RawServer> = RawReplyDefaultExpression<RawServer>,
    RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
    ContextConfig = ContextConfigDefault,
    SchemaCompiler extends FastifySchema = FastifySchema,
    TypeProvider extends FastifyTypeProvider = FastifyTypeProviderDefault,
    Logger extends FastifyBaseLogger = FastifyBaseLogger,
    /* eslint-enable @typescript-eslint/no-unused-vars */
  > {
    /** Who may call this route (see platform/access.ts): every module route declares it; a route without it is refused at start-up. */
    access?: Access;
  }
}

/**
 * Makes every route registered in `scope` declare its access: a route without one is refused at
 * start-up, a role that no installed module declares too. The check runs as the route's first
 * `preValidation` hook, so a caller who may not call a route learns nothing from its validation.
 */
export function enforceAccess(scope: App, env: RouteEnv): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    const access = route.access;
    const name = `${[route.method].flat().join(',')} ${route.url}`;
    if (access === undefined) throw new Error(`${name} declares no access`);
    const inCommunity = route.url.includes(':slug');
    if ((access === 'member' || typeof access === 'object') && !inCommunity)
      throw new Error(`${name}: access "${JSON.stringify(access)}" needs a /communities/:slug route`);
    if (typeof access === 'object') {
      if (access.roles.length === 0) throw new Error(`${name}: a roles access names at least one role`);
      for (const role of access.roles)
        if (!env.deps.roles.has(role)) throw new Error(`${name}: role ${role} is not declared by the platform or any installed module`);
    }
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    schema['x-access'] = describeAccess(access);
    if (access === 'public') schema.security = [];
    const check = checkerFor(access, env);
    if (check) route.preValidation = [check, ...(route.preValidation ? [route.preValidation].flat() : [])];
  });
}

function checkerFor(access: Access, env: RouteEnv): ((req: FastifyRequest) => Promise<void>) | null {
  if (access === 'public') return null;
  if (access === 'signedIn') {
    return async (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED');
    };
  }
  if (access === 'platformAdmin') {
    return async (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED');
      if (!req.actor.isPlatformAdmin) throw new AppError('FORBIDDEN');
    };
  }
  const notMember = () => new AppError('NOT_FOUND', { what: 'community', whatZh: '社区' });
  if (access === 'member') {
    return async (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED');
      const ctx = await env.inCommunity(req);
      if (ctx.roles.size === 0) throw notMember();
    };
  }
  return async (req) => {
    if (!req.actor) throw new AppError('UNAUTHENTICATED');
    if (access.platformAdmin && req.actor.isPlatformAdmin) return;
    const ctx = await env.inCommunity(req);
    if (ctx.roles.size === 0) throw notMember();
    if (access.roles.some((role) => ctx.roles.has(role)) || access.orOwner) return;
    throw new AppError('FORBIDDEN');
  };
}
