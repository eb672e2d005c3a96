import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, type NotifyInput } from '../../src/modules/notifications/index.ts';
import { transact } from '../../src/platform/db.ts';
import { SmsSendError } from '../../src/platform/sms.ts';
import { FakeWeChatMp } from '../fakes/wechat-mp.ts';
import { WITH_PROBE } from '../support/probe/index.ts';
import { axeViolations, browserPath, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// The notifications' pages driven as their people would: the header's unread badge, the inbox, the
// settings with WeChat bound through a stand-in for WeChat's authorisation page, and the staff's
// deliveries and background jobs, each page held to axe and to 长辈版 at phone size.

const STAFF = '13800000001';
const RESIDENT = '13800000021'; // 赵德明
const RESIDENT2 = '13800000022'; // 孙丽娟
const MAKER = '13800000011'; // 张秀兰
const NOTICE_TEMPLATE = 'notice-template-0001';

describe.skipIf(!browserPath)('notifications', () => {
  let h: Harness;
  let wechat: FakeWeChatMp;
  let nanhuId: number;

  beforeAll(async () => {
    const appid = `wx${crypto.randomBytes(8).toString('hex')}`;
    wechat = await FakeWeChatMp.start({ appid, secret: 'wechat-secret' });
    wechat.addTemplate(NOTICE_TEMPLATE, 'subscribe', ['thing1', 'thing2', 'time3']);
    h = await startHarness({
      modules: WITH_PROBE,
      config: { wechat: { appid, secret: 'wechat-secret', apiBase: wechat.url, noticeTemplateId: NOTICE_TEMPLATE } },
    });
    nanhuId = (await h.app.deps.db.selectFrom('communities').select('id').where('slug', '=', 'nanhu').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await h?.close();
    await wechat?.close();
  });

  const userId = async (phone: string) =>
    Number((await h.app.handle.asOwner((o) => o.query<{ id: number }>('select id from users where phone = $1', [phone])))[0]!.id);
  /** A notice from the community, as a module sends one: notify() inside a transaction. */
  const tell = async (phone: string, input: Partial<NotifyInput> & { title: string }) => {
    const id = await userId(phone);
    await transact(h.app.deps.db, { communityId: nanhuId }, (tx) =>
      notify(tx, h.app.deps, { communityId: nanhuId, userIds: [id], topic: 'test.notice', ...input }),
    );
  };
  const inboxLink = (page: Page) => page.getByTestId('inbox-link');
  const inboxName = (page: Page) => inboxLink(page).getAttribute('aria-label');

  it('asks for no unread count while nobody is signed in', async () => {
    const { page } = await h.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/notifications')) asked.push(r.url());
    });
    await page.goto('/c/nanhu');
    await page.getByTestId('community-name').waitFor();
    await page.getByRole('link', { name: /基金/ }).first().click();
    await page.waitForURL('**/c/nanhu/fund');
    expect(await inboxLink(page).count()).toBe(0);
    expect(asked).toEqual([]);
  });

  it('a resident sees the unread count, opens the inbox, and reading a notice brings the count down', async () => {
    await tell(RESIDENT, { title: '明天上午停水', body: '明天 9:00–12:00 南湖小区 3 栋停水检修，请提前储水。' });
    await tell(RESIDENT, { title: '十二月基金公示已更新', body: '本月收入和支出已公示。', link: '/c/nanhu/fund' });
    const { page } = await h.newPage();
    await page.clock.install();
    await loginWithPassword(page, RESIDENT, '/c/nanhu');
    // The community home arrives rendered by the server, the header's inbox link with it: the browser
    // takes it over without a mismatch (React reports one as an error), then shows the count.
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/c/nanhu');
    expect(await page.locator('#weiyi-first').count()).toBe(1);
    await expect.poll(() => inboxName(page)).toBe('通知，2 条未读');
    expect(await page.getByTestId('inbox-count').textContent()).toBe('2');
    expect(errors).toEqual([]);

    await inboxLink(page).click();
    await page.waitForURL('**/me/notifications');
    const notices = page.getByTestId('notification');
    await expect.poll(() => notices.count()).toBe(2);
    // Newest first; unread ones say so in words, not only by colour.
    expect(await notices.first().textContent()).toContain('十二月基金公示已更新');
    expect(await notices.first().textContent()).toContain('未读');
    expect(await notices.first().textContent()).toContain('南湖社区');
    expect(await page.getByTestId('unread-summary').textContent()).toBe('2 条未读');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'inbox-phone');

    // A notice without a page: tapping it marks it read, here.
    const water = notices.filter({ hasText: '明天上午停水' });
    await water.getByRole('button').click();
    await expect.poll(() => water.getAttribute('data-unread')).toBe('false');
    expect(await water.textContent()).not.toContain('未读');
    await expect.poll(() => inboxName(page)).toBe('通知，1 条未读');
    expect(await page.getByTestId('unread-summary').textContent()).toBe('1 条未读');

    // A notice with a page: tapping it marks it read and opens the page.
    await notices.filter({ hasText: '十二月基金公示已更新' }).getByRole('link').click();
    await page.waitForURL('**/c/nanhu/fund');
    await expect.poll(() => inboxName(page)).toBe('通知');
    expect(await page.getByTestId('inbox-count').count()).toBe(0);

    // A new notice shows on the next page the person opens…
    await tell(RESIDENT, { title: '社区活动改期', body: '周六的书法课改到周日上午。' });
    await page.getByRole('link', { name: '微益', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => inboxName(page)).toBe('通知，1 条未读');
    // …and, on a page left open, within a minute.
    await tell(RESIDENT, { title: '志愿者招募', body: '周日上午需要 5 名志愿者。' });
    await page.clock.runFor(61_000);
    await expect.poll(() => inboxName(page)).toBe('通知，2 条未读');
  });

  it('pages back through a long inbox and marks everything read at once', async () => {
    for (let i = 1; i <= 32; i++) await tell(RESIDENT2, { title: `第 ${i} 条通知` });
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT2, '/me/notifications');
    const notices = page.getByTestId('notification');
    await expect.poll(() => notices.count()).toBe(30);
    expect(await notices.first().textContent()).toContain('第 32 条通知');
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => notices.count()).toBe(32);
    expect(await notices.last().textContent()).toContain('第 1 条通知');
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    await expect.poll(() => inboxName(page)).toBe('通知，32 条未读');

    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByRole('status').filter({ hasText: '已全部标为已读。' }).waitFor();
    await expect.poll(() => inboxName(page)).toBe('通知');
    expect(await page.locator('[data-testid=notification][data-unread=true]').count()).toBe(0);
    expect(await page.getByTestId('unread-summary').textContent()).toBe('全部已读');
    await page.reload();
    await expect.poll(() => notices.count()).toBe(30);
    expect(await page.locator('[data-testid=notification][data-unread=true]').count()).toBe(0);
  });

  it('shows someone with no notices what will appear, in 长辈版 too', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, MAKER, '/me/notifications');
    await page.getByTestId('inbox-empty').waitFor();
    expect(await page.getByTestId('inbox-empty').textContent()).toContain('还没有通知');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('elder-toggle').click();
    await expectElderPage(page, 'empty inbox');
  });

  it('speaks English to someone who chose it', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, MAKER, '/me/notifications/settings');
    await page.getByTestId('language-toggle').click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Notification settings');
    expect(await page.locator('main').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await inboxName(page)).toBe('Notifications');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps the channels and quiet hours a person saves, with the defaults said and shown', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT, '/me/notifications');
    await page.getByRole('link', { name: '通知设置' }).click();
    await page.waitForURL('**/me/notifications/settings');
    const sms = page.getByLabel('用短信提醒我');
    const quiet = page.getByLabel('这段时间不发短信和微信');
    await sms.waitFor();
    expect(await sms.isChecked()).toBe(true);
    expect(await quiet.isChecked()).toBe(true);
    expect(await page.getByLabel('开始时间').inputValue()).toBe('21:00');
    expect(await page.getByLabel('结束时间').inputValue()).toBe('08:00');
    expect(await page.locator('main').textContent()).toContain('默认是 21:00 到第二天 08:00');
    // This install sends WeChat notices, and this person has not bound WeChat.
    expect(await page.getByRole('button', { name: '绑定微信' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'notification-settings-phone');

    // The same time twice is refused in place, and nothing is saved.
    await page.getByLabel('开始时间').selectOption('22:00');
    await page.getByLabel('结束时间').selectOption('22:00');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('开始时间和结束时间不能相同。');

    await sms.uncheck();
    await page.getByLabel('结束时间').selectOption('07:30');
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByRole('status').filter({ hasText: '通知设置已保存。' }).waitFor();
    await page.reload();
    await sms.waitFor();
    expect(await sms.isChecked()).toBe(false);
    expect(await quiet.isChecked()).toBe(true);
    expect(await page.getByLabel('开始时间').inputValue()).toBe('22:00');
    expect(await page.getByLabel('结束时间').inputValue()).toBe('07:30');

    await quiet.uncheck();
    expect(await page.getByLabel('开始时间').count()).toBe(0);
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByRole('status').filter({ hasText: '通知设置已保存。' }).waitFor();
    await page.reload();
    await quiet.waitFor();
    expect(await quiet.isChecked()).toBe(false);
    const saved = (await (await page.request.get('/api/v1/me/notification-preferences')).json()) as { sms: boolean; quietHours: unknown };
    expect(saved).toMatchObject({ sms: false, quietHours: null });

    await page.getByTestId('elder-toggle').click();
    await quiet.check();
    await expectElderPage(page, 'settings');
    await screenshot(page, 'notification-settings-elder-phone');
    await page.goto('/me/notifications');
    await page.getByTestId('notification').first().waitFor();
    await expectElderPage(page, 'inbox');
    await screenshot(page, 'inbox-elder-phone');
  });

  it('binds WeChat through WeChat’s authorisation page and back, shows it bound, and unbinds it when confirmed', async () => {
    const { page } = await h.newPage();
    const openid = `o${crypto.randomBytes(12).toString('hex')}`;
    wechat.addUser(openid);
    // WeChat's page: it asks the person, then sends the browser back to redirect_uri with a code and the state.
    await page.route('https://open.weixin.qq.com/**', async (route) => {
      const asked = new URL(route.request().url());
      const back = new URL(asked.searchParams.get('redirect_uri') ?? '');
      expect(back.pathname).toBe('/me/wechat');
      expect(asked.searchParams.get('scope')).toBe('snsapi_base');
      const to = new URL('/me/wechat', h.baseUrl);
      to.searchParams.set('code', wechat.issueOAuthCode(openid));
      to.searchParams.set('state', asked.searchParams.get('state') ?? '');
      await route.fulfill({ status: 302, headers: { location: to.toString() } });
    });
    await loginWithPassword(page, RESIDENT2, '/me/notifications/settings');
    await page.getByRole('button', { name: '绑定微信' }).click();
    await page.waitForURL('**/me/wechat**');
    await page.getByRole('status').filter({ hasText: '微信已绑定' }).waitFor();
    // The one-time code is gone from the address.
    expect(new URL(page.url()).search).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '回到通知设置' }).click();
    const wechatChoice = page.getByTestId('wechat');
    await expect.poll(() => wechatChoice.textContent()).toContain('已绑定微信。');
    expect(await page.getByLabel('用微信提醒我').isChecked()).toBe(true);

    // Unbinding asks first, in place.
    await page.getByRole('button', { name: '解除微信绑定' }).click();
    const confirm = page.getByRole('group', { name: '解除微信绑定' });
    expect(await confirm.textContent()).toContain('解除后，微信不再收到提醒。');
    await page.getByTestId('elder-toggle').click();
    await expectElderPage(page, 'settings, confirming unbinding');
    await confirm.getByRole('button', { name: '确定解除' }).click();
    await page.getByRole('status').filter({ hasText: '已解除微信绑定。' }).waitFor();
    expect(await page.getByRole('button', { name: '绑定微信' }).count()).toBe(1);
  });

  it('says why WeChat was not bound when the answer did not start in this browser', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT, '/me/notifications');
    const openid = `o${crypto.randomBytes(12).toString('hex')}`;
    wechat.addUser(openid);
    await page.goto(`/me/wechat?code=${wechat.issueOAuthCode(openid)}&state=${'a'.repeat(32)}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('微信授权不是从本页发起的，请重新打开链接');
    expect(await page.getByRole('link', { name: '回到通知设置' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('staff see what went out and what failed and why, and run a failed job again after confirming it', async () => {
    // Two text messages: one goes out, the provider refuses the other for good.
    h.app.sms.failNext(new SmsSendError({ provider: 'memory', code: 'isv.MOBILE_NUMBER_ILLEGAL', retryable: false, message: 'bad number' }));
    await tell(MAKER, { title: '您的商品已通过审核', channels: ['sms'], urgent: true });
    await h.app.deps.jobs.drain(h.app.deps);
    await tell(RESIDENT2, { title: '您的订单已备好', channels: ['sms'], urgent: true, link: '/c/nanhu/orders' });
    await h.app.deps.jobs.drain(h.app.deps);
    // A job that fails every time it is allowed to run (the platform's test module), then succeeds when run again.
    await transact(h.app.deps.db, { communityId: nanhuId }, (tx) =>
      h.app.deps.jobs.enqueue(tx, 'probe.record', { communityId: nanhuId, key: 'stuck', failFirst: 3 }, { communityId: nanhuId }),
    );
    await h.app.deps.jobs.drain(h.app.deps, { includeDelayed: true, only: ['probe.record'] });

    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu');
    await page.getByRole('link', { name: /通知发送记录/ }).click();
    await page.waitForURL('**/c/nanhu/notifications');
    // the demo's own notices (supervisors told of the expenses waiting) are there too
    const deliveries = page.getByTestId('delivery');
    await expect.poll(() => deliveries.filter({ hasText: /您的商品已通过审核|您的订单已备好/ }).count()).toBe(2);
    const failed = deliveries.filter({ hasText: '您的商品已通过审核' });
    expect(await failed.textContent()).toContain('失败');
    expect(await failed.textContent()).toContain('张秀兰');
    expect(await failed.textContent()).toContain('原因：SMS isv.MOBILE_NUMBER_ILLEGAL: bad number');
    expect(await deliveries.filter({ hasText: '您的订单已备好' }).textContent()).toContain('已发出');
    expect(await page.locator('main').textContent()).not.toMatch(/1[3-9]\d{9}/);
    await page.getByRole('group', { name: '状态' }).getByRole('button', { name: '失败' }).click();
    await expect.poll(() => deliveries.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'deliveries-phone');

    await page.getByRole('link', { name: '查看后台任务' }).click();
    await page.waitForURL('**/c/nanhu/jobs');
    const jobs = page.getByTestId('job');
    await jobs.first().waitFor();
    // The notifications' own job, named in words.
    expect(await jobs.filter({ hasText: '发送短信或微信提醒' }).count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('group', { name: '状态' }).getByRole('button', { name: '失败' }).click();
    await expect.poll(() => jobs.count()).toBe(1);
    const stuck = jobs.first();
    expect(await stuck.textContent()).toContain('probe.record');
    expect(await stuck.textContent()).toContain('原因：probe stuck failed on attempt 3 as asked');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'jobs-phone');

    await stuck.getByRole('button', { name: '再运行一次' }).click();
    const confirm = stuck.getByRole('group', { name: '再运行一次' });
    expect(await confirm.textContent()).toMatch(/再运行一次“probe\.record”（.+创建）吗？/);
    await page.getByTestId('elder-toggle').click();
    await expectElderPage(page, 'jobs, confirming');
    await confirm.getByRole('button', { name: '确定再运行' }).click();
    await page.getByRole('status').filter({ hasText: '“probe.record”已重新排队' }).waitFor();
    await expect.poll(() => jobs.count()).toBe(0);
    expect(await h.app.deps.jobs.drain(h.app.deps, { includeDelayed: true, only: ['probe.record'] })).toEqual({ ran: 1, failed: 0 });
    await page.getByRole('group', { name: '状态' }).getByRole('button', { name: '已完成' }).click();
    await expect.poll(() => jobs.filter({ hasText: 'probe.record' }).count()).toBe(1);

    await page.goto('/c/nanhu/notifications');
    await deliveries.first().waitFor();
    await expectElderPage(page, 'deliveries');
  });

  it('keep the staff pages from residents', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT, '/c/nanhu');
    expect(await page.getByRole('link', { name: /通知发送记录|后台任务/ }).count()).toBe(0);
    await page.goto('/c/nanhu/jobs');
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.getByTestId('job').count()).toBe(0);
  });
});
