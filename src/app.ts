import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { installSessions } from './platform/auth.ts';
import type { Deps } from './platform/context.ts';
import { AppError, errorMessage, errorStatus } from './platform/errors.ts';
import { fileRoutes } from './platform/files.routes.ts';
import { installCsrf, installErrorHandling, installSecurityHeaders, installValidation } from './platform/http.ts';
import { createRouteEnv, type App, type ModuleRoutes } from './platform/routing.ts';
import { CommunityCache } from './platform/tenancy.ts';
import { communityRoutes } from './modules/communities/index.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { ledgerRoutes } from './modules/ledger/index.ts';
import { marketRoutes } from './modules/market/index.ts';

const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** Every module's routes, in the order they appear in the API document. */
const MODULE_ROUTES: ModuleRoutes[] = [fileRoutes, communityRoutes, identityRoutes, ledgerRoutes, marketRoutes];

export interface BuildOptions {
  /** Serve the built web app from web/dist (default: when it exists). */
  serveWeb?: boolean;
}

export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<App> {
  const loggerInstance: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // While closing, our onRequest hook answers 503 problem+json with Retry-After; Fastify's own fast path has neither.
    return503OnClosing: false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false } },
    // A URL the router cannot take apart (bad percent-encoding, an over-long parameter) is the
    // caller's mistake: answer it as problem+json like every other 4xx.
    frameworkErrors: (error, req, reply: FastifyReply) => {
      const language = /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'VALIDATION_FAILED';
      const status = errorStatus(code);
      void reply
        .code(status)
        .type('application/problem+json; charset=utf-8')
        .send(JSON.stringify({ type: 'about:blank', title: code, status, code, message: errorMessage(code, language, { detail: 'URL' }), requestId: req.id }));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route as registered, for tests that check each one (documentation, authorisation).
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  let stopping = false;
  app.decorate('markStopping', () => {
    stopping = true;
  });
  // Requests between their first hook and their last: shutdown waits for these, so a response
  // already sent also has its hooks (audit of the answer, the completion log line) run.
  const inFlight = new Set<string>();
  app.decorate('inFlightCount', () => inFlight.size);
  app.addHook('onRequest', async (req) => {
    inFlight.add(req.id);
  });
  app.addHook('onResponse', async (req) => {
    inFlight.delete(req.id);
  });
  app.addHook('onRequestAbort', async (req) => {
    inFlight.delete(req.id);
  });
  // While shutting down, new requests are turned away; those in flight finish.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (stopping) {
      reply.header('connection', 'close').header('retry-after', '5');
      throw new AppError('SERVICE_UNAVAILABLE');
    }
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 } });
  installValidation(app);
  installErrorHandling(app);
  installSecurityHeaders(app);
  installCsrf(app, deps.config);
  installSessions(app, deps);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '微益 Weiyi API',
        version: '1',
        description:
          'Community shop, public-welfare fund and co-governance. Money is integer fen. State-changing requests need the `x-csrf-token` header (the value of the `weiyi_csrf` cookie); requests that move money or stock need an `Idempotency-Key`. Errors are application/problem+json with a `code`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'weiyi_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    await sql`select 1`.execute(deps.db);
    return reply.send({ ok: true });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const env = createRouteEnv(deps, new CommunityCache(deps));
  for (const routes of MODULE_ROUTES) await routes(app, env);

  const serveWeb = options.serveWeb ?? fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const indexHtml = serveWeb ? fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8') : null;

  app.setNotFoundHandler(async (req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/files/') && !/\.[a-z0-9]+(\?|$)/i.test(req.url);
    if (isPage && indexHtml) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    throw new AppError('ROUTE_NOT_FOUND');
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    markStopping(): void;
    inFlightCount(): number;
    routeTable: { method: string; url: string }[];
  }
}
