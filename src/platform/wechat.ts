import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Executor } from '../database.ts';
import type { Config } from './config.ts';
import { transact } from './db.ts';
import { redact } from './log.ts';
import { fitText } from './text.ts';

/**
 * A WeChat service account (公众号 服务号): its access token, shared through PostgreSQL by every
 * app process, and the two kinds of notice it sends, 订阅通知 (subscribe/bizsend) and the classic
 * 模板消息 (template/send).
 *
 * The token comes from `POST /cgi-bin/stable_token` (normal mode), not `GET /cgi-bin/token`:
 * fetching it again while it is valid returns the same token instead of invalidating the one other
 * processes hold, its tokens are apart from those of any other tool that uses /cgi-bin/token with
 * the same AppID, and its quota is far larger. Keeping one token in the database still matters:
 * one fetch per account every two hours, however many processes run.
 */

/** Errcodes that mean "this token is no good": fetch another (once) and send again. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
// Retry later: system busy, the daily quota (45009) and the per-minute quota (45011).
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45011]);
// The person cannot be reached this way: 43101 refused or used up their subscription (订阅通知),
// 43004 does not follow the account (模板消息). Notifications fall back to another channel.
const REFUSED_ERRCODES = new Set([43101, 43004]);
// The account's credentials or server: wrong AppID or AppSecret, this server's IP not whitelisted.
const CREDENTIAL_ERRCODES = new Set([40013, 40125, 40164, 41002, 41004]);

/** Why a send failed, for the caller to decide what next. */
export type WeChatFailure = 'refused' | 'invalid_recipient' | 'invalid_message' | 'credentials' | 'token' | 'rate_limited' | 'unavailable';

export class WeChatSendError extends Error {
  override readonly name = 'WeChatSendError';
  /** WeChat's errcode; null when WeChat was not reached or did not answer in JSON. */
  readonly errcode: number | null;
  readonly retryable: boolean;
  readonly reason: WeChatFailure;
  constructor(options: { errcode: number | null; reason: WeChatFailure; retryable: boolean; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errcode = options.errcode;
    this.reason = options.reason;
    this.retryable = options.retryable;
  }
}

function failureFor(errcode: number): { reason: WeChatFailure; retryable: boolean } {
  if (RETRYABLE_ERRCODES.has(errcode)) return { reason: errcode === -1 ? 'unavailable' : 'rate_limited', retryable: true };
  if (REFUSED_ERRCODES.has(errcode)) return { reason: 'refused', retryable: false };
  if (errcode === 40003) return { reason: 'invalid_recipient', retryable: false };
  if (CREDENTIAL_ERRCODES.has(errcode)) return { reason: 'credentials', retryable: false };
  // A token refused again right after a refresh: the next attempt fetches afresh.
  if (TOKEN_ERRCODES.has(errcode)) return { reason: 'token', retryable: true };
  // 47003 argument invalid, 47001 bad JSON, 40037 template unknown, 41030 page invalid…
  return { reason: 'invalid_message', retryable: false };
}

/** An OpenID shown in logs: enough to tell two apart, not enough to address anyone. */
export function maskOpenid(openid: string): string {
  return openid.length > 8 ? `${openid.slice(0, 3)}***${openid.slice(-3)}` : '***';
}

// ---------------------------------------------------------------- data values

/** A notice's fields: `{ thing1: '…' }` or WeChat's own shape `{ thing1: { value: '…' } }`. */
export type WeChatData = Record<string, string | { value: string }>;

/**
 * WeChat limits each field by the type its key names (thing1 is a `thing`): these are the ones a
 * long text breaks and that can be shortened without changing what they mean. Number-like types
 * (number, amount, character_string, time…) are sent as given: cutting an order number would
 * send a wrong one.
 */
const SHORTENED: Record<string, { max: number; ellipsis: string }> = {
  thing: { max: 20, ellipsis: '…' },
  phrase: { max: 5, ellipsis: '' }, // Chinese characters only, so no ellipsis
  name: { max: 10, ellipsis: '' }, // 10 Chinese characters (20 letters); a cut name reads better without one
};

/** The type a data key names: `thing1` → `thing`, `character_string12` → `character_string`. */
export function wechatFieldType(key: string): string {
  return key.replace(/\d+$/, '');
}

/** Fits one value to its field's limit (whole characters, an ellipsis for `thing`). */
export function fitWeChatValue(key: string, value: string): string {
  const rule = SHORTENED[wechatFieldType(key)];
  return rule ? fitText(value, rule.max, rule.ellipsis) : value;
}

/** WeChat's `data` shape with every shortenable value fitted, so a long title never costs a 47003. */
export function fitWeChatData(data: WeChatData): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(data).map(([key, v]) => [key, { value: fitWeChatValue(key, typeof v === 'string' ? v : v.value) }]));
}

