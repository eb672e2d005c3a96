import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { maskPhone } from './log.ts';
import { AliyunSmsSender } from './sms-aliyun.ts';
import { fitText } from './text.ts';

/**
 * The messages the platform sends. Mainland providers send only registered templates under an
 * approved signature, so a message is a template and its variables; the text beside them is ours,
 * for the log and for records. Each provider template must be registered with the same variables
 * (docs/outside-services.md lists the texts to register).
 */
export const SMS_TEMPLATES = {
  login_code: { variables: { code: 'code' }, text: '您的登录验证码是${code}，5分钟内有效。请勿告诉他人。' },
  reset_code: { variables: { code: 'code' }, text: '您正在重置密码，验证码是${code}，5分钟内有效。请勿告诉他人。' },
  register_code: { variables: { code: 'code' }, text: '您正在用本号码注册微益，验证码是${code}，5分钟内有效。请勿告诉他人。' },
  link_code: {
    variables: { community: 'text', code: 'code' },
    text: '${community}工作人员正在把本号码登记为您的联系方式，验证码是${code}，5分钟内有效。是您本人办理才可告诉工作人员。',
  },
  consent_code: {
    variables: { community: 'text', purpose: 'text', code: 'code' },
    text: '${community}请您确认授权：${purpose}。同意请把验证码${code}告诉工作人员，5分钟内有效；不同意请忽略。',
  },
  notice: { variables: { community: 'text', title: 'text' }, text: '${community}通知：${title}。详情请打开微益查看。' },
} as const satisfies Record<string, { variables: Record<string, 'code' | 'text'>; text: string }>;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;
export const SMS_TEMPLATE_NAMES = Object.keys(SMS_TEMPLATES) as SmsTemplate[];

/** The variables of `template`, each a string. */
export type SmsParams<T extends SmsTemplate> = { [K in keyof (typeof SMS_TEMPLATES)[T]['variables']]: string };

export interface SmsMessage {
  phone: string;
  template: SmsTemplate;
  params: Record<string, string>;
  /** What the message says, rendered from our copy of the template (the signature aside). */
  text: string;
}

export interface SmsSender {
  readonly name: string;
  /** Sends one message; throws SmsSendError when the provider refuses it or cannot be reached. */
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}

/** A message that did not go out: `retryable` says whether the same message may go out later. */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  readonly provider: string;
  /** The provider's code (`isv.MOBILE_NUMBER_ILLEGAL`…), or `TIMEOUT`, `NETWORK`, `HTTP_<status>`. */
  readonly code: string;
  /** Throttling, a timeout, the provider's own fault: try again later. Otherwise a person must act. */
  readonly retryable: boolean;
  readonly requestId: string | null;
  constructor(options: { provider: string; code: string; retryable: boolean; message: string; requestId?: string | null; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.code = options.code;
    this.retryable = options.retryable;
    this.requestId = options.requestId ?? null;
  }
}

/** Longest value of a text variable: Alibaba Cloud's limit for a notice variable. */
export const SMS_TEXT_VARIABLE_MAX = 35;
const CODE_VALUE = /^[0-9A-Za-z]{4,6}$/;

/**
 * Builds a message from a template and its variables: a code must be 4 to 6 letters or digits
 * (the providers' rule for verification codes), a text variable is shortened to
 * SMS_TEXT_VARIABLE_MAX characters. A missing or unknown variable is a programming error.
 */
export function composeSms<T extends SmsTemplate>(phone: string, template: T, params: SmsParams<T>): SmsMessage {
  const variables: Record<string, 'code' | 'text'> = SMS_TEMPLATES[template].variables;
  const given = params as Record<string, string>;
  const unknown = Object.keys(given).filter((name) => !(name in variables));
  if (unknown.length > 0) throw new Error(`SMS template ${template} has no variable ${unknown.join(', ')}`);
  const fitted: Record<string, string> = {};
  for (const [name, kind] of Object.entries(variables)) {
    const value = given[name];
    if (typeof value !== 'string') throw new Error(`SMS template ${template} needs the variable ${name}`);
    if (kind === 'code' && !CODE_VALUE.test(value)) throw new Error(`SMS template ${template}: ${name} must be 4 to 6 letters or digits`);
    fitted[name] = kind === 'code' ? value : fitText(value, SMS_TEXT_VARIABLE_MAX);
    if (fitted[name] === '') throw new Error(`SMS template ${template}: ${name} is empty`);
  }
  const text = SMS_TEMPLATES[template].text.replace(/\$\{(\w+)\}/g, (_, name: string) => fitted[name] ?? '');
  return { phone, template, params: fitted, text };
}

/** Development: writes the message to the server log with the number masked. Refused in production. */
export class LogSmsSender implements SmsSender {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}
  async send(message: SmsMessage) {
    this.log.info({ to: maskPhone(message.phone), template: message.template, sms: message.text }, 'sms (log sender: not sent)');
    return { providerMessageId: null };
  }
}

/** Keeps messages in memory: for tests, which stand in for the outside world here. */
export class MemorySmsSender implements SmsSender {
  readonly name = 'memory';
  readonly sent: SmsMessage[] = [];
  private failures: SmsSendError[] = [];
  async send(message: SmsMessage) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { providerMessageId: `memory-${this.sent.length}` };
  }
  /** The next sends throw these errors, one each, in order (a caller's retry tests). */
  failNext(...errors: SmsSendError[]) {
    this.failures.push(...errors);
  }
  lastCodeFor(phone: string): string | undefined {
    return [...this.sent].reverse().find((m) => m.phone === phone && m.params.code !== undefined)?.params.code;
  }
}

/** The sender the configuration names (loadConfig has checked it); the log sender never in production. */
export function createSmsSender(config: Pick<Config, 'env' | 'sms'>, log: Logger): SmsSender {
  switch (config.sms.provider) {
    case 'log':
      if (config.env === 'production') throw new Error('SMS_PROVIDER=log is refused in production: it sends nothing');
      return new LogSmsSender(log);
    case 'aliyun':
      return new AliyunSmsSender({ ...config.sms.aliyun, log });
  }
}
