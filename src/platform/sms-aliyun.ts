import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { AliyunSmsSettings } from './config.ts';
import { maskPhone, redact } from './log.ts';
import { SmsSendError, type SmsMessage, type SmsSender } from './sms.ts';

/**
 * Alibaba Cloud SMS: `SendSms` of Dysmsapi 2017-05-25 over the RPC-style API, signed with
 * signature version 1.0 (HMAC-SHA1). One POST per message, the parameters form-encoded in the body
 * so that the number and the variables stay out of URLs that proxies log.
 */

/**
 * Alibaba's percent-encoding for the canonical query: UTF-8, everything but A-Z a-z 0-9 - _ . ~
 * encoded as %XY in upper case, so a space is %20 (not +), * is %2A and ~ stays ~.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parameters sorted by name and joined `name=value&…`, each side percent-encoded. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

/** The request's signature: base64 HMAC-SHA1, keyed `secret&`, of `METHOD&%2F&encoded(canonical query)`. */
export function rpcSignature(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return crypto.createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

// After these the same message may go out later: throttling (the per-number limit of 1 a minute,
// 5 an hour and 10 a day among them), the provider's own faults, and a nonce seen twice (every
// attempt signs afresh). Anything else (a wrong number, an unapproved template or signature, no
// balance left, a wrong key or signature) fails again until a person changes something.
const RETRYABLE = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isv.DAY_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'ServiceUnavailable',
  'InternalError',
  'SignatureNonceUsed',
]);

export function isRetryableAliyunCode(code: string, httpStatus: number): boolean {
  return RETRYABLE.has(code) || code.startsWith('Throttling') || (httpStatus >= 500 && !code.startsWith('isv.'));
}

/** Alibaba's timestamp: ISO 8601 in UTC to the second. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AliyunSmsSenderOptions extends AliyunSmsSettings {
  log: Logger;
  /** Per request, connection to last byte (default 5 s). */
  timeoutMs?: number;
  /** For tests: the nonce and the clock of the next request. */
  nonce?: () => string;
  now?: () => Date;
}

interface AliyunAnswer {
  Code?: unknown;
  Message?: unknown;
  BizId?: unknown;
  RequestId?: unknown;
}

export class AliyunSmsSender implements SmsSender {
  readonly name = 'aliyun';
  private readonly timeoutMs: number;
  constructor(private readonly options: AliyunSmsSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string | null }> {
    const { log, accessKeyId, accessKeySecret } = this.options;
    const to = maskPhone(message.phone);
    const params: Record<string, string> = {
      AccessKeyId: accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: message.phone,
      RegionId: this.options.regionId,
      SignName: this.options.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: this.options.nonce?.() ?? crypto.randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: this.options.templateCodes[message.template],
      TemplateParam: JSON.stringify(message.params),
      Timestamp: timestamp(this.options.now?.() ?? new Date()),
      Version: '2017-05-25',
    };
    const body = `${canonicalQuery(params)}&Signature=${percentEncode(rpcSignature('POST', params, accessKeySecret))}`;

    let status: number;
    let text: string;
    try {
      const response = await fetch(this.options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      // The message may or may not have gone out; a retry may deliver it twice, which a code
      // or a notice survives.
      const code = error instanceof Error && error.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
      log.warn({ to, template: message.template, code }, 'sms: Alibaba Cloud not reached');
      throw new SmsSendError({ provider: this.name, code, retryable: true, message: `Alibaba Cloud SMS not reached (${code})`, cause: error });
    }

    const answer = parseAnswer(text);
    const code = typeof answer?.Code === 'string' ? answer.Code : `HTTP_${status}`;
    const requestId = typeof answer?.RequestId === 'string' ? answer.RequestId : null;
    if (status === 200 && code === 'OK') {
      const bizId = typeof answer?.BizId === 'string' ? answer.BizId : null;
      log.info({ to, template: message.template, bizId, requestId }, 'sms sent');
      return { providerMessageId: bizId };
    }
    const retryable = isRetryableAliyunCode(code, status);
    log.warn({ to, template: message.template, code, status, requestId, retryable }, 'sms refused by Alibaba Cloud');
    throw new SmsSendError({
      provider: this.name,
      code,
      retryable,
      requestId,
      message: `Alibaba Cloud SMS refused the message: ${code}${describe(answer?.Message)}`,
    });
  }
}

function parseAnswer(text: string): AliyunAnswer | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as AliyunAnswer) : null;
  } catch {
    return null;
  }
}

/**
 * The provider's message, fit for a job record: SignatureDoesNotMatch quotes the whole string to
 * sign (the number and the code inside), so that part is dropped, and numbers are masked.
 */
function describe(message: unknown): string {
  if (typeof message !== 'string' || message === '') return '';
  const head = message.split(/server string to sign/i)[0]!.trim();
  return ` (${redact(head).slice(0, 160)})`;
}
