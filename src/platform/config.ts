import path from 'node:path';
import { SMS_TEMPLATE_NAMES, type SmsTemplate } from './sms.ts';

/** Everything the process reads from its environment, read once and checked. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir/pg` is used. */
  databaseUrl: string | undefined;
  /** Origins allowed to make state-changing requests, besides the request's own host. */
  allowedOrigins: string[];
  /** Secure cookies when served over HTTPS. */
  secureCookies: boolean;
  logLevel: string;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  /** Payment provider for online orders: `none` (the counter only), or a provider's name; `dev` is refused in production. */
  paymentProvider: string;
  /**
   * Where the install is reached from outside (https://…, no trailing slash): links printed in PDFs,
   * QR codes and messages point here, never at a request's Host header. Required in production.
   */
  publicUrl: string | null;
  /** Proxies whose X-Forwarded-For / -Proto count (addresses or CIDR ranges); none by default. */
  trustedProxies: string[];
  dbPoolSize: number;
  /** Login and registration attempts per client address in 15 minutes (a shared NAT may need more). */
  loginAttemptsPerAddress: number;
  /** How much people may upload, and how often (platform/files.ts). */
  uploads: UploadLimits;
  /** Who sends text messages: the log (development only) or Alibaba Cloud SMS. */
  sms: SmsConfig;
  /** The WeChat service account (服务号) that sends notices; null when WeChat is off. */
  wechat: WeChatConfig | null;
}

export interface UploadLimits {
  /** Bytes one person's uploads may take in one community (UPLOAD_QUOTA_PERSON_MB, 200 MB). */
  personQuotaBytes: number;
  /** Bytes a community's uploads may take together (UPLOAD_QUOTA_COMMUNITY_MB, 5 GB): the install's disk, so not a community setting. */
  communityQuotaBytes: number;
  /** Upload attempts per person in an hour, across communities (UPLOADS_PER_PERSON_HOUR, 60). */
  perPersonPerHour: number;
  /** Upload attempts per client address in an hour (UPLOADS_PER_ADDRESS_HOUR, 300; a shared NAT may need more). */
  perAddressPerHour: number;
}

export type SmsConfig = { provider: 'log' } | { provider: 'aliyun'; aliyun: AliyunSmsSettings };

export interface AliyunSmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature, without 【】. */
  signName: string;
  /** The RPC endpoint (tests point it at a local fake). */
  endpoint: string;
  regionId: string;
  /** Our template → the provider's approved template code (SMS_123456789). */
  templateCodes: Record<SmsTemplate, string>;
}

export interface WeChatConfig {
  appid: string;
  secret: string;
  /** https://api.weixin.qq.com unless a test points it at a local fake. */
  apiBase: string;
  /**
   * The subscribe-notice template (订阅通知) notices go out with, or null (no WeChat notices):
   * fields thing1 (the title), thing2 (the community), time3 (when), as docs/outside-services.md says.
   */
  noticeTemplateId: string | null;
}

