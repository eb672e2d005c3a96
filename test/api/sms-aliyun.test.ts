import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AliyunSmsSettings } from '../../src/platform/config.ts';
import { AliyunSmsSender, rpcSignature, type AliyunSmsSenderOptions } from '../../src/platform/sms-aliyun.ts';
import { composeSms, SmsSendError, SMS_TEXT_VARIABLE_MAX } from '../../src/platform/sms.ts';
import { FakeAliyunSms } from '../fakes/aliyun-sms.ts';

const KEY_ID = 'LTAI5tTestKeyId0001';
const SECRET = 'test-secret-7f3a9c';
const PHONE = '13912345678';

// A plain pino logger, without the platform's redaction, so these tests see what the sender itself writes.
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

let fake: FakeAliyunSms;
let settings: AliyunSmsSettings;

beforeAll(async () => {
  fake = await FakeAliyunSms.start({
    accessKeys: { [KEY_ID]: SECRET },
    signNames: ['微益社区'],
    templates: {
      SMS_100001: { code: 'code' },
      SMS_100002: { code: 'code' },
      SMS_100003: { community: 'text', title: 'text' },
    },
  });
  settings = {
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    signName: '微益社区',
    endpoint: fake.url,
    regionId: 'cn-hangzhou',
    templateCodes: {
      login_code: 'SMS_100001',
      reset_code: 'SMS_100002',
      notice: 'SMS_100003',
      register_code: 'SMS_100004',
      link_code: 'SMS_100005',
      consent_code: 'SMS_100006',
    },
  };
});
afterAll(() => fake.close());
afterEach(() => fake.throttleNext(0));

function sender(overrides: Partial<AliyunSmsSenderOptions> = {}) {
  return new AliyunSmsSender({ ...settings, log, ...overrides });
}

async function refusal(promise: Promise<unknown>): Promise<SmsSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsSendError);
  return error as SmsSendError;
}

