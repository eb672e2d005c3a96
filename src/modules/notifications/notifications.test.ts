import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWeChatMp } from '../../../test/fakes/wechat-mp.ts';
import type { Client } from '../../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { transact } from '../../platform/db.ts';
import { SmsSendError } from '../../platform/sms.ts';
import { releaseTime } from './notifications.quiet.ts';
import { notify, type NotifyInput } from './notifications.service.ts';

// Notifications: the inbox, and deliveries by text message and WeChat as durable jobs, each
// recorded; people choose channels and quiet hours; urgent notices ignore them.

const NOTICE_TEMPLATE = 'notice-template-0001';
let t: TestApp;
let fake: FakeWeChatMp;
let nanhu: { id: number; slug: string };
let other: { id: number; slug: string };
type Person = { userId: number; phone: string; client: Client };
let staff: Person;
let resident: Person;
let neighbour: Person;

/** Preferences that keep no quiet hours, so a test's sending does not depend on the time of day. */
const awake = (p: Person, changes: Record<string, unknown> = {}) =>
  p.client.put('/api/v1/me/notification-preferences', { sms: true, wechat: true, quietHours: null, ...changes });
const send = (input: Partial<NotifyInput> & { userIds: number[] }) =>
  transact(t.deps.db, { communityId: nanhu.id }, (tx) => notify(tx, t.deps, { communityId: nanhu.id, topic: 'test.notice', title: '社区通知', ...input }));
const deliveries = async () =>
  (
    await staff.client.get<{
      deliveries: { to: { userId: number }; channel: string; state: string; error: string | null; heldUntil: string | null; attempts: number }[];
    }>(`/api/v1/communities/nanhu/notifications/deliveries`)
  ).body.deliveries;

