import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserPath, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// A community's settings driven as people would: staff change a plain setting and it applies; staff
// raise the amount above which an expense needs two supervisors and it waits, the old amount still in
// force; a supervisor, told by a notice, approves it on the same page after confirming in place; 长辈版
// and English at phone size; kept from residents.
// This file's harness has its own demo database: the threshold is raised here and nowhere else.

const STAFF = '13800000001'; // 李文华
const SUPERVISOR = '13800000002'; // 王建国
const RESIDENT = '13800000013'; // 黄丽萍, an organisation leader and resident

describe.skipIf(!browserPath)('community settings', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const setting = (page: Page, key: string) => page.locator(`[data-testid="setting"][data-key="${key}"]`);
  const change = (page: Page) => page.getByTestId('setting-change');
  const waitingChange = (page: Page) => page.locator('[data-testid="setting-change"][data-state="pending"]');

  /** Opens a setting's editor, writes the new value and goes on to the question; returns the question's group. */
  async function askToChange(page: Page, key: string, name: string, label: string, value: string) {
    const card = setting(page, key);
    await card.getByRole('button', { name: `修改“${name}”` }).click();
    await card.getByLabel(label).fill(value);
    await card.getByRole('button', { name: '下一步' }).click();
    return card.getByRole('group', { name: `修改“${name}”` });
  }

  it('staff change a plain setting from the community home: it applies at once', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu');
    await page.getByRole('link', { name: /社区设置/ }).click();
    await page.waitForURL('**/c/nanhu/settings');
    // every setting, with what it means
    await expect.poll(() => page.getByTestId('setting').count()).toBe(4);
    expect(await setting(page, 'unpaidHoldMinutes').getByTestId('setting-value').textContent()).toBe('30 分钟');
    expect(await setting(page, 'expenseTwoApprovalsOverFen').textContent()).toContain('要两名居务监督批准才能支付');
    await page.getByText('没有等待批准的修改。').waitFor();

    // out of its limits: said in place, nothing asked
    const card = setting(page, 'unpaidHoldMinutes');
    await askToChange(page, 'unpaidHoldMinutes', '未付款订单保留时间', '新的时长（分钟）', '2');
    expect(await card.getByRole('alert').textContent()).toBe('请写 5 分钟 到 1440 分钟 之间的值。');
    await card.getByLabel('新的时长（分钟）').fill('45');
    await card.getByRole('button', { name: '下一步' }).click();
    const ask = card.getByRole('group', { name: '修改“未付款订单保留时间”' });
    expect(await ask.textContent()).toContain('把“未付款订单保留时间”从 30 分钟 改为 45 分钟 吗？');
    expect(await ask.textContent()).not.toContain('放宽检查');
    expect(await axeViolations(page)).toEqual([]);
    await ask.getByRole('button', { name: '确定修改' }).click();
    await page.getByRole('status').filter({ hasText: '已修改：“未付款订单保留时间”现在是 45 分钟。' }).waitFor();
    await expect.poll(() => card.getByTestId('setting-value').textContent()).toBe('45 分钟');
    expect(await change(page).count()).toBe(0);
    const { settings } = await (await page.request.get('/api/v1/communities/nanhu')).json();
    expect(settings.unpaidHoldMinutes).toBe(45);
  });

  it('staff raise the two-approval threshold: it waits for a supervisor, who is told and approves it', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/settings');
    const ask = await askToChange(staff, 'expenseTwoApprovalsOverFen', '需两名居务监督审批的支出金额', '新的金额（元）', '8000');
    expect(await ask.textContent()).toContain('把“需两名居务监督审批的支出金额”从 ¥5,000.00 改为 ¥8,000.00 吗？');
    expect(await ask.textContent()).toContain('这会放宽检查：提交后要一名居务监督批准才生效，批准前仍是 ¥5,000.00。');
    await ask.getByRole('button', { name: '提交给居务监督' }).click();
    await staff
      .getByRole('status')
      .filter({ hasText: '已提交：“需两名居务监督审批的支出金额”改为 ¥8,000.00 要等居务监督批准，批准前仍是 ¥5,000.00。' })
      .waitFor();

    // Still the old amount, with the new one shown waiting, and the change listed: not for staff to approve.
    const card = setting(staff, 'expenseTwoApprovalsOverFen');
    expect(await card.getByTestId('setting-value').textContent()).toBe('¥5,000.00');
    await expect.poll(() => card.getByTestId('setting-pending').textContent()).toBe('等待居务监督批准：改为 ¥8,000.00（李文华 提出）');
    const waiting = change(staff);
    await waiting.waitFor();
    expect(await waiting.getAttribute('data-state')).toBe('pending');
    expect(await waiting.getByTestId('change-line').textContent()).toBe('需两名居务监督审批的支出金额：¥5,000.00 → ¥8,000.00放宽检查');
    expect(await waiting.getByTestId('own-change').count()).toBe(1);
    expect(await waiting.getByRole('button', { name: '批准' }).count()).toBe(0);
    expect(await waiting.getByRole('button', { name: '撤回修改' }).count()).toBe(1);
    expect(await axeViolations(staff)).toEqual([]);
    await screenshot(staff, 'settings-pending-phone');

    // The supervisor finds it through the notice in the inbox.
    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/me/notifications');
    await supervisor.getByTestId('notification').filter({ hasText: '待批准的设置修改：需两名居务监督审批的支出金额' }).getByRole('link').click();
    await supervisor.waitForURL('**/c/nanhu/settings');
    const pending = change(supervisor);
    await pending.waitFor();
    expect(await supervisor.getByRole('button', { name: /^修改/ }).count()).toBe(0); // supervisors do not change settings
    await pending.getByRole('button', { name: '批准' }).click();
    const approve = pending.getByRole('group', { name: '批准' });
    expect(await approve.textContent()).toContain('批准这项修改吗？批准后立即生效：“需两名居务监督审批的支出金额”从 ¥5,000.00 改为 ¥8,000.00。');
    expect(await axeViolations(supervisor)).toEqual([]);
    await screenshot(supervisor, 'settings-approve-phone');
    await approve.getByRole('button', { name: '确定批准' }).click();
    await supervisor.getByRole('status').filter({ hasText: '已批准，修改已生效' }).waitFor();
    await expect.poll(() => setting(supervisor, 'expenseTwoApprovalsOverFen').getByTestId('setting-value').textContent()).toBe('¥8,000.00');
    await supervisor.getByText('没有等待批准的修改。').waitFor();
    const decided = change(supervisor);
    expect(await decided.getAttribute('data-state')).toBe('approved');
    expect(await decided.getByTestId('decided-by').textContent()).toContain('王建国 已批准');
    expect(await decided.getByRole('button').count()).toBe(0);

    await staff.reload();
    await expect.poll(() => setting(staff, 'expenseTwoApprovalsOverFen').getByTestId('setting-value').textContent()).toBe('¥8,000.00');
  });

  it('fits a phone in 长辈版, and speaks English when chosen; staff withdraw a change', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/settings');
    await staff.getByTestId('elder-toggle').click();
    const ask = await askToChange(staff, 'expenseTwoApprovalsOverFen', '需两名居务监督审批的支出金额', '新的金额（元）', '9000');
    await ask.waitFor();
    await expectElderPage(staff, 'settings, asking to raise the threshold');
    await screenshot(staff, 'settings-elder-phone');
    await ask.getByRole('button', { name: '提交给居务监督' }).click();
    await waitingChange(staff).waitFor();

    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/c/nanhu/settings');
    await supervisor.getByTestId('elder-toggle').click();
    const pending = waitingChange(supervisor);
    await pending.getByRole('button', { name: '拒绝' }).click();
    await pending.getByRole('group', { name: '拒绝' }).waitFor();
    await expectElderPage(supervisor, 'settings, refusing a change');
    await screenshot(supervisor, 'settings-refuse-elder-phone');

    await supervisor.getByTestId('language-toggle').click();
    await expect.poll(() => supervisor.locator('main h1').textContent()).toBe('Community settings');
    await expect.poll(() => waitingChange(supervisor).getByTestId('change-line').textContent()).toContain('Expenses that need two supervisors');
    expect(await supervisor.locator('main').textContent()).not.toMatch(/\b(settings|sections|common)\.[a-zA-Z]/);
    await expectElderPage(supervisor, 'settings in English');

    // Staff withdraw it: the threshold stays, the change is listed as withdrawn.
    await staff.reload();
    const mine = waitingChange(staff);
    await mine.getByRole('button', { name: '撤回修改' }).click();
    expect(await mine.getByRole('group', { name: '撤回修改' }).textContent()).toContain('撤回这项修改吗？设置不变');
    await mine.getByRole('group', { name: '撤回修改' }).getByRole('button', { name: '确定撤回' }).click();
    await staff.getByRole('status').filter({ hasText: '已撤回' }).waitFor();
    await expect.poll(() => change(staff).first().getAttribute('data-state')).toBe('withdrawn');
    expect(await setting(staff, 'expenseTwoApprovalsOverFen').getByTestId('setting-value').textContent()).toBe('¥8,000.00');
  });

  it('keeps the settings page from residents', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT, '/c/nanhu');
    await page.getByTestId('community-name').waitFor();
    expect(await page.getByRole('link', { name: /社区设置/ }).count()).toBe(0);
    await page.goto('/c/nanhu/settings');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('您没有权限做这件事');
    expect(await page.getByRole('button', { name: /^修改/ }).count()).toBe(0);
  });
});
