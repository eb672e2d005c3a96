import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, browserPath, loginWithPassword, screenshot, startHarness, TABLET, type Harness } from './support/harness.ts';

// The work screens driven as their users would: a resident becomes a maker and lists, staff review and stock,
// the kiosk and counter sell, staff pay the maker out; the four-eyes expense flow; password reset and 代办 consent.

const STAFF = '13800000001';
const SUPERVISOR = '13800000002';
const CLERK = '13800000004';
const NEW_MAKER = '13800000022'; // 孙丽娟, a resident with no maker profile in the demo
const SCARF = '手织羊绒围巾（浅灰）';
// A 1×1 PNG, enough for the upload and thumbnail path.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe.skipIf(!browserPath)('work screens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the ¥150 case through the UI: apply, list ¥120 + ¥30, review, intake, kiosk, counter cash, fund +¥30, pending ¥120, payout to ¥0', async () => {
    // A resident applies to be a maker, with a photo.
    const { page: maker } = await h.newPage();
    await loginWithPassword(maker, NEW_MAKER, '/c/nanhu/maker');
    await maker.getByLabel('我会做什么').fill('手工编织：羊绒围巾');
    await maker.getByLabel('我的故事').fill('退休后跟着张阿姨学编织，想让手艺帮到社区。');
    await maker.getByTestId('maker-photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    await maker.getByRole('button', { name: '删除附件 1' }).waitFor();
    await expectAccessible(maker);
    await screenshot(maker, 'maker-apply-phone');
    await maker.getByRole('button', { name: '提交申请' }).click();
    await maker.getByTestId('maker-status').waitFor();

    // Staff approve the application.
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu');
    await staff.getByRole('link', { name: /微益\+ 管理/ }).click();
    await staff.getByRole('button', { name: '社区达人' }).click();
    const application = staff.getByTestId('application').filter({ hasText: '孙丽娟' });
    await application.waitFor();
    await expectAccessible(staff);
    await screenshot(staff, 'shop-admin-makers-phone');
    await application.getByRole('button', { name: '批准' }).click();
    await staff.getByText('已批准 孙丽娟。').waitFor();

    // The maker lists the scarf at ¥120 + ¥30 and sees the price and split as she types.
    await maker.reload();
    await maker.getByTestId('new-listing').click();
    await maker.getByLabel('名称').fill(SCARF);
    await maker.getByLabel('分类').fill('手工编织');
    await maker.getByLabel('介绍').fill('纯羊绒，长 180 厘米。');
    await maker.getByTestId('take').fill('120');
    await maker.getByTestId('margin').fill('30');
    const preview = maker.getByTestId('price-preview');
    await expect.poll(() => preview.textContent()).toContain('¥150.00');
    expect(await preview.getByTestId('split').textContent()).toBe('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    // The default-percent mode shows the community's 20% on the same take.
    await maker.getByLabel(/社区默认留存 20%/).check();
    await expect.poll(() => preview.getByTestId('split').textContent()).toBe('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    await maker.getByLabel(/留存（自己定）/).check();
    await maker.getByTestId('margin').fill('30');
    await expectAccessible(maker);
    await screenshot(maker, 'maker-listing-form-phone');
    await maker.getByRole('button', { name: '保存为草稿' }).click();
    const row = maker.getByTestId('my-listing').filter({ hasText: SCARF });
    await row.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => row.getByTestId('listing-state').textContent()).toBe('审核中');
    await expectAccessible(maker);
    await screenshot(maker, 'maker-listings-phone');

    // Staff approve the listing and take in three scarves.
    await staff.getByRole('button', { name: '上架审核' }).click();
    const review = staff.getByTestId('review-item').filter({ hasText: SCARF });
    await review.waitFor();
    expect(await review.getByTestId('split').textContent()).toBe('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    await expectAccessible(staff);
    await screenshot(staff, 'shop-admin-review-phone');
    await review.getByRole('button', { name: '批准' }).click();
    await staff.getByText(`“${SCARF}”已上架。`).waitFor();
    await staff.getByRole('button', { name: '代售入库' }).click();
    await staff.getByTestId('stock-search').fill('羊绒围巾');
    const stock = staff.getByTestId('stock-item').filter({ hasText: SCARF });
    await stock.getByRole('button', { name: '入库' }).click();
    await stock.getByLabel('件数').fill('3');
    await expectAccessible(staff);
    await screenshot(staff, 'shop-admin-stock-phone');
    await stock.getByRole('button', { name: '登记入库' }).click();
    await expect.poll(() => stock.getByTestId('stock-count').textContent()).toBe('库存 3 件');

    // A customer orders it at the kiosk; the clerk takes ¥150 cash at the counter.
    const { page: kiosk } = await h.newPage({ viewport: TABLET });
    await loginWithPassword(kiosk, CLERK, '/c/nanhu/kiosk');
    await kiosk.getByTestId('kiosk-start').click();
    await kiosk.getByTestId('kiosk-tile').filter({ hasText: SCARF }).click();
    await kiosk.getByTestId('kiosk-order').click();
    const number = (await kiosk.getByTestId('kiosk-order-number').textContent())?.trim() ?? '';
    expect(number).not.toBe('');
    await kiosk.goto('/c/nanhu/counter');
    await kiosk.getByRole('button', { name: '取货' }).click();
    await kiosk.getByTestId('order-number').fill(number);
    await kiosk.getByTestId('collect-order').filter({ hasText: number }).getByRole('button', { name: '收现金 ¥150.00 并交货' }).click();
    await expect.poll(() => kiosk.getByTestId('receipt').textContent()).toContain('¥120.00 给手艺人 / ¥30.00 进社区公益基金');

    // The fund page shows +¥30 from that sale.
    await kiosk.goto('/c/nanhu/fund');
    const sale = kiosk.getByTestId('entry').first();
    await sale.waitFor();
    expect(await sale.textContent()).toContain('销售');
    expect(await sale.textContent()).toContain('+¥30.00');

    // The maker sees ¥120 pending.
    await maker.goto('/c/nanhu/maker?tab=money');
    await expect.poll(() => maker.getByTestId('pending-take').textContent()).toBe('¥120.00');
    expect(await maker.getByTestId('sale').first().textContent()).toContain(SCARF);
    expect(await maker.getByTestId('statement-csv').getAttribute('href')).toMatch(/statement\?month=\d{4}-\d{2}&format=csv$/);
    await expectAccessible(maker);
    await screenshot(maker, 'maker-money-phone');

    // Staff pay her out in cash; she signs herself; her pending drops to ¥0.
    await staff.getByRole('button', { name: '结算' }).click();
    await staff.getByTestId('payout-maker').selectOption({ label: '孙丽娟' });
    await expect.poll(() => staff.getByTestId('payout-pending').textContent()).toBe('¥120.00');
    await expect.poll(() => staff.getByLabel('签收人姓名').inputValue()).toBe('孙丽娟');
    await expectAccessible(staff);
    await screenshot(staff, 'shop-admin-payout-phone');
    await staff.getByTestId('pay-out').click();
    await expect.poll(() => staff.getByTestId('payout-pending').textContent()).toBe('¥0.00');

    await maker.reload();
    await expect.poll(() => maker.getByTestId('pending-take').textContent()).toBe('¥0.00');
    expect(await maker.getByTestId('payout').first().textContent()).toContain('签收：孙丽娟（本人）');
    // 长辈版 on the maker's money page.
    await maker.getByTestId('elder-toggle').click();
    await expectAccessible(maker);
    await screenshot(maker, 'maker-money-elder-phone');
  });

  it('four eyes: staff propose, cannot approve their own, a supervisor approves, staff pay, the fund page shows it', async () => {
    const memo = '九九驿站老人午餐补贴（11月）';
    // Staff cannot also be supervisors (appointments.e2e.ts), so the approval is refused by role as well as by the rule.
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu');
    await staff.getByRole('link', { name: /基金记账与审批/ }).click();
    await staff.getByTestId('propose-expense').click();
    await staff.getByLabel('支出用途').selectOption({ label: '养老服务' });
    await staff.getByLabel('收款方').fill('九九驿站食堂');
    await staff.getByTestId('expense-amount').fill('800');
    await staff.getByLabel('用途说明（公示）').fill(memo);
    await expectAccessible(staff);
    await screenshot(staff, 'fund-work-propose-phone');
    await staff.getByRole('button', { name: '提交申请' }).click();
    const mine = staff.getByTestId('expense').filter({ hasText: memo });
    await mine.getByTestId('own-proposal').waitFor();
    expect(await mine.getByRole('button', { name: '批准' }).count()).toBe(0);
    // Forced through the API from the same session, the server refuses it.
    const refusal = await staff.evaluate(async (text) => {
      const csrf = /weiyi_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const list = (await (await fetch('/api/v1/communities/nanhu/fund/expenses?status=proposed')).json()) as { expenses: { id: number; memo: string }[] };
      const id = list.expenses.find((e) => e.memo === text)?.id;
      const res = await fetch(`/api/v1/communities/nanhu/fund/expenses/${id}/approve`, {
        method: 'POST',
        headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      });
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    }, memo);
    expect(refusal.status).toBe(403);
    expect(refusal.body.message).toBe('您没有权限做这件事');
    await expectAccessible(staff);
    await screenshot(staff, 'fund-work-own-proposal-phone');

    // A supervisor approves.
    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/c/nanhu/fund/work');
    const pending = supervisor.getByTestId('expense').filter({ hasText: memo });
    await pending.waitFor();
    await expectAccessible(supervisor);
    await screenshot(supervisor, 'fund-work-approvals-phone');
    await pending.getByRole('button', { name: '批准' }).click();
    await expect.poll(() => pending.getByTestId('approvals').textContent()).toContain('审批 1 / 1');

    // Staff pay it from the bank; the fund page shows the expense.
    await staff.reload();
    const approved = staff.getByTestId('expense').filter({ hasText: memo });
    await approved.getByRole('button', { name: '支付 ¥800.00' }).click();
    await expect.poll(() => approved.textContent()).toContain('账本第');
    await staff.goto('/c/nanhu/fund');
    const entry = staff.getByTestId('entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain(memo);
    expect(await entry.textContent()).toContain('¥800.00');
  });

  it('records income with a receipt attached; staff propose a correction, a supervisor approves it and the public note shows', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu/fund/work');
    await page.getByRole('button', { name: '登记收入' }).click();
    await page.getByLabel('收入来源').selectOption('foundation');
    await page.getByTestId('income-amount').fill('2000');
    await page.getByLabel('摘要（公示）').fill('基金会“邻里守望”项目第二期拨款');
    await page.getByLabel('名称或姓名').fill('重庆市某公益基金会');
    await page.getByLabel(/是个人/).uncheck();
    await page.getByTestId('income-files').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: '删除附件 1' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'fund-work-income-phone');
    await page.getByRole('button', { name: '记账' }).click();
    const posted = page.getByRole('status').filter({ hasText: '已记账' });
    await posted.waitFor();
    const seq = /第 (\d+) 笔/.exec((await posted.textContent()) ?? '')?.[1] ?? '';
    expect(seq).not.toBe('');

    await page.getByRole('button', { name: '更正' }).click();
    await page.getByLabel('分录编号').fill(seq);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('entry-to-correct').waitFor();
    await page.getByLabel('更正说明（公示）').fill('拨款金额录错，应为 ¥20,000.00，已重新登记');
    await expectAccessible(page);
    await screenshot(page, 'fund-work-correct-phone');
    await page.getByRole('button', { name: '提交更正申请' }).click();
    await page.getByText(/已提交更正，等居务监督审批后入账/).waitFor();
    // Staff read the waiting correction but have nothing to approve it with.
    const proposed = page.getByTestId('correction').filter({ hasText: `#${seq} ` });
    await proposed.getByTestId('own-proposal').waitFor();
    expect(await page.getByRole('button', { name: '批准', exact: true }).count()).toBe(0);
    // Until a supervisor approves, the entry stands uncorrected on the public page.
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('entry').first().waitFor();
    expect(await page.getByTestId('entry').first().textContent()).not.toContain('拨款金额录错');

    // A supervisor opens the correct tab (where the inbox notice links), reads it, approves after confirming in place.
    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/c/nanhu/fund/work');
    await supervisor.goto('/c/nanhu/fund/work?tab=correct');
    const waiting = supervisor.getByTestId('correction').filter({ hasText: `#${seq} ` });
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('¥2,000.00');
    expect(await waiting.textContent()).toContain('拨款金额录错');
    await expectAccessible(supervisor);
    await screenshot(supervisor, 'fund-work-corrections-phone');
    await supervisor.getByTestId('elder-toggle').click();
    await expectAccessible(supervisor);
    await screenshot(supervisor, 'fund-work-corrections-elder-phone');
    await supervisor.getByTestId('elder-toggle').click();
    await waiting.getByRole('button', { name: '批准', exact: true }).click();
    await waiting.getByRole('group', { name: '批准' }).waitFor();
    await waiting.getByRole('button', { name: '确认批准' }).click();
    await supervisor.getByText(new RegExp(`已批准：第 \\d+ 笔冲销了第 ${seq} 笔`)).waitFor();
    const decided = supervisor.getByTestId('correction').filter({ hasText: `#${seq} ` });
    await expect.poll(() => decided.getAttribute('data-status')).toBe('approved');
    expect(await decided.textContent()).toContain('王建国 批准');
    await supervisor.goto('/c/nanhu/fund');
    await supervisor.getByTestId('entry').first().waitFor();
    expect(await supervisor.getByTestId('entry').first().textContent()).toContain('拨款金额录错');
  });

  it('resets a password with a code, and staff record and withdraw 代办 consent and read the audit log', async () => {
    const { page } = await h.newPage();
    await page.goto('/login');
    await page.getByTestId('forgot-password').click();
    await page.getByLabel('手机号').fill('13800000014');
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByText('验证码已发送，请查看短信。').waitFor();
    await page.getByLabel('6 位验证码').fill(h.app.sms.lastCodeFor('13800000014') ?? '');
    await page.getByLabel('新密码').fill('newpass2026');
    await expectAccessible(page);
    await screenshot(page, 'login-reset-phone');
    await page.getByRole('button', { name: '重设密码并登录' }).click();
    await page.waitForURL('**/me');

    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/members');
    await staff.getByLabel('搜索姓名或手机号').fill('13800000022');
    const member = staff.getByTestId('member').filter({ hasText: '孙丽娟' });
    await member.getByRole('button', { name: '授权（代办）' }).click();
    const panel = member.getByTestId('consent-panel');
    await panel.getByText('孙丽娟 还没有授权记录。').waitFor();
    await panel.getByRole('button', { name: '登记新的授权' }).click();
    // she has a phone: the code goes to it and she reads it out
    await panel.getByRole('button', { name: '发送验证码到 孙丽娟 的手机' }).click();
    await panel.getByLabel('孙丽娟 读出的 6 位验证码').fill(h.app.sms.lastCodeFor('13800000022') ?? '');
    await panel.getByLabel('说明').fill('本人读出验证码同意代办');
    await panel.getByRole('button', { name: '登记授权' }).click();
    await panel.getByText('登记：孙丽娟 读出了验证码，同意社区工作人员代办事务。').waitFor();
    await panel.getByRole('button', { name: '确定登记' }).click();
    await member.getByText('已同意代办').waitFor();
    const consent = panel.getByTestId('consent');
    expect(await consent.getAttribute('data-state')).toBe('active');
    await consent.getByRole('button', { name: '撤回' }).click();
    await consent.getByText('按 孙丽娟 本人的意思撤回：社区工作人员代办事务。撤回后立即失效。').waitFor();
    await consent.getByRole('button', { name: '确定撤回' }).click();
    await expect.poll(() => consent.getAttribute('data-state')).toBe('withdrawn');
    await expect.poll(() => member.getByText('已同意代办').count()).toBe(0);
    await staff.reload();
    const audit = staff.getByTestId('audit-entry');
    await audit.first().waitFor();
    expect(await staff.getByTestId('audit-log').textContent()).toContain('撤回授权');
    await expectAccessible(staff);
    await screenshot(staff, 'members-audit-phone');
  });
});
