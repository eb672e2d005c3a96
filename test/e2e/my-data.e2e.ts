import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, browserPath, DEMO_PASSWORD, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// 我的数据 (PIPL): a resident reads everything held about them, downloads it, and closes their
// account; someone still holding a role is refused with the server's own words.

const PHONE = '13955550002';
const PASSWORD = 'lotus-2026';

async function registerResident(h: Harness, page: Page) {
  await page.goto('/register?community=nanhu');
  await page.getByLabel('手机号').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('6 位验证码').fill(h.app.sms.lastCodeFor(PHONE) ?? '');
  await page.getByLabel('姓名').fill('郑秋云');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册并加入' }).click();
  await page.waitForURL('**/c/nanhu');
}

describe.skipIf(!browserPath)('my data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a resident reads and downloads what is held about them, then closes the account after a plain confirmation', async () => {
    const { page } = await h.newPage();
    await registerResident(h, page);
    await page.goto('/me');
    await page.getByTestId('my-data-link').click();
    await page.waitForURL('**/me/data');
    await expect.poll(() => page.title()).toBe('我的数据 · 微益');
    const account = page.getByRole('region', { name: '账户', exact: true });
    await account.getByText(PHONE).waitFor();
    expect(await account.textContent()).toContain('郑秋云');
    const nanhu = page.getByRole('region', { name: '南湖社区' });
    await nanhu.getByTestId('my-data-identity').waitFor();
    // the audit log's actions in words, not codes
    await nanhu.getByText('操作记录').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'my-data-phone');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-my-data').click()]);
    expect(download.suggestedFilename()).toMatch(/^weiyi-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      account: { phone: string; displayName: string };
      communities: { slug: string }[];
    };
    expect(file.account).toMatchObject({ phone: PHONE, displayName: '郑秋云' });
    expect(file.communities.map((c) => c.slug)).toEqual(['nanhu']);

    await page.getByTestId('elder-toggle').click();
    await expectElderPage(page, 'my data');
    await screenshot(page, 'my-data-elder');
    await page.getByTestId('elder-toggle').click();

    // what goes and what stays, said before anything is asked
    const close = page.getByTestId('close-account');
    const said = await close.textContent();
    for (const words of ['手机号', '姓名', '居民名册', '消息', '授权', '公益基金的账本', '不含送货地址']) expect(said).toContain(words);
    await close.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await close.getByRole('button', { name: '注销账户' }).click();
    await close.getByText('确定注销 郑秋云 的账户吗？').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'my-data-closing-phone');
    await close.getByRole('button', { name: '确定注销' }).click();
    await page.getByText('您的账户已注销。').waitFor();

    // the number no longer signs in
    await page.goto('/login');
    await page.getByLabel('手机号').fill(PHONE);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('手机号或密码不正确');
  });

  it('staff cannot close their account while they hold the role: the server’s reason is shown', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, '13800000001', '/me/data');
    const close = page.getByTestId('close-account');
    await close.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await close.getByRole('button', { name: '注销账户' }).click();
    await close.getByRole('button', { name: '确定注销' }).click();
    await expect.poll(() => close.getByRole('alert').textContent()).toContain('请先卸任，再注销账户');
    await page.goto('/me');
    await page.getByTestId('account-name').waitFor();
  });
});
