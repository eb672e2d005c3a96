import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/database.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db.ts';
import { fitWeChatValue, WeChatMp, WeChatSendError, type WeChatMpOptions } from '../../src/platform/wechat.ts';
import { FakeWeChatMp, type FakeWeChatOptions } from '../fakes/wechat-mp.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const OPENID = 'oWy3s5Nq8Fz0aB1cD2eF3gH4iJ5k';
const STRANGER = 'oWy3s5Nq8Fz0aB1cD2eF3gH4zzzz';
const NOTICE = 'tpl-activity-reminder';
const CLASSIC = 'tpl-order-ready';
const SECRET = crypto.randomBytes(16).toString('hex');

// A plain pino logger, without the platform's redaction, so these tests see what the client itself writes.
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

let t: TestApp;
const fakes: FakeWeChatMp[] = [];
const issued: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    issued.push(...fake.issuedTokens);
    await fake.close();
  }
});
afterAll(() => t.close());

/** A fresh fake WeChat for a fresh account (its own AppID, so no token of another test is stored). */
async function account(options: Partial<FakeWeChatOptions> = {}) {
  const appid = `wx${crypto.randomBytes(8).toString('hex')}`;
  const fake = await FakeWeChatMp.start({ appid, secret: SECRET, ...options });
  fakes.push(fake);
  fake.addTemplate(NOTICE, 'subscribe', ['thing1', 'time2', 'phrase3']);
  fake.addTemplate(CLASSIC, 'template', ['character_string1', 'thing2', 'amount3']);
  fake.addUser(OPENID);
  fake.subscribe(OPENID, NOTICE, Infinity);
  const client = (overrides: Partial<WeChatMpOptions> = {}) => new WeChatMp({ appid, secret: SECRET, apiBase: fake.url, db: t.deps.db, log, ...overrides });
  return { appid, fake, client };
}

const notice = (openid = OPENID) => ({
  openid,
  templateId: NOTICE,
  page: 'https://weiyi.example.org/c/nanhu/activities/42',
  data: { thing1: '社区议事会', time2: '2026年12月3日 19:00', phrase3: '报名中' },
});

async function refusal(promise: Promise<unknown>): Promise<WeChatSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WeChatSendError);
  return error as WeChatSendError;
}

async function storedToken(appid: string) {
  return t.deps.db.selectFrom('wechat_tokens').select(['token', 'expires_at']).where('appid', '=', appid).executeTakeFirst();
}

