import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { CommunityContext, Deps, RequestContext } from './context.ts';
import { AppError } from './errors.ts';
import { communityContext, requestContext, type CommunityCache } from './tenancy.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What a module's routes receive: the process's dependencies and the two ways to get a context. */
export interface RouteEnv {
  deps: Deps;
  communities: CommunityCache;
  /** The context of a `/communities/:slug/…` route. */
  inCommunity(req: FastifyRequest): Promise<CommunityContext>;
  inRequest(req: FastifyRequest): RequestContext;
}

export function createRouteEnv(deps: Deps, communities: CommunityCache): RouteEnv {
  return {
    deps,
    communities,
    inCommunity: (req) => {
      const slug = (req.params as { slug?: unknown }).slug;
      if (typeof slug !== 'string') throw new AppError('ROUTE_NOT_FOUND');
      return communityContext(deps, communities, req, slug);
    },
    inRequest: (req) => requestContext(deps, req),
  };
}

export type ModuleRoutes = (app: App, env: RouteEnv) => void | Promise<void>;
