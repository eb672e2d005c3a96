import { describe, expect, it } from 'vitest';
import { linkBase, loadConfig } from '../../src/platform/config.ts';

// Production refuses what is unsafe there, with a message that names the setting.

const SMS = {
  SMS_PROVIDER: 'aliyun',
  SMS_ALIYUN_ACCESS_KEY_ID: 'key',
  SMS_ALIYUN_ACCESS_KEY_SECRET: 'secret',
  SMS_SIGN_NAME: '微益',
  SMS_TEMPLATE_LOGIN_CODE: 'SMS_1',
  SMS_TEMPLATE_RESET_CODE: 'SMS_2',
  SMS_TEMPLATE_NOTICE: 'SMS_3',
  SMS_TEMPLATE_REGISTER_CODE: 'SMS_4',
  SMS_TEMPLATE_LINK_CODE: 'SMS_5',
  SMS_TEMPLATE_CONSENT_CODE: 'SMS_6',
};
const PRODUCTION = { NODE_ENV: 'production', PUBLIC_URL: 'https://weiyi.example.org/', ...SMS };

describe('configuration', () => {
  it('needs PUBLIC_URL in production, an absolute http(s) address without query or credentials', () => {
    expect(() => loadConfig({ ...PRODUCTION, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL is required in production/);
    expect(() => loadConfig({ ...PRODUCTION, PUBLIC_URL: 'weiyi.example.org' })).toThrow(/PUBLIC_URL must be an absolute/);
    expect(() => loadConfig({ ...PRODUCTION, PUBLIC_URL: 'ftp://weiyi.example.org' })).toThrow(/must start with https:\/\/ or http:\/\//);
    expect(() => loadConfig({ ...PRODUCTION, PUBLIC_URL: 'https://u:p@weiyi.example.org' })).toThrow(/no query, fragment or credentials/);
    const config = loadConfig(PRODUCTION);
    expect(config.publicUrl).toBe('https://weiyi.example.org');
    expect(linkBase(config)).toBe('https://weiyi.example.org');
  });

  it('links to this machine in development when PUBLIC_URL is not set, never to a request’s Host', () => {
    expect(linkBase(loadConfig({ NODE_ENV: 'development', PORT: '4100' }))).toBe('http://localhost:4100');
  });

  it('refuses the development payment provider in production, and offers none by default there', () => {
    expect(() => loadConfig({ ...PRODUCTION, PAYMENT_PROVIDER: 'dev' })).toThrow(/PAYMENT_PROVIDER=dev .* refused in production/);
    expect(loadConfig(PRODUCTION).paymentProvider).toBe('none');
    expect(loadConfig({ NODE_ENV: 'development' }).paymentProvider).toBe('dev');
  });

  it('trusts forwarded headers from the named proxies only', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16' }).trustedProxies).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
});
