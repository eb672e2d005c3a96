import crypto from 'node:crypto';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db.ts';
import { AppError, platformErrorMessage, type ErrorCatalogue, type ErrorCode, type Language } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
  }
}

export const CSRF_COOKIE = 'weiyi_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const LANGUAGE_COOKIE = 'weiyi_lang';

/**
 * Body validation is strict (no type coercion, unknown fields refused); querystrings and path
 * params are coerced from text, since that is all a URL can carry.
 */
export function installValidation(app: FastifyInstance) {
  const common = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false } as const;
  const strictAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
  const coercingAjv = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema);
    if (httpPart !== 'body') return validate;
    // Text that reaches people is seen as it reads: a body may hold no control character but tab
    // and line breaks, and no bidi override or isolate (they make a spoof look like 张三, or run a
    // name backwards on the public book). Checked with the schema, so after the route's access,
    // for every route of every module.
    const checked = Object.assign(
      (data: unknown): boolean => {
        const found = invisibleIn(data);
        if (found) {
          checked.errors = [{ instancePath: found, schemaPath: '#', keyword: 'text', params: {}, message: 'must not hold control or bidi characters' }];
          return false;
        }
        const ok = validate(data) as boolean;
        checked.errors = validate.errors ?? null;
        return ok;
      },
      { errors: null as ErrorObject[] | null },
    );
    return checked;
  });
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/;

/** Where in a JSON body a string holds an invisible character (`/items/0/title`), or null. */
export function invisibleIn(value: unknown, at = '', depth = 0): string | null {
  if (typeof value === 'string') return INVISIBLE.test(value) ? at || '/' : null;
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, v] of Object.entries(value)) {
    const found = invisibleIn(v, `${at}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

function pickLanguage(req: FastifyRequest): Language {
  const cookie = req.cookies[LANGUAGE_COOKIE];
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const header = req.headers['accept-language'] ?? '';
  return /^en\b/i.test(header) ? 'en' : 'zh-CN';
}

function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError, errors: ErrorCatalogue) {
  const message = errors.message(err.code, req.language, err.params);
  const status = errors.status(err.code);
  if (!errors.has(err.code)) req.log.error({ err }, 'an error code no installed module declares');
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send(
      JSON.stringify({
        type: `https://weiyi.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
        title: err.code,
        status,
        code: err.code,
        message,
        requestId: req.id,
        ...(err.details === undefined ? {} : { details: err.details }),
      }),
    );
}

/** Maps every failure to application/problem+json; unknown errors are logged and answered bare. */
export function installErrorHandling(app: FastifyInstance, errors: ErrorCatalogue) {
  app.decorateRequest('language', 'zh-CN');
  app.addHook('onRequest', async (req) => {
    req.language = pickLanguage(req);
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, req, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'RATE_LIMITED') reply.header('retry-after', String(error.params.retryAfter));
      return sendProblem(req, reply, error, errors);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = first ? `${fe.validationContext ?? ''}${first.instancePath || ''}` : '';
      const detail = first ? `${field.replace(/^body\/?/, '') || fe.validationContext} ${first.message ?? ''}`.trim() : fe.message;
      const details = fe.validation.map((v) => ({ path: v.instancePath, message: v.message, params: v.params }));
      return sendProblem(req, reply, new AppError('VALIDATION_FAILED', { detail }, details), errors);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(req, reply, new AppError('MALFORMED_JSON'), errors);
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendProblem(req, reply, new AppError('FILE_TOO_LARGE', { limit: '10 MB' }), errors);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(req, reply, new AppError('PAYLOAD_TOO_LARGE', { limit: '10 MB' }), errors);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return sendProblem(req, reply, new AppError('UNSUPPORTED_MEDIA_TYPE'), errors);
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(req, reply, new AppError('VALIDATION_FAILED', { detail: 'content-length' }), errors);
      default:
        break;
    }
    // Class 22 (data exception): a value PostgreSQL cannot store, e.g. a NUL in text. Bad input, not a 500.
    if (/^22[0-9A-Z]{3}$/.test(String((error as { code?: unknown }).code)))
      return sendProblem(req, reply, new AppError('VALIDATION_FAILED', { detail: 'value' }), errors);
    if (/^Multipart: /.test(error.message)) return sendProblem(req, reply, new AppError('UNSUPPORTED_MEDIA_TYPE'), errors);
    if (isDatabaseUnavailable(error)) {
      req.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '2');
      return sendProblem(req, reply, new AppError('SERVICE_UNAVAILABLE'), errors);
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Framework-level client errors we have no specific code for (e.g. a malformed URL).
      const code: ErrorCode = fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
      return sendProblem(req, reply, new AppError(code, { detail: 'request', limit: '10 MB' }), errors);
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .type('application/problem+json; charset=utf-8')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: 'INTERNAL',
          status: 500,
          code: 'INTERNAL',
          message: platformErrorMessage('INTERNAL', req.language),
          requestId: req.id,
        }),
      );
  });
}

/** Security headers on every response. */
export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
    if (!req.url.startsWith('/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit CSRF token plus an Origin check on every state-changing API request.
 * The token cookie is readable by our scripts (not HttpOnly) and set on the first response.
 */
export function installCsrf(app: FastifyInstance, options: { allowedOrigins: string[]; secureCookies: boolean }) {
  app.addHook('onRequest', async (req, reply) => {
    let token = req.cookies[CSRF_COOKIE];
    if (!token || !/^[A-Za-z0-9_-]{20,64}$/.test(token)) {
      token = crypto.randomBytes(24).toString('base64url');
      reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'lax', secure: options.secureCookies, httpOnly: false });
      req.cookies[CSRF_COOKIE] = '';
    }
    if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/')) return;
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const host = req.headers.host ?? '';
      const ownOrigins = [`http://${host}`, `https://${host}`];
      if (!ownOrigins.includes(origin) && !options.allowedOrigins.includes(origin)) throw new AppError('CSRF_FAILED');
    }
    const sent = req.headers[CSRF_HEADER];
    const expected = req.cookies[CSRF_COOKIE];
    if (typeof sent !== 'string' || !expected || sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
      throw new AppError('CSRF_FAILED');
    }
  });
}
