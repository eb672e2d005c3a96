import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A stand-in for the WeChat service-account API on 127.0.0.1, checking what WeChat checks.
 *
 * Tokens (`POST /cgi-bin/stable_token`): the AppID and AppSecret pair, grant_type. In normal mode
 * a valid token with more than five minutes left is handed out again; otherwise (or with
 * force_refresh) a new one is issued, and the previous one then lives `overlapMs` more (five
 * minutes at WeChat) while every older one dies. Tokens expire on the fake's clock, which a test
 * moves forward. An unknown or superseded token answers 40001, an expired one 42001.
 *
 * Messages (`subscribe/bizsend`, `template/send`): the body is JSON of the documented shape; the
 * OpenID exists (40003); the template is the account's (40037); `data` has exactly the template's
 * keys, each `{ value: string }` within its type's limits (47003); a subscribe message needs a
 * subscription the user has not used up (43101), a template message a follower (43004).
 */

export interface FakeWeChatOptions {
  appid: string;
  secret: string;
  /** Lifetime of a new token (WeChat: 7200 s). */
  tokenLifetimeSeconds?: number;
  /** How long the previous token stays valid after a new one is issued (WeChat: 5 minutes). */
  overlapMs?: number;
  /** The token endpoint's latency, so that racing fetches overlap. */
  tokenDelayMs?: number;
}

export interface DeliveredMessage {
  kind: 'subscribe' | 'template';
  openid: string;
  templateId: string;
  data: Record<string, string>;
  page?: string;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
}

const RENEW_WINDOW_MS = 5 * 60_000;

// Value rules by the type a key names (WeChat's table of 订阅消息参数值内容限制). Lengths count characters.
const HAN = /\p{Script=Han}/u;
const length = (v: string) => [...v].length;
const TYPE_RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => length(v) <= 20,
  number: (v) => length(v) <= 32 && /^-?\d+(\.\d+)?$/.test(v),
  letter: (v) => length(v) <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => length(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  character_string: (v) => length(v) <= 32 && /^[\x21-\x7e]+$/.test(v),
  time: (v) => length(v) <= 40 && /\d{1,2}:\d{2}/.test(v) && /^[\d年月日:\-/. ~]+$/.test(v),
  date: (v) => length(v) <= 40 && /^[\d年月日:\-/. ~]+$/.test(v) && /\d/.test(v),
  amount: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => length(v) <= 17 && /^[\d+\-() ]+$/.test(v),
  car_number: (v) => length(v) <= 8,
  name: (v) => (HAN.test(v) ? length(v) <= 10 : length(v) <= 20),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};

class WeChatError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {}
}

interface Token {
  token: string;
  expiresAt: number;
}

export class FakeWeChatMp {
  /** Calls to the token endpoint, whatever they got. */
  tokenFetches = 0;
  /** Messages refused for their token (40001, 42001). */
  tokenRefusals = 0;
  readonly delivered: DeliveredMessage[] = [];
  private tokens: Token[] = [];
  private clockOffsetMs = 0;
  /** Every token ever issued (a test checks none reached a log). */
  readonly issuedTokens: string[] = [];
  private readonly users = new Map<string, { following: boolean; subscriptions: Map<string, number> }>();
  private readonly templates = new Map<string, { kind: 'subscribe' | 'template'; keys: string[] }>();
  private failures: number[] = [];

