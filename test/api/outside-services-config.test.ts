import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { AliyunSmsSender } from '../../src/platform/sms-aliyun.ts';
import { composeSms, createSmsSender, LogSmsSender } from '../../src/platform/sms.ts';

/** What production needs besides the outside services. */
const PRODUCTION = { NODE_ENV: 'production', PUBLIC_URL: 'https://weiyi.example.org' };

const ALIYUN = {
  SMS_PROVIDER: 'aliyun',
  SMS_ALIYUN_ACCESS_KEY_ID: 'LTAI5tExampleKeyId',
  SMS_ALIYUN_ACCESS_KEY_SECRET: 'example-secret',
  SMS_SIGN_NAME: '微益社区',
  SMS_TEMPLATE_LOGIN_CODE: 'SMS_100001',
  SMS_TEMPLATE_RESET_CODE: 'SMS_100002',
  SMS_TEMPLATE_NOTICE: 'SMS_100003',
  SMS_TEMPLATE_REGISTER_CODE: 'SMS_100004',
  SMS_TEMPLATE_LINK_CODE: 'SMS_100005',
  SMS_TEMPLATE_CONSENT_CODE: 'SMS_100006',
};

function sink() {
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { lines, log };
}

describe('SMS settings', () => {
  it('use the log sender outside production, which masks the number', async () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.sms).toEqual({ provider: 'log' });
    const { lines, log } = sink();
    const sender = createSmsSender(config, log);
    expect(sender).toBeInstanceOf(LogSmsSender);
    expect(await sender.send(composeSms('13812345678', 'login_code', { code: '123456' }))).toEqual({ providerMessageId: null });
    expect(lines.join('')).toContain('138****5678');
    expect(lines.join('')).not.toContain('13812345678');
  });

  it('refuse production without a real provider, naming the variable', () => {
    expect(() => loadConfig({ ...PRODUCTION })).toThrow(/SMS_PROVIDER/);
    expect(() => loadConfig({ ...PRODUCTION, SMS_PROVIDER: 'log' })).toThrow(/SMS_PROVIDER=log is refused in production/);
    expect(() => loadConfig({ NODE_ENV: 'development', SMS_PROVIDER: 'memory' })).toThrow(/SMS_PROVIDER must be log or aliyun/);
    // A configuration built by hand does not get the log sender into production either.
    expect(() => createSmsSender({ env: 'production', sms: { provider: 'log' } }, pino({ level: 'silent' }))).toThrow(/refused in production/);
  });

  it('refuse aliyun with any of its keys missing, naming it', () => {
    for (const name of Object.keys(ALIYUN).filter((n) => n !== 'SMS_PROVIDER')) {
      const env: Record<string, string> = { ...PRODUCTION, ...ALIYUN };
      delete env[name];
      expect(() => loadConfig(env), name).toThrow(new RegExp(`${name} must be set`));
    }
    expect(() => loadConfig({ ...PRODUCTION, ...ALIYUN, SMS_TEMPLATE_NOTICE: '123' })).toThrow(
      /SMS_TEMPLATE_NOTICE must be an approved Alibaba Cloud template code/,
    );
    expect(() => loadConfig({ ...PRODUCTION, ...ALIYUN, SMS_ALIYUN_ENDPOINT: 'http://dysmsapi.aliyuncs.com/' })).toThrow(
      /SMS_ALIYUN_ENDPOINT must be an https URL in production/,
    );
  });

  it('take aliyun complete, with the real endpoint by default', () => {
    const config = loadConfig({ ...PRODUCTION, ...ALIYUN });
    expect(config.sms).toEqual({
      provider: 'aliyun',
      aliyun: {
        accessKeyId: 'LTAI5tExampleKeyId',
        accessKeySecret: 'example-secret',
        signName: '微益社区',
        endpoint: 'https://dysmsapi.aliyuncs.com/',
        regionId: 'cn-hangzhou',
        templateCodes: {
          login_code: 'SMS_100001',
          reset_code: 'SMS_100002',
          notice: 'SMS_100003',
          register_code: 'SMS_100004',
          link_code: 'SMS_100005',
          consent_code: 'SMS_100006',
        },
      },
    });
    expect(createSmsSender(config, pino({ level: 'silent' }))).toBeInstanceOf(AliyunSmsSender);
  });
});

describe('WeChat settings', () => {
  it('are off without an AppID, and need the secret with one', () => {
    expect(loadConfig({ ...PRODUCTION, ...ALIYUN }).wechat).toBeNull();
    expect(() => loadConfig({ WECHAT_APPID: 'wx0123456789abcdef' })).toThrow(/WECHAT_SECRET must be set/);
    expect(() => loadConfig({ WECHAT_APPID: 'gh_0123456789ab', WECHAT_SECRET: 's' })).toThrow(/WECHAT_APPID must be/);
    expect(loadConfig({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's3cret' }).wechat).toEqual({
      appid: 'wx0123456789abcdef',
      secret: 's3cret',
      apiBase: 'https://api.weixin.qq.com',
      noticeTemplateId: null,
    });
    expect(loadConfig({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's3cret', WECHAT_TEMPLATE_NOTICE: 'tpl-notice' }).wechat?.noticeTemplateId).toBe(
      'tpl-notice',
    );
    expect(() =>
      loadConfig({ ...PRODUCTION, ...ALIYUN, WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:9' }),
    ).toThrow(/WECHAT_API_BASE must be an https URL in production/);
  });
});
