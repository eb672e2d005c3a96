import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Alibaba Cloud SMS (Dysmsapi 2017-05-25, RPC style, signature version 1.0) on
 * 127.0.0.1. It checks what the real service checks, in its order: the common parameters, the
 * timestamp (within 15 minutes), the access key, the signature (recomputed here, on its own
 * code, with the secret it knows), the nonce (once in 15 minutes), then the message: the number a
 * mainland mobile, the signature name and the template registered, TemplateParam a JSON object
 * with exactly the template's variables, each within its length. It records what it accepted.
 * Errors come back the way Alibaba sends them: gateway errors with an HTTP error status, business
 * errors with 200 and a Code other than OK.
 */

export type FakeVariable = 'code' | 'text';

export interface FakeAliyunSmsOptions {
  /** AccessKeyId → AccessKeySecret. */
  accessKeys: Record<string, string>;
  signNames: string[];
  /** Template code → its variables and their kinds (a code: 4 to 6 letters or digits; text: up to 35 characters). */
  templates: Record<string, Record<string, FakeVariable>>;
}

export interface AcceptedSms {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  bizId: string;
}

const WINDOW_MS = 15 * 60_000;
const TEXT_MAX = 35;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const REQUIRED = ['AccessKeyId', 'Action', 'Format', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'];

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

/** RFC 3986 encoding byte by byte, as Alibaba's signature documentation spells it out. */
function popEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export class FakeAliyunSms {
  readonly accepted: AcceptedSms[] = [];
  /** Every request that reached the fake, accepted or not. */
  requests = 0;
  private readonly nonces = new Map<string, number>();
  private throttled: { left: number; code: string } = { left: 0, code: '' };
  private clockOffsetMs = 0;

  private constructor(
    private readonly options: FakeAliyunSmsOptions,
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(options: FakeAliyunSmsOptions): Promise<FakeAliyunSms> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeAliyunSms(options, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** The next `count` well-signed requests are throttled with `code` (per-number flow control by default). */
  throttleNext(count: number, code = 'isv.BUSINESS_LIMIT_CONTROL') {
    this.throttled = { left: count, code };
  }

  /** Moves the fake's clock (a sender whose clock is off by more than 15 minutes is refused). */
  advanceClock(ms: number) {
    this.clockOffsetMs += ms;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const requestId = crypto.randomUUID().toUpperCase();
    try {
      const accepted = this.check(req, Buffer.concat(chunks).toString('utf8'));
      this.accepted.push(accepted);
      this.answer(res, 200, { Code: 'OK', Message: 'OK', BizId: accepted.bizId, RequestId: requestId });
    } catch (caught) {
      const error = caught instanceof Refusal ? caught : new Refusal(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      const gateway = error.status !== 200;
      this.answer(res, error.status, {
        RequestId: requestId,
        Code: error.code,
        Message: error.message,
        ...(gateway ? { HostId: 'dysmsapi.aliyuncs.com', Recommend: `https://api.aliyun.com/troubleshoot?q=${error.code}` } : {}),
      });
    }
  }

  private answer(res: http.ServerResponse, status: number, body: object) {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
  }

  private check(req: http.IncomingMessage, body: string): AcceptedSms {
    const method = req.method ?? '';
    if (method !== 'GET' && method !== 'POST') throw new Refusal(405, 'UnsupportedHTTPMethod', 'This http method is not supported.');
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/') throw new Refusal(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const params = new Map<string, string>();
    for (const [k, v] of url.searchParams) params.set(k, v);
    if (method === 'POST' && body !== '') {
      if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? ''))
        throw new Refusal(400, 'InvalidParameter', 'The request body must be form-encoded.');
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    }
    const get = (name: string) => params.get(name) ?? '';

    for (const name of REQUIRED)
      if (!params.get(name))
        throw new Refusal(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
    if (get('SignatureMethod') !== 'HMAC-SHA1') throw new Refusal(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
    if (get('SignatureVersion') !== '1.0') throw new Refusal(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
    if (get('Version') !== '2017-05-25') throw new Refusal(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    if (get('Action') !== 'SendSms') throw new Refusal(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (!['JSON', 'XML'].includes(get('Format'))) throw new Refusal(400, 'InvalidParameter', 'Specified parameter Format is not valid.');

    const now = Date.now() + this.clockOffsetMs;
    const timestamp = get('Timestamp');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp) || Number.isNaN(Date.parse(timestamp)))
      throw new Refusal(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(now - Date.parse(timestamp)) > WINDOW_MS) throw new Refusal(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');

    const secret = this.options.accessKeys[get('AccessKeyId')];
    if (secret === undefined) throw new Refusal(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const signed = [...params.entries()].filter(([k]) => k !== 'Signature');
    signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const canonical = signed.map(([k, v]) => `${popEncode(k)}=${popEncode(v)}`).join('&');
    const stringToSign = `${method}&${popEncode('/')}&${popEncode(canonical)}`;
    const expected = crypto.createHmac('sha1', `${secret}&`).update(stringToSign).digest();
    const given = Buffer.from(get('Signature'), 'base64');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      // Alibaba quotes its string to sign, so the number and the variables are in this message.
      throw new Refusal(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);

    for (const [nonce, at] of this.nonces) if (now - at > WINDOW_MS) this.nonces.delete(nonce);
    if (this.nonces.has(get('SignatureNonce'))) throw new Refusal(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.set(get('SignatureNonce'), now);

    if (this.throttled.left > 0) {
      this.throttled.left -= 1;
      const gateway = this.throttled.code.startsWith('Throttling');
      throw new Refusal(gateway ? 400 : 200, this.throttled.code, gateway ? 'Request was denied due to user flow control.' : '触发分钟级流控Permits:1');
    }

    const phones = get('PhoneNumbers').split(',');
    if (phones.length !== 1) throw new Refusal(200, 'isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
    const phone = phones[0]!;
    if (!MAINLAND_MOBILE.test(phone)) throw new Refusal(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (!this.options.signNames.includes(get('SignName'))) throw new Refusal(200, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    const variables = this.options.templates[get('TemplateCode')];
    if (!variables) throw new Refusal(200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    const templateParams = this.templateParams(get('TemplateParam'), variables);
    return { phone, signName: get('SignName'), templateCode: get('TemplateCode'), params: templateParams, bizId: `${Date.now()}${crypto.randomInt(1e6)}^0` };
  }

  private templateParams(json: string, variables: Record<string, FakeVariable>): Record<string, string> {
    let value: unknown;
    try {
      value = JSON.parse(json === '' ? '{}' : json);
    } catch {
      throw new Refusal(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Refusal(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    const given = value as Record<string, unknown>;
    for (const name of Object.keys(variables)) if (!(name in given)) throw new Refusal(200, 'isv.TEMPLATE_MISSING_PARAMETERS', `模板缺少变量: ${name}`);
    for (const [name, v] of Object.entries(given)) {
      const kind = variables[name];
      if (!kind) throw new Refusal(200, 'isv.TEMPLATE_PARAMS_ILLEGAL', `模板没有变量: ${name}`);
      if (typeof v !== 'string') throw new Refusal(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      const fits = kind === 'code' ? /^[0-9A-Za-z]{4,6}$/.test(v) : v.length >= 1 && [...v].length <= TEXT_MAX;
      if (!fits) throw new Refusal(200, 'isv.PARAM_LENGTH_LIMIT', `参数超出长度限制: ${name}`);
    }
    return given as Record<string, string>;
  }
}