describe('WeChat service account messages', () => {
  it('delivers a subscribe notice and a template message with the right data, fetching the token once', async () => {
    const { appid, fake, client } = await account();
    const wechat = client();
    await wechat.sendSubscribeMessage(notice());
    const sent = await wechat.sendTemplateMessage({
      openid: OPENID,
      templateId: CLASSIC,
      url: 'https://weiyi.example.org/c/nanhu/orders/7',
      data: { character_string1: 'WY20261203-0007', thing2: { value: '手工布艺收纳袋' }, amount3: '¥150.00' },
    });
    expect(fake.delivered).toEqual([
      { kind: 'subscribe', openid: OPENID, templateId: NOTICE, page: notice().page, data: notice().data },
      {
        kind: 'template',
        openid: OPENID,
        templateId: CLASSIC,
        url: 'https://weiyi.example.org/c/nanhu/orders/7',
        data: { character_string1: 'WY20261203-0007', thing2: '手工布艺收纳袋', amount3: '¥150.00' },
      },
    ]);
    expect(sent.msgid).toMatch(/^\d+$/);
    expect(fake.tokenFetches).toBe(1);
    expect((await storedToken(appid))?.token).toBe(fake.liveTokens()[0]);
    // The app may read and refresh the shared token, never delete it.
    await expect(t.deps.db.deleteFrom('wechat_tokens').where('appid', '=', appid).execute()).rejects.toThrow(/permission denied/);
  });

  it('refreshes an expired token once and the send succeeds', async () => {
    const { appid, fake, client } = await account();
    const wechat = client();
    await wechat.sendSubscribeMessage(notice());
    const first = (await storedToken(appid))!.token;
    fake.advance(7201_000); // WeChat's clock: the token has run out, though ours says it has time left
    await wechat.sendSubscribeMessage(notice());
    expect(fake.tokenRefusals).toBe(1);
    expect(fake.tokenFetches).toBe(2);
    expect(fake.delivered).toHaveLength(2);
    const second = (await storedToken(appid))!.token;
    expect(second).not.toBe(first);
    expect(fake.liveTokens()).toEqual([second]);
  });

  it('keeps working while another tool forces a refresh: the old token for the overlap, then the current one', async () => {
    const { fake, client } = await account({ overlapMs: 60_000 });
    const wechat = client();
    await wechat.sendSubscribeMessage(notice());
    fake.forceRefresh();
    await wechat.sendSubscribeMessage(notice()); // within the overlap: the old token still works
    expect(fake.tokenRefusals).toBe(0);
    fake.advance(60_001);
    await wechat.sendSubscribeMessage(notice()); // 40001, then the current token
    expect(fake.tokenRefusals).toBe(1);
    expect(fake.tokenFetches).toBe(2);
    expect(fake.delivered).toHaveLength(3);
  });

  it('refreshes ahead of expiry, before WeChat refuses the token', async () => {
    const { fake, client } = await account();
    let skewMs = 0;
    const wechat = client({ now: () => Date.now() + skewMs });
    await wechat.sendSubscribeMessage(notice());
    skewMs = 7200_000 - 120_000; // two minutes left, on both clocks
    fake.advance(skewMs);
    await wechat.sendSubscribeMessage(notice());
    expect(fake.tokenFetches).toBe(2);
    expect(fake.tokenRefusals).toBe(0);
    await wechat.sendSubscribeMessage(notice());
    expect(fake.tokenFetches).toBe(2);
  });

  it('two processes sharing the database fetch the token once, and refresh it once', async () => {
    const { fake, client } = await account({ tokenDelayMs: 300 });
    // On a PostgreSQL server the second "process" has its own pool; PGlite has one connection, so they share it.
    let second: DatabaseHandle<Database> | null = null;
    let secondDb: Db = t.deps.db;
    if (t.deps.config.databaseUrl) {
      second = await openDatabase<Database>({ databaseUrl: t.deps.config.databaseUrl, poolSize: 2 });
      secondDb = second.db;
    }
    try {
      const one = client();
      const two = client({ db: secondDb });
      await Promise.all([
        one.sendSubscribeMessage(notice()),
        two.sendSubscribeMessage(notice()),
        one.sendSubscribeMessage(notice()),
        two.sendSubscribeMessage(notice()),
      ]);
      expect(fake.tokenFetches).toBe(1);
      fake.advance(7201_000);
      await Promise.all([one.sendSubscribeMessage(notice()), two.sendSubscribeMessage(notice())]);
      expect(fake.tokenFetches).toBe(2);
      expect(fake.delivered).toHaveLength(6);
    } finally {
      await second?.close();
    }
  });

  it('tells the caller when the person refused or used up their subscription (permanent), so another channel can be tried', async () => {
    const { fake, client } = await account();
    fake.addUser(STRANGER, { following: false });
    const wechat = client();
    expect(await refusal(wechat.sendSubscribeMessage(notice(STRANGER)))).toMatchObject({ errcode: 43101, reason: 'refused', retryable: false });
    fake.subscribe(STRANGER, NOTICE, 1); // one one-time subscription: one notice
    await wechat.sendSubscribeMessage(notice(STRANGER));
    expect(await refusal(wechat.sendSubscribeMessage(notice(STRANGER)))).toMatchObject({ errcode: 43101, reason: 'refused' });
    const classic = { openid: STRANGER, templateId: CLASSIC, data: { character_string1: 'WY1', thing2: '布袋', amount3: '¥1.00' } };
    expect(await refusal(wechat.sendTemplateMessage(classic))).toMatchObject({ errcode: 43004, reason: 'refused', retryable: false });
    expect(await refusal(wechat.sendSubscribeMessage(notice('oUnknownOpenid000000000000000')))).toMatchObject({
      errcode: 40003,
      reason: 'invalid_recipient',
      retryable: false,
    });
    expect(fake.delivered).toHaveLength(1);
  });

  it('shortens a long thing (and a phrase) to its limit, in whole characters with an ellipsis, so WeChat takes it', async () => {
    const { fake, client } = await account();
    const title = '南湖社区二〇二六年冬季邻里节暨公益集市志愿者招募说明会';
    await client().sendSubscribeMessage({ ...notice(), data: { thing1: title, time2: '19:00', phrase3: '正在火热报名中' } });
    const data = fake.delivered[0]!.data;
    expect(data.thing1).toBe(`${title.slice(0, 19)}…`);
    expect(data.phrase3).toBe('正在火热报');
    // An emoji made of several code points is kept whole or dropped whole.
    const family = '👨‍👩‍👧';
    expect(fitWeChatValue('thing1', `${'活'.repeat(17)}${family}尾`)).toBe(`${'活'.repeat(17)}…`);
    expect(fitWeChatValue('thing1', '第一行\n第二行\u202e')).toBe('第一行 第二行');
  });

  it('refuses data that breaks the template (47003, permanent), and says which failures to retry', async () => {
    const { fake, client } = await account();
    const wechat = client();
    expect(await refusal(wechat.sendSubscribeMessage({ ...notice(), data: { thing1: '议事会', time2: '明晚' } }))).toMatchObject({
      errcode: 47003,
      retryable: false,
    });
    fake.failNext(-1, 45009);
    expect(await refusal(wechat.sendSubscribeMessage(notice()))).toMatchObject({ errcode: -1, reason: 'unavailable', retryable: true });
    expect(await refusal(wechat.sendSubscribeMessage(notice()))).toMatchObject({ errcode: 45009, reason: 'rate_limited', retryable: true });
    await wechat.sendSubscribeMessage(notice());
    expect(fake.delivered).toHaveLength(1);
  });

  it('refuses a wrong secret without storing anything', async () => {
    const { appid, fake, client } = await account();
    expect(await refusal(client({ secret: 'f'.repeat(32) }).sendSubscribeMessage(notice()))).toMatchObject({
      errcode: 40125,
      reason: 'credentials',
      retryable: false,
    });
    expect(await storedToken(appid)).toBeUndefined();
    expect(fake.delivered).toHaveLength(0);
  });

  it('gives up on WeChat not answering within the timeout, as retryable', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { client } = await account();
      const started = Date.now();
      const apiBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      expect(await refusal(client({ apiBase, timeoutMs: 300 }).sendSubscribeMessage(notice()))).toMatchObject({
        errcode: null,
        reason: 'unavailable',
        retryable: true,
      });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('never logs an OpenID, a token or the secret', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(issued.length).toBeGreaterThan(5);
    const text = lines.join('');
    expect(text).toContain('oWy***J5k');
    for (const secret of [OPENID, STRANGER, SECRET, ...issued]) expect(text).not.toContain(secret);
  });
});