// ---------------------------------------------------------------- the shared token

// Refresh when less than this is left. stable_token hands out a new token only in the last five
// minutes of the old one; asking earlier returns the same token, so the margin must be shorter.
const REFRESH_AHEAD_MS = 3 * 60_000;
// The advisory lock's first key, the platform's number for "a WeChat token" (migrate.ts uses 715100).
const TOKEN_LOCK_CLASS = 715101;

function getStoredToken(db: Executor, appid: string) {
  return db.selectFrom('wechat_tokens').select(['token', 'expires_at']).where('appid', '=', appid).executeTakeFirst();
}

function storeToken(db: Executor, appid: string, token: string, expiresAt: Date) {
  return db
    .insertInto('wechat_tokens')
    .values({ appid, token, expires_at: expiresAt })
    .onConflict((oc) => oc.column('appid').doUpdateSet({ token, expires_at: expiresAt, refreshed_at: sql`now()` }))
    .execute();
}

// ---------------------------------------------------------------- the client

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** A web page to open (服务号: a URL). */
  page?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: WeChatData;
}

export interface TemplateMessage {
  openid: string;
  templateId: string;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: WeChatData;
}

export interface WeChatMpOptions {
  appid: string;
  secret: string;
  /** https://api.weixin.qq.com, or a local fake in tests. */
  apiBase: string;
  db: Db;
  log: Logger;
  /** Per request, connection to last byte (default 5 s). */
  timeoutMs?: number;
  /** For tests: the clock the stored expiry is read against. */
  now?: () => number;
}

interface WeChatAnswer {
  errcode?: unknown;
  errmsg?: unknown;
  openid?: unknown;
  msgid?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * One service account's client. Send after the caller's transaction has committed, not inside
 * it: on embedded PGlite there is one connection, and the token read would wait for it.
 */
export class WeChatMp {
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /** The refresh this process is making, which its other callers wait for. */
  private refreshing: Promise<string> | null = null;