/** A setting the process cannot run with: the message names the variable and what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function publicUrlOf(text: string | undefined): string | null {
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) address like https://weiyi.example.org, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`PUBLIC_URL must start with https:// or http://, got ${JSON.stringify(text)}`);
  if (url.search || url.hash || url.username) throw new ConfigError('PUBLIC_URL takes no query, fragment or credentials');
  return url.toString().replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got ${env.PORT}`);
  const publicUrl = publicUrlOf(env.PUBLIC_URL);
  const paymentProvider = env.PAYMENT_PROVIDER ?? (mode === 'production' ? 'none' : 'dev');
  if (mode === 'production') {
    if (!publicUrl)
      throw new ConfigError(
        'PUBLIC_URL is required in production: links in PDFs, QR codes and messages point there (e.g. PUBLIC_URL=https://weiyi.example.org)',
      );
    if (paymentProvider === 'dev')
      throw new ConfigError('PAYMENT_PROVIDER=dev confirms every payment at once and is refused in production; set a real provider or none (the counter only)');
  }
  return {
    env: mode,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    secureCookies: env.SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    sessionIdleDays: Number(env.SESSION_IDLE_DAYS ?? 14),
    sessionAbsoluteDays: Number(env.SESSION_ABSOLUTE_DAYS ?? 60),
    paymentProvider,
    publicUrl,
    trustedProxies: list(env.TRUSTED_PROXIES),
    dbPoolSize: Number(env.DB_POOL_SIZE ?? 10),
    // Tests and benchmarks run every client from 127.0.0.1.
    loginAttemptsPerAddress: Number(env.LOGIN_ATTEMPTS_PER_ADDRESS ?? (mode === 'test' ? 100_000 : 30)),
    uploads: uploadLimits(env, mode),
    sms: smsConfig(env, mode),
    wechat: wechatConfig(env, mode),
  };
}

const MB = 1024 * 1024;

function uploadLimits(env: NodeJS.ProcessEnv, mode: Config['env']): UploadLimits {
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number above 0, got ${env[name]}`);
    return value;
  };
  return {
    personQuotaBytes: positive('UPLOAD_QUOTA_PERSON_MB', 200) * MB,
    communityQuotaBytes: positive('UPLOAD_QUOTA_COMMUNITY_MB', 5 * 1024) * MB,
    perPersonPerHour: positive('UPLOADS_PER_PERSON_HOUR', 60),
    // Tests and benchmarks run every client from 127.0.0.1.
    perAddressPerHour: positive('UPLOADS_PER_ADDRESS_HOUR', mode === 'test' ? 100_000 : 300),
  };
}

const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';
const WECHAT_API_BASE = 'https://api.weixin.qq.com';

function smsConfig(env: NodeJS.ProcessEnv, mode: Config['env']): SmsConfig {
  const provider = env.SMS_PROVIDER || (mode === 'production' ? undefined : 'log');
  if (provider === undefined) throw new ConfigError('SMS_PROVIDER must be set in production (aliyun): the log sender sends nothing');
  if (provider === 'log') {
    if (mode === 'production') throw new ConfigError('SMS_PROVIDER=log is refused in production: it sends nothing; set SMS_PROVIDER=aliyun and its keys');
    return { provider: 'log' };
  }
  if (provider !== 'aliyun') throw new ConfigError(`SMS_PROVIDER must be log or aliyun, got ${provider}`);
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`${name} must be set when SMS_PROVIDER=aliyun`);
    return value;
  };
  const templateCodes = {} as Record<SmsTemplate, string>;
  for (const template of SMS_TEMPLATE_NAMES) {
    const name = `SMS_TEMPLATE_${template.toUpperCase()}`;
    const code = required(name);
    if (!/^SMS_\d+$/.test(code)) throw new ConfigError(`${name} must be an approved Alibaba Cloud template code like SMS_123456789, got ${code}`);
    templateCodes[template] = code;
  }
  return {
    provider: 'aliyun',
    aliyun: {
      accessKeyId: required('SMS_ALIYUN_ACCESS_KEY_ID'),
      accessKeySecret: required('SMS_ALIYUN_ACCESS_KEY_SECRET'),
      signName: required('SMS_SIGN_NAME'),
      endpoint: serviceUrl(env, 'SMS_ALIYUN_ENDPOINT', ALIYUN_SMS_ENDPOINT, mode),
      regionId: env.SMS_ALIYUN_REGION_ID?.trim() || 'cn-hangzhou',
      templateCodes,
    },
  };
}

function wechatConfig(env: NodeJS.ProcessEnv, mode: Config['env']): WeChatConfig | null {
  const appid = env.WECHAT_APPID?.trim();
  if (!appid) return null;
  if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new ConfigError(`WECHAT_APPID must be a service account's AppID (wx and 16 hex digits), got ${appid}`);
  const secret = env.WECHAT_SECRET?.trim();
  if (!secret) throw new ConfigError('WECHAT_SECRET must be set when WECHAT_APPID is');
  return {
    appid,
    secret,
    apiBase: serviceUrl(env, 'WECHAT_API_BASE', WECHAT_API_BASE, mode).replace(/\/+$/, ''),
    noticeTemplateId: env.WECHAT_TEMPLATE_NOTICE?.trim() || null,
  };
}

/** An outside service's address: https in production, where keys and personal data travel. */
function serviceUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, mode: Config['env']): string {
  const value = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL, got ${value}`);
  }
  if (mode === 'production' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an https URL in production, got ${value}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be an http(s) URL, got ${value}`);
  return url.toString();
}

/** The start of every link the install prints or sends (PDFs, QR codes, messages): PUBLIC_URL, or this machine in development. */
export function linkBase(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