describe('the signature', () => {
  it("matches Alibaba Cloud's documented examples", () => {
    // The SendSms example of the SMS signature documentation (secret testSecret).
    const sendSms = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(rpcSignature('GET', sendSms, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    // The DescribeRegions example of the RPC signature documentation (secret testsecret).
    const describeRegions = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(rpcSignature('GET', describeRegions, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('Alibaba Cloud SMS', () => {
  it('delivers a code with the registered template, signature and variables', async () => {
    const result = await sender().send(composeSms(PHONE, 'login_code', { code: '204816' }));
    const accepted = fake.accepted.at(-1)!;
    expect(accepted).toMatchObject({ phone: PHONE, signName: '微益社区', templateCode: 'SMS_100001', params: { code: '204816' } });
    expect(result.providerMessageId).toBe(accepted.bizId);
  });

  it("signs the characters Alibaba encodes its own way (space, *, ~, ' and brackets)", async () => {
    await sender().send(composeSms(PHONE, 'notice', { community: "Nanhu's *east* ~ (北)", title: '停水 (维修) 100% & 请知悉!' }));
    expect(fake.accepted.at(-1)!.params).toEqual({ community: "Nanhu's *east* ~ (北)", title: '停水 (维修) 100% & 请知悉!' });
  });

  it('delivers a notice whose long title was shortened to what the template takes', async () => {
    const title = '南湖社区公益基金二〇二六年第四季度收支公示已经发布，欢迎各位居民查阅并提出意见建议';
    const message = composeSms(PHONE, 'notice', { community: '南湖社区', title });
    await sender().send(message);
    const accepted = fake.accepted.at(-1)!;
    expect(accepted.templateCode).toBe('SMS_100003');
    expect([...accepted.params.title!].length).toBeLessThanOrEqual(SMS_TEXT_VARIABLE_MAX);
    expect(accepted.params.title!.endsWith('…')).toBe(true);
    expect(message.text).toContain(accepted.params.title);
  });

  it('is refused with a wrong secret (SignatureDoesNotMatch, not retryable), and the error quotes neither the number nor the code', async () => {
    const before = fake.accepted.length;
    const error = await refusal(sender({ accessKeySecret: 'not-the-secret' }).send(composeSms(PHONE, 'login_code', { code: '550913' })));
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', retryable: false });
    expect(error.message).not.toContain(PHONE);
    expect(error.message).not.toContain('550913');
    expect(fake.accepted.length).toBe(before);
  });

  it('is refused for an unknown access key', async () => {
    const error = await refusal(sender({ accessKeyId: 'LTAI5tSomeoneElse' }).send(composeSms(PHONE, 'login_code', { code: '111111' })));
    expect(error).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', retryable: false });
  });

  it('refuses a replayed nonce', async () => {
    const replaying = sender({ nonce: () => 'c0ffee00-0000-4000-8000-000000000001' });
    await replaying.send(composeSms(PHONE, 'login_code', { code: '300001' }));
    const before = fake.accepted.length;
    const error = await refusal(replaying.send(composeSms(PHONE, 'login_code', { code: '300002' })));
    expect(error.code).toBe('SignatureNonceUsed');
    expect(fake.accepted.length).toBe(before);
  });

  it('is refused when its clock is more than 15 minutes off', async () => {
    const late = sender({ now: () => new Date(Date.now() - 16 * 60_000) });
    const error = await refusal(late.send(composeSms(PHONE, 'login_code', { code: '400004' })));
    expect(error).toMatchObject({ code: 'InvalidTimeStamp.Expired', retryable: false });
  });

  it('reports throttling as retryable, and the next attempt goes through', async () => {
    fake.throttleNext(1);
    const error = await refusal(sender().send(composeSms(PHONE, 'login_code', { code: '600006' })));
    expect(error).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', retryable: true });
    fake.throttleNext(1, 'Throttling.User');
    expect(await refusal(sender().send(composeSms(PHONE, 'login_code', { code: '600006' })))).toMatchObject({ code: 'Throttling.User', retryable: true });
    await sender().send(composeSms(PHONE, 'login_code', { code: '600006' }));
    expect(fake.accepted.at(-1)!.params).toEqual({ code: '600006' });
  });

  it('reports an unknown template, a wrong signature name and an invalid number as permanent', async () => {
    const unknownTemplate = sender({ templateCodes: { ...settings.templateCodes, reset_code: 'SMS_999999' } });
    expect(await refusal(unknownTemplate.send(composeSms(PHONE, 'reset_code', { code: '700007' })))).toMatchObject({
      code: 'isv.SMS_TEMPLATE_ILLEGAL',
      retryable: false,
    });
    expect(await refusal(sender({ signName: '别的签名' }).send(composeSms(PHONE, 'login_code', { code: '700007' })))).toMatchObject({
      code: 'isv.SMS_SIGNATURE_ILLEGAL',
      retryable: false,
    });
    expect(await refusal(sender().send(composeSms('12345678901', 'login_code', { code: '700007' })))).toMatchObject({
      code: 'isv.MOBILE_NUMBER_ILLEGAL',
      retryable: false,
    });
  });

  it('refuses variables the template does not have, or too long (the fake checks what Alibaba checks)', async () => {
    const wrong = { ...composeSms(PHONE, 'login_code', { code: '800008' }), params: { code: '800008', extra: 'x' } };
    expect(await refusal(sender().send(wrong))).toMatchObject({ code: 'isv.TEMPLATE_PARAMS_ILLEGAL', retryable: false });
    const long = { ...composeSms(PHONE, 'login_code', { code: '800008' }), params: { code: '80000812' } };
    expect(await refusal(sender().send(long))).toMatchObject({ code: 'isv.PARAM_LENGTH_LIMIT', retryable: false });
    const missing = { ...composeSms(PHONE, 'notice', { community: '南湖社区', title: '停水通知' }), params: { title: '停水通知' } };
    expect(await refusal(sender().send(missing))).toMatchObject({ code: 'isv.TEMPLATE_MISSING_PARAMETERS', retryable: false });
  });

  it('gives up on a provider that does not answer within the timeout, as retryable', async () => {
    const silent = http.createServer(() => {}); // takes the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const error = await refusal(sender({ endpoint, timeoutMs: 300 }).send(composeSms(PHONE, 'login_code', { code: '900009' })));
      expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('never logs the whole number, the secret or a code', () => {
    expect(lines.length).toBeGreaterThan(10);
    const text = lines.join('');
    expect(text).toContain('139****5678');
    for (const secret of [PHONE, SECRET, '204816', '550913', '600006']) expect(text).not.toContain(secret);
  });
});