  constructor(private readonly options: WeChatMpOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  get appid(): string {
    return this.options.appid;
  }

  /** 订阅通知: POST /cgi-bin/message/subscribe/bizsend. */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<{ msgid: string | null }> {
    const body = {
      touser: message.openid,
      template_id: message.templateId,
      ...(message.page === undefined ? {} : { page: message.page }),
      ...(message.miniprogram === undefined ? {} : { miniprogram: message.miniprogram }),
      data: fitWeChatData(message.data),
    };
    return this.send('/cgi-bin/message/subscribe/bizsend', body, message.openid, message.templateId);
  }

  /** 模板消息: POST /cgi-bin/message/template/send. */
  async sendTemplateMessage(message: TemplateMessage): Promise<{ msgid: string | null }> {
    const body = {
      touser: message.openid,
      template_id: message.templateId,
      ...(message.url === undefined ? {} : { url: message.url }),
      ...(message.miniprogram === undefined ? {} : { miniprogram: message.miniprogram }),
      data: fitWeChatData(message.data),
    };
    return this.send('/cgi-bin/message/template/send', body, message.openid, message.templateId);
  }

  /** The account's access token: the stored one while it has time left, else a fresh one. */
  async accessToken(): Promise<string> {
    const stored = await getStoredToken(this.options.db, this.options.appid);
    if (stored && stored.expires_at.getTime() - this.now() > REFRESH_AHEAD_MS) return stored.token;
    return this.refresh(stored?.token ?? null);
  }

  private async send(path: string, body: object, openid: string, templateId: string): Promise<{ msgid: string | null }> {
    const context = { openid: maskOpenid(openid), templateId };
    const token = await this.accessToken();
    let answer = await this.post(path, token, body);
    let errcode = errcodeOf(answer);
    if (TOKEN_ERRCODES.has(errcode)) {
      this.options.log.info({ ...context, errcode }, 'wechat: token refused, fetching another');
      answer = await this.post(path, await this.refresh(token), body);
      errcode = errcodeOf(answer);
    }
    if (errcode === 0) {
      const msgid = typeof answer.msgid === 'number' || typeof answer.msgid === 'string' ? String(answer.msgid) : null;
      this.options.log.info({ ...context, msgid }, 'wechat: message sent');
      return { msgid };
    }
    const failure = failureFor(errcode);
    this.options.log.warn({ ...context, errcode, ...failure }, 'wechat: message refused');
    throw new WeChatSendError({ errcode, ...failure, message: `WeChat refused the message: ${errcode}${describe(answer.errmsg)}` });
  }

  /** One refresh at a time in this process; across processes, the advisory lock. */
  private refresh(stale: string | null): Promise<string> {
    this.refreshing ??= this.refreshUnderLock(stale).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Under the account's lock: if another process has stored a token other than `stale` with time
   * left, that one; else a new one from WeChat, stored before the lock is let go. The lock is held
   * through the fetch (at most the timeout, once in two hours) so that only one process fetches.
   */
  private refreshUnderLock(stale: string | null): Promise<string> {
    const { appid, db } = this.options;
    const lockKey = crypto.createHash('sha256').update(appid).digest().readInt32BE(0);
    return transact(db, {}, async (tx) => {
      await sql`select pg_advisory_xact_lock(${TOKEN_LOCK_CLASS}, ${lockKey})`.execute(tx);
      const stored = await getStoredToken(tx, appid);
      if (stored && stored.token !== stale && stored.expires_at.getTime() - this.now() > REFRESH_AHEAD_MS) return stored.token;
      const fetched = await this.fetchToken();
      await storeToken(tx, appid, fetched.token, new Date(fetched.expiresAt));
      return fetched.token;
    });
  }

  private async fetchToken(): Promise<{ token: string; expiresAt: number }> {
    const startedAt = this.now();
    const answer = await this.request('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.options.appid,
      secret: this.options.secret,
      force_refresh: false,
    });
    const errcode = errcodeOf(answer);
    if (errcode !== 0 || typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      const failure = errcode === 0 ? { reason: 'unavailable' as const, retryable: true } : failureFor(errcode);
      this.options.log.warn({ errcode, ...failure }, 'wechat: no access token');
      throw new WeChatSendError({ errcode, ...failure, message: `WeChat gave no access token: ${errcode}${describe(answer.errmsg)}` });
    }
    this.options.log.info({ expiresIn: answer.expires_in }, 'wechat: access token fetched');
    // Counted from when the request left, so the stored expiry is never later than WeChat's.
    return { token: answer.access_token, expiresAt: startedAt + answer.expires_in * 1000 };
  }

  /**
   * Where to send a person, inside WeChat's browser, so that WeChat brings them back to
   * `redirectUri` with a code naming them (网页授权, snsapi_base: silent, the openid only).
   */
  authorizeUrl(redirectUri: string, state: string): string {
    const query = new URLSearchParams({ appid: this.options.appid, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state });
    return `https://open.weixin.qq.com/connect/oauth2/authorize?${query.toString()}#wechat_redirect`;
  }

  /** The openid a 网页授权 code names (a code works once, for five minutes). */
  async openidForCode(code: string): Promise<string> {
    const query = new URLSearchParams({ appid: this.options.appid, secret: this.options.secret, code, grant_type: 'authorization_code' });
    const answer = await this.request(`/sns/oauth2/access_token?${query.toString()}`, null);
    const errcode = errcodeOf(answer);
    if (errcode !== 0 || typeof answer.openid !== 'string') {
      throw new WeChatSendError({
        errcode,
        reason: 'invalid_message',
        retryable: errcode === -1,
        message: `WeChat refused the code: ${errcode}${describe(answer.errmsg)}`,
      });
    }
    return answer.openid;
  }

  private post(path: string, token: string, body: object): Promise<WeChatAnswer> {
    return this.request(`${path}?access_token=${encodeURIComponent(token)}`, body);
  }

  /** POSTs JSON and reads WeChat's JSON answer; a failure to get one is a WeChatSendError. */
  private async request(pathAndQuery: string, body: object | null): Promise<WeChatAnswer> {
    const path = pathAndQuery.split('?')[0];
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.apiBase}${pathAndQuery}`, {
        method: body === null ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        ...(body === null ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const what = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'not reached';
      this.options.log.warn({ path, what }, 'wechat: no answer');
      throw new WeChatSendError({ errcode: null, reason: 'unavailable', retryable: true, message: `WeChat ${what} (${path})`, cause: error });
    }
    let answer: unknown = null;
    try {
      answer = JSON.parse(text);
    } catch {
      // handled below
    }
    if (!response.ok || answer === null || typeof answer !== 'object') {
      this.options.log.warn({ path, status: response.status }, 'wechat: answer not understood');
      throw new WeChatSendError({
        errcode: null,
        reason: 'unavailable',
        retryable: response.status >= 500 || response.ok,
        message: `WeChat answered HTTP ${response.status} without JSON (${path})`,
      });
    }
    return answer as WeChatAnswer;
  }
}

function errcodeOf(answer: WeChatAnswer): number {
  return typeof answer.errcode === 'number' ? answer.errcode : 0;
}

function describe(errmsg: unknown): string {
  return typeof errmsg === 'string' && errmsg !== '' ? ` (${redact(errmsg).slice(0, 160)})` : '';
}

/** The configured service account's client, or null when WeChat is off (no WECHAT_APPID). */
export function createWeChatMp(config: Pick<Config, 'wechat'>, db: Db, log: Logger): WeChatMp | null {
  return config.wechat ? new WeChatMp({ ...config.wechat, db, log }) : null;
}