  private constructor(
    private readonly options: FakeWeChatOptions,
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(options: FakeWeChatOptions): Promise<FakeWeChatMp> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeWeChatMp(options, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** A template of the account: its kind and the keys of its data (thing1, time2…). */
  addTemplate(templateId: string, kind: 'subscribe' | 'template', keys: string[]) {
    this.templates.set(templateId, { kind, keys });
  }

  /** A person known to the account; `following` is whether they follow it (模板消息 needs that). */
  addUser(openid: string, options: { following?: boolean } = {}) {
    this.users.set(openid, { following: options.following ?? true, subscriptions: new Map() });
  }

  /** The person accepts `times` one-time notices of a template (Infinity: a long-term subscription). */
  subscribe(openid: string, templateId: string, times = 1) {
    const user = this.users.get(openid);
    if (!user) throw new Error(`no user ${openid}`);
    user.subscriptions.set(templateId, (user.subscriptions.get(templateId) ?? 0) + times);
  }

  /** Moves the fake's clock: tokens expire on it. */
  advance(ms: number) {
    this.clockOffsetMs += ms;
  }

  /** A new token issued elsewhere (force_refresh by another tool): the current one lives `overlapMs` more. */
  forceRefresh() {
    this.issue();
  }

  /** The next sends answer these errcodes, one each (-1 system busy, 45009 quota…). */
  failNext(...errcodes: number[]) {
    this.failures.push(...errcodes);
  }

  /** The token WeChat would accept now, newest first (for assertions). */
  liveTokens(): string[] {
    return this.tokens.filter((t) => t.expiresAt > this.now()).map((t) => t.token);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private now() {
    return Date.now() + this.clockOffsetMs;
  }

  private issue(): Token {
    const now = this.now();
    const previous = this.tokens.at(-1);
    const fresh = { token: crypto.randomBytes(48).toString('base64url'), expiresAt: now + (this.options.tokenLifetimeSeconds ?? 7200) * 1000 };
    this.issuedTokens.push(fresh.token);
    this.tokens = previous ? [{ ...previous, expiresAt: Math.min(previous.expiresAt, now + (this.options.overlapMs ?? RENEW_WINDOW_MS)) }, fresh] : [fresh];
    return fresh;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    let answer: object;
    try {
      if (url.pathname === '/sns/oauth2/access_token' && req.method === 'GET') answer = this.oauth(url);
      else if (req.method !== 'POST') throw new WeChatError(43002, 'require POST method');
      else if (url.pathname === '/cgi-bin/stable_token') answer = await this.stableToken(parseBody(Buffer.concat(chunks).toString('utf8')));
      else if (!['/cgi-bin/message/subscribe/bizsend', '/cgi-bin/message/template/send'].includes(url.pathname))
        throw new WeChatError(48001, 'api unauthorized');
      else answer = this.send(url.pathname.includes('subscribe') ? 'subscribe' : 'template', url, parseBody(Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      answer =
        error instanceof WeChatError
          ? { errcode: error.errcode, errmsg: `${error.errmsg} rid: ${crypto.randomBytes(6).toString('hex')}` }
          : { errcode: -1, errmsg: 'system error' };
    }
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' }).end(JSON.stringify(answer));
  }

  private readonly codes = new Map<string, { openid: string; expiresAt: number }>();

  /** A 网页授权 code for a person, as WeChat hands one to the page it redirects them back to. */
  issueOAuthCode(openid: string): string {
    const code = crypto.randomBytes(16).toString('hex');
    this.codes.set(code, { openid, expiresAt: this.now() + 5 * 60_000 });
    return code;
  }

  /** `sns/oauth2/access_token`: the right appid and secret, a code issued here, unused and under five minutes old. */
  private oauth(url: URL) {
    if (url.searchParams.get('grant_type') !== 'authorization_code') throw new WeChatError(40002, 'invalid grant_type');
    if (url.searchParams.get('appid') !== this.options.appid) throw new WeChatError(40013, 'invalid appid');
    if (url.searchParams.get('secret') !== this.options.secret) throw new WeChatError(40125, 'invalid appsecret');
    const code = url.searchParams.get('code') ?? '';
    const issued = this.codes.get(code);
    if (!issued) throw new WeChatError(40029, 'invalid code');
    this.codes.delete(code);
    if (issued.expiresAt <= this.now()) throw new WeChatError(40163, 'code been used');
    return { access_token: crypto.randomBytes(24).toString('base64url'), expires_in: 7200, refresh_token: 'r', openid: issued.openid, scope: 'snsapi_base' };
  }

  private async stableToken(body: Record<string, unknown>) {
    this.tokenFetches += 1;
    if (this.options.tokenDelayMs) await sleep(this.options.tokenDelayMs);
    if (body.grant_type !== 'client_credential') throw new WeChatError(40002, 'invalid grant_type');
    if (body.appid !== this.options.appid) throw new WeChatError(40013, 'invalid appid');
    if (body.secret !== this.options.secret) throw new WeChatError(40125, 'invalid appsecret');
    if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') throw new WeChatError(47001, 'data format error');
    const current = this.tokens.at(-1);
    const now = this.now();
    const token = !body.force_refresh && current && current.expiresAt - now > RENEW_WINDOW_MS ? current : this.issue();
    return { access_token: token.token, expires_in: Math.floor((token.expiresAt - now) / 1000) };
  }

  private send(kind: 'subscribe' | 'template', url: URL, body: Record<string, unknown>) {
    const token = url.searchParams.get('access_token');
    if (!token) throw new WeChatError(41001, 'access_token missing');
    const known = this.tokens.find((t) => t.token === token);
    if (!known || known.expiresAt <= this.now()) {
      this.tokenRefusals += 1;
      // A token that simply ran out is "expired"; one replaced by a newer token is "not latest".
      if (known && known === this.tokens.at(-1)) throw new WeChatError(42001, 'access_token expired');
      throw new WeChatError(40001, 'invalid credential, access_token is invalid or not latest');
    }
    const failure = this.failures.shift();
    if (failure !== undefined) throw new WeChatError(failure, failure === -1 ? 'system error' : 'reach max api daily quota limit');

    const { touser, template_id: templateId, data } = body;
    if (typeof touser !== 'string' || touser === '') throw new WeChatError(40003, 'invalid openid');
    const user = this.users.get(touser);
    if (!user) throw new WeChatError(40003, 'invalid openid');
    const template = typeof templateId === 'string' ? this.templates.get(templateId) : undefined;
    if (!template || template.kind !== kind) throw new WeChatError(40037, 'invalid template_id');
    const values = this.checkData(data, template.keys);
    const extras = this.checkExtras(kind, body);

    if (kind === 'subscribe') {
      const left = user.subscriptions.get(templateId as string) ?? 0;
      if (left <= 0) throw new WeChatError(43101, 'user refuse to accept the msg');
      user.subscriptions.set(templateId as string, left - 1);
    } else if (!user.following) throw new WeChatError(43004, 'require subscribe');

    this.delivered.push({ kind, openid: touser, templateId: templateId as string, data: values, ...extras });
    return kind === 'template' ? { errcode: 0, errmsg: 'ok', msgid: crypto.randomInt(1e9, 2 ** 31) } : { errcode: 0, errmsg: 'ok' };
  }

  private checkData(data: unknown, keys: string[]): Record<string, string> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new WeChatError(47003, 'argument invalid! data is empty');
    const entries = Object.entries(data as Record<string, unknown>);
    const values: Record<string, string> = {};
    for (const [key, field] of entries) {
      if (!keys.includes(key)) throw new WeChatError(47003, `argument invalid! data.${key} is not in the template`);
      const value = field !== null && typeof field === 'object' ? (field as { value?: unknown }).value : undefined;
      if (typeof value !== 'string' || value === '') throw new WeChatError(47003, `argument invalid! data.${key}.value is empty`);
      const rule = TYPE_RULES[key.replace(/\d+$/, '')];
      if (rule && !rule(value)) throw new WeChatError(47003, `argument invalid! data.${key}.value invalid`);
      values[key] = value;
    }
    for (const key of keys) if (!(key in values)) throw new WeChatError(47003, `argument invalid! data.${key} is missing`);
    return values;
  }

  private checkExtras(kind: 'subscribe' | 'template', body: Record<string, unknown>) {
    const extras: Pick<DeliveredMessage, 'page' | 'url' | 'miniprogram'> = {};
    const link = kind === 'subscribe' ? body.page : body.url;
    if (link !== undefined) {
      if (typeof link !== 'string' || !/^https?:\/\//.test(link)) throw new WeChatError(kind === 'subscribe' ? 41030 : 47003, 'invalid page');
      if (kind === 'subscribe') extras.page = link;
      else extras.url = link;
    }
    if (body.miniprogram !== undefined) {
      const m = body.miniprogram as { appid?: unknown; pagepath?: unknown } | null;
      if (!m || typeof m.appid !== 'string' || typeof m.pagepath !== 'string') throw new WeChatError(47003, 'argument invalid! miniprogram');
      extras.miniprogram = { appid: m.appid, pagepath: m.pagepath };
    }
    return extras;
  }
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // below
  }
  throw new WeChatError(47001, 'data format error');
}