beforeAll(async () => {
  const appid = `wx${crypto.randomBytes(8).toString('hex')}`;
  fake = await FakeWeChatMp.start({ appid, secret: 'wechat-secret' });
  fake.addTemplate(NOTICE_TEMPLATE, 'subscribe', ['thing1', 'thing2', 'time3']);
  t = await createTestApp({
    config: { wechat: { appid, secret: 'wechat-secret', apiBase: fake.url, noticeTemplateId: NOTICE_TEMPLATE }, publicUrl: 'https://weiyi.example.org' },
  });
  nanhu = await makeCommunity(t, 'nanhu', '南湖社区');
  other = await makeCommunity(t, 'other', '北城社区');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
  resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
  neighbour = await makePerson(t, { community: nanhu, roles: ['resident'] });
  await makePerson(t, { community: other, roles: ['resident'] });
}, 60_000);
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('the inbox', () => {
  it('holds a notice only if the change that made it committed, shows it across communities, and counts it unread until read', async () => {
    await expect(
      transact(t.deps.db, { communityId: nanhu.id }, async (tx) => {
        await notify(tx, t.deps, { communityId: nanhu.id, userIds: [resident.userId], topic: 'test.rolled_back', title: '不该出现' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await send({ userIds: [resident.userId, neighbour.userId], title: '停水通知', body: '明天 9:00–12:00 停水', link: '/c/nanhu' });
    await transact(t.deps.db, { communityId: other.id }, (tx) =>
      notify(tx, t.deps, { communityId: other.id, userIds: [resident.userId], topic: 'test.notice', title: '北城的通知' }),
    );
    const inbox = await resident.client.get<{
      notifications: { id: number; title: string; community: { slug: string }; readAt: string | null }[];
      unread: number;
    }>('/api/v1/me/notifications');
    expect(inbox.body.notifications.map((n) => [n.title, n.community.slug])).toEqual([
      ['北城的通知', 'other'],
      ['停水通知', 'nanhu'],
    ]);
    expect(inbox.body.unread).toBe(2);
    // the neighbour cannot mark the resident's notice read
    const [latest, first] = inbox.body.notifications;
    expect((await neighbour.client.post<{ unread: number }>('/api/v1/me/notifications/read', { ids: [first!.id] })).body.unread).toBe(1);
    expect((await resident.client.get<{ unread: number }>('/api/v1/me/notifications/unread')).body.unread).toBe(2);
    expect((await resident.client.post<{ unread: number }>('/api/v1/me/notifications/read', { ids: [latest!.id] })).body.unread).toBe(1);
    expect((await resident.client.post<{ unread: number }>('/api/v1/me/notifications/read', { all: true })).body.unread).toBe(0);
    expect((await resident.client.post('/api/v1/me/notifications/read', {})).status).toBe(400);
  });
});

describe('text messages', () => {
  it('go out as a job with the community and the title, are recorded as sent, and carry no number in the record', async () => {
    await awake(resident);
    const before = t.sms.sent.length;
    expect(await send({ userIds: [resident.userId], title: '您的订单已备好', channels: ['sms'] })).toEqual({ notifications: 1, deliveries: 1 });
    expect(t.sms.sent.length).toBe(before); // nothing sent inside the transaction
    expect(await t.deps.jobs.drain(t.deps)).toMatchObject({ failed: 0 });
    const message = t.sms.sent.at(-1)!;
    expect(message).toMatchObject({ phone: resident.phone, template: 'notice', params: { community: '南湖社区', title: '您的订单已备好' } });
    const [record] = await deliveries();
    expect(record).toMatchObject({ to: { userId: resident.userId }, channel: 'sms', state: 'sent', attempts: 1, error: null });
    expect(JSON.stringify(await deliveries())).not.toContain(resident.phone);
    // a second run of the same job sends nothing twice
    expect(await t.deps.jobs.drain(t.deps, { includeDelayed: true })).toEqual({ ran: 0, failed: 0 });
  });

  it('are tried again after a passing failure, and given up with the reason after a lasting one', async () => {
    await awake(resident);
    t.sms.failNext(new SmsSendError({ provider: 'memory', code: 'Throttling.User', retryable: true, message: 'flow control' }));
    await send({ userIds: [resident.userId], title: '第一次被限流', channels: ['sms'] });
    expect(await t.deps.jobs.drain(t.deps)).toEqual({ ran: 1, failed: 1 });
    expect((await deliveries())[0]).toMatchObject({ state: 'queued', attempts: 1, error: 'SMS Throttling.User: flow control' });
    await t.deps.jobs.drain(t.deps, { includeDelayed: true });
    expect((await deliveries())[0]).toMatchObject({ state: 'sent', attempts: 2, error: null });

    t.sms.failNext(new SmsSendError({ provider: 'memory', code: 'isv.MOBILE_NUMBER_ILLEGAL', retryable: false, message: 'bad number' }));
    await send({ userIds: [resident.userId], title: '号码有误', channels: ['sms'] });
    expect(await t.deps.jobs.drain(t.deps, { includeDelayed: true })).toEqual({ ran: 1, failed: 0 });
    expect((await deliveries())[0]).toMatchObject({ state: 'failed', attempts: 1, error: 'SMS isv.MOBILE_NUMBER_ILLEGAL: bad number' });
  });

  it('do not reach a person who turned them off; the inbox still does', async () => {
    await awake(neighbour, { sms: false });
    expect(await send({ userIds: [neighbour.userId], title: '不发短信', channels: ['sms'] })).toEqual({ notifications: 1, deliveries: 0 });
  });

  it('wait for the end of the person’s quiet hours, unless the notice is urgent', async () => {
    // quiet from an hour ago to an hour from now, China time
    const china = (ms: number) => new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(11, 16);
    await awake(resident, { quietHours: { start: china(-3600_000), end: china(3600_000) } });
    const before = t.sms.sent.length;
    await send({ userIds: [resident.userId], title: '夜里不打扰', channels: ['sms'] });
    await t.deps.jobs.drain(t.deps);
    expect(t.sms.sent.length).toBe(before);
    const held = (await deliveries())[0]!;
    expect(held.state).toBe('queued');
    const wait = new Date(held.heldUntil!).getTime() - Date.now();
    expect(wait).toBeGreaterThan(55 * 60_000);
    expect(wait).toBeLessThanOrEqual(61 * 60_000);
    // running it early holds it again, once, without sending
    await t.deps.jobs.drain(t.deps, { includeDelayed: true });
    expect(t.sms.sent.length).toBe(before);

    await send({ userIds: [resident.userId], title: '送餐无人应答', channels: ['sms'], urgent: true });
    await t.deps.jobs.drain(t.deps, { only: ['notifications.deliver'] });
    expect(t.sms.sent.at(-1)?.params.title).toBe('送餐无人应答');
    await awake(resident);
  });
});

describe('WeChat notices', () => {
  it('reach a person who bound WeChat in the app, with the title, the community and a link to PUBLIC_URL', async () => {
    await awake(neighbour);
    const start = await neighbour.client.get<{ url: string }>('/api/v1/me/wechat/authorize');
    expect(start.body.url).toContain('scope=snsapi_base');
    expect(start.body.url).toContain(encodeURIComponent('https://weiyi.example.org/me/wechat'));
    const state = new URL(start.body.url).searchParams.get('state')!;
    const openid = `o${crypto.randomBytes(12).toString('hex')}`;
    fake.addUser(openid);
    fake.subscribe(openid, NOTICE_TEMPLATE, 5);
    // a code with another browser's state is refused
    expect((await resident.client.post('/api/v1/me/wechat', { code: fake.issueOAuthCode(openid), state })).status).toBe(403);
    const bound = await neighbour.client.post<{ wechatBound: boolean }>('/api/v1/me/wechat', { code: fake.issueOAuthCode(openid), state });
    expect(bound.body.wechatBound).toBe(true);

    await send({ userIds: [neighbour.userId, resident.userId], title: '您报的事项已办结', link: '/c/nanhu', channels: ['wechat'] });
    await t.deps.jobs.drain(t.deps);
    const delivered = fake.delivered.at(-1)!;
    expect(delivered).toMatchObject({ kind: 'subscribe', openid, templateId: NOTICE_TEMPLATE, page: 'https://weiyi.example.org/c/nanhu' });
    expect(delivered.data).toMatchObject({ thing1: '您报的事项已办结', thing2: '南湖社区' });
    // the resident never bound WeChat: no delivery for them
    expect((await deliveries()).filter((d) => d.channel === 'wechat').map((d) => d.to.userId)).toEqual([neighbour.userId]);
  });

  it('record the refusal of a person who has not subscribed, so staff see why', async () => {
    const openid = `o${crypto.randomBytes(12).toString('hex')}`;
    fake.addUser(openid);
    const start = await resident.client.get<{ url: string }>('/api/v1/me/wechat/authorize');
    await resident.client.post('/api/v1/me/wechat', { code: fake.issueOAuthCode(openid), state: new URL(start.body.url).searchParams.get('state') });
    await send({ userIds: [resident.userId], title: '没有订阅', channels: ['wechat'] });
    expect(await t.deps.jobs.drain(t.deps)).toMatchObject({ failed: 0 });
    const [record] = await deliveries();
    expect(record).toMatchObject({ channel: 'wechat', state: 'failed' });
    expect(record!.error).toMatch(/WeChat 43101 refused/);
    expect(record!.error).not.toContain(openid);
  });
});

describe('quiet hours', () => {
  const at = (iso: string) => new Date(iso);
  it('hold a message from their start to their end, across midnight, China time', () => {
    const night = { start: '21:00', end: '08:00' };
    expect(releaseTime(at('2026-12-03T12:59:00Z'), night)).toEqual(at('2026-12-03T12:59:00Z')); // 20:59 in China
    expect(releaseTime(at('2026-12-03T13:00:00Z'), night)).toEqual(at('2026-12-04T00:00:00Z')); // 21:00 → 08:00 next day
    expect(releaseTime(at('2026-12-03T18:30:00Z'), night)).toEqual(at('2026-12-04T00:00:00Z')); // 02:30 → 08:00
    expect(releaseTime(at('2026-12-04T00:00:00Z'), night)).toEqual(at('2026-12-04T00:00:00Z')); // 08:00 exactly: over
    const lunch = { start: '12:00', end: '14:00' };
    expect(releaseTime(at('2026-12-03T04:30:00Z'), lunch)).toEqual(at('2026-12-03T06:00:00Z'));
    expect(releaseTime(at('2026-12-03T06:00:00Z'), lunch)).toEqual(at('2026-12-03T06:00:00Z'));
    expect(releaseTime(at('2026-12-03T04:30:00Z'), null)).toEqual(at('2026-12-03T04:30:00Z'));
  });
});
