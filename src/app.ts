import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
import { enforceAccess } from './platform/access.ts';
import { AppError, platformErrorMessage, platformErrorStatus } from './platform/errors.ts';
import { fileRoutes } from './platform/files.routes.ts';
import { jobRoutes } from './platform/jobs.routes.ts';
import { encode, installCompression, preferredEncoding } from './platform/compression.ts';
import { installCsrf, installErrorHandling, installSecurityHeaders, installValidation } from './platform/http.ts';
import { createRouteEnv, type App } from './platform/routing.ts';
import { CommunityCache } from './platform/tenancy.ts';

const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

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
    // X-Forwarded-For and -Proto count only from the proxies named in TRUSTED_PROXIES: anyone can send them.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    ajv: { customOptions: { removeAdditional: false } },
    // A URL the router cannot take apart (bad percent-encoding, an over-long parameter) is the
    // caller's mistake: answer it as problem+json like every other 4xx.
    frameworkErrors: (error, req, reply: FastifyReply) => {
      const language = /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'VALIDATION_FAILED';
      const status = platformErrorStatus(code);
      void reply
        .code(status)
        .type('application/problem+json; charset=utf-8')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: code,
            status,
            code,
            message: platformErrorMessage(code, language, { detail: 'URL' }),
            requestId: req.id,
          }),
        );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route as registered, for tests that check each one (documentation, authorisation).
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  // Requests between their first hook and their last: shutdown waits for these, so a response
  // already sent also has its hooks (audit of the answer, the completion log line) run.
  const inFlight = new Set<string>();
  const settled = async (ids: Iterable<string>, deadline: number) => {
    const waiting = [...ids];
    while (waiting.some((id) => inFlight.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  let stopping = false;
  app.decorate('stopGracefully', async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    stopping = true;
    // The listener closes only once the requests already received have answered: Node's
    // server.close() destroys every connection it deems idle, and that includes one whose answer
    // has been ended but not yet written out.
    await settled(inFlight, deadline);
    await app.close();
    await settled(inFlight, deadline);
  });
  app.addHook('onRequest', async (req) => {
    inFlight.add(req.id);
  });
  app.addHook('onResponse', async (req) => {
    inFlight.delete(req.id);
  });
  app.addHook('onRequestAbort', async (req) => {
    inFlight.delete(req.id);
  });
  // While shutting down, new requests are turned away; those in flight finish. Every answer
  // given while stopping closes its connection, so no client sends another request on it.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (stopping) {
      reply.header('retry-after', '5');
      throw new AppError('SERVICE_UNAVAILABLE');
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (stopping) reply.header('connection', 'close');
    return payload;
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 } });
  installValidation(app);
  installErrorHandling(app, deps.errors);
  installSecurityHeaders(app);
  await installCompression(app);
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

  app.get('/healthz', { access: 'public', schema: { hide: true } }, async (_req, reply) => {
    await sql`select 1`.execute(deps.db);
    return reply.send({ ok: true });
  });
  app.get('/openapi.json', { access: 'public', schema: { hide: true } }, async () => app.swagger());

  // The platform's routes and each installed module's, in MODULES order, in one scope where every
  // route must declare who may call it (platform/access.ts).
  const env = createRouteEnv(deps, new CommunityCache(deps));
  await app.register(async (scope) => {
    enforceAccess(scope, env);
    await fileRoutes(scope, env);
    await jobRoutes(scope, env);
    for (const m of deps.modules) await m.routes?.(scope, env);
  });

  const serveWeb = options.serveWeb ?? fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset; the server-side render and its manifest stay private.
      preCompressed: true,
      allowedPath: (pathName) => !pathName.startsWith('/server/') && !pathName.startsWith('/.vite/'),
      setHeaders: (res, file) => {
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const indexHtml = serveWeb ? fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8') : null;
  const renderPage = serveWeb ? await loadPageRenderer() : null;

  app.setNotFoundHandler(async (req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/files/') && !/\.[a-z0-9]+(\?|$)/i.test(req.url);
    if (isPage && indexHtml) {
      let html = indexHtml;
      // The public pages arrive rendered, with their first data (web/src/entry-server.tsx).
      if (renderPage) {
        try {
          const get = async (url: string) => {
            const res = await app.inject({
              method: 'GET',
              url,
              headers: { cookie: req.headers.cookie ?? '', 'accept-language': req.headers['accept-language'] ?? '' },
            });
            return { status: res.statusCode, body: res.body };
          };
          html = (await renderPage({ url: req.url, cookies: req.cookies, get })) ?? indexHtml;
        } catch (err) {
          req.log.warn({ err }, 'server render failed; the browser renders the page');
        }
      }
      const encoding = preferredEncoding(req.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-encoding, cookie')
        .send(encoding ? encode(html, encoding) : html);
    }
    throw new AppError('ROUTE_NOT_FOUND');
  });

  return app;
}

type PageRenderer = (req: {
  url: string;
  cookies: Record<string, string | undefined>;
  get(url: string): Promise<{ status: number; body: string }>;
}) => Promise<string | null>;

/** The web build's server-side render of the public pages, when the build has one. */
async function loadPageRenderer(): Promise<PageRenderer | null> {
  const file = path.join(WEB_DIST, 'server/entry-server.js');
  if (!fs.existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { renderPage?: PageRenderer };
  return mod.renderPage ?? null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Turns new requests away (503 with Retry-After), lets the requests already received answer,
     * each answer closing its connection, then closes the listener; resolves once every request
     * received has run its last hook, or after `timeoutMs`.
     */
    stopGracefully(timeoutMs: number): Promise<void>;
    routeTable: { method: string; url: string }[];
  }
}
