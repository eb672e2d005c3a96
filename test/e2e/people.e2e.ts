import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, browserPath, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// The resident register (people) and consent in the browser: staff register an elder without a
// phone and record her paper consent, which a second staff member countersigns; staff register a
// child on a guardian's code; a parent registers their own child. At 375 px, 长辈版 and axe.

const STAFF = '13800000001'; // 李文华
const SECOND_STAFF = '13800000014'; // 吴志强, made staff below
const RESIDENT = '13800000021'; // 赵德明
const GUARDIAN = '13800000022'; // 孙丽娟
// A 1×1 PNG: the photo of the signed form.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function elderMode(page: Page, on: boolean) {
  const toggle = page.getByTestId('elder-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
}

/** Picks the first address the address book offers for a search. */
async function pickAddress(page: Page, search: string) {
  await page.getByLabel('搜索地址').fill(search);
  await page.getByTestId('picker-result').first().click();
  await page.getByTestId('address-chosen').waitFor();
}

describe.skipIf(!browserPath)('the resident register', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('staff register an elder without a phone and record her paper consent; only a second staff member can countersign it', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu/people');
    await expect.poll(() => page.title()).toBe('居民名册 · 微益');
    await page.getByRole('link', { name: '登记居民' }).click();
    await page.waitForURL('**/c/nanhu/people/enrol');
    const form = page.getByTestId('enrol-form');
    await form.getByLabel('姓名').fill('赵奶奶');
    await form.getByRole('textbox', { name: /^出生年份/ }).fill('1941');
    await pickAddress(page, '3栋502');
    await form.getByLabel('新建一户（在上面的住址）').check();
    await form.getByLabel('老年人').check();
    await form.getByLabel('妇女').check();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'people-enrol-phone');
    await form.getByRole('button', { name: '登记', exact: true }).click();
    const done = page.getByTestId('enrolled');
    await done.getByText('已登记 赵奶奶。').waitFor();
    await done.getByRole('link', { name: '查看 赵奶奶 的登记信息' }).click();
    await page.waitForURL(/\/c\/nanhu\/person\/\d+$/);
    const elderUrl = new URL(page.url()).pathname;

    const facts = page.getByTestId('person-facts');
    await facts.waitFor();
    await expect.poll(() => page.title()).toBe('赵奶奶 · 微益');
    const text = await facts.textContent();
    expect(text).toContain('1941 年出生（80 岁及以上）');
    expect(text).toContain('老年人、妇女');
    expect(text).toContain('无手机号');
    expect(text).toContain('没有有效的同意');

    // the sensitive tags stay hidden until asked for, and the page says the read is audited
    const sensitive = page.getByTestId('sensitive');
    expect(await sensitive.textContent()).toContain('查看会记入操作记录');
    expect(await sensitive.getByLabel('困难').count()).toBe(0);
    await sensitive.getByRole('button', { name: '查看敏感信息' }).click();
    await sensitive.getByLabel('困难').check();
    await sensitive.getByLabel('说明').fill('独居，行动不便');
    await sensitive.getByRole('button', { name: '保存' }).click();
    await sensitive.getByText('已保存').waitFor();

    // without a phone of her own: the paper form, photographed
    const panel = page.getByTestId('consent-panel');
    await panel.getByRole('button', { name: '登记新的授权' }).click();
    expect(await panel.getByLabel('短信验证码：发到本人手机，本人读出').isDisabled()).toBe(true);
    await panel.getByText('赵奶奶 没有本人手机号，只能用纸质同意书。').waitFor();
    await panel.getByTestId('consent-form-file').setInputFiles({ name: 'form.png', mimeType: 'image/png', buffer: PNG });
    await panel.getByRole('img', { name: '附件 1' }).waitFor();
    await panel.getByLabel('说明').fill('纸质同意书 2026-031');
    expect(await axeViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: '登记授权' }).click();
    await panel.getByText('登记这份纸质同意书：赵奶奶 同意社区工作人员代办事务。要另一名工作人员看过照片、复核后才生效。').waitFor();
    await panel.getByRole('button', { name: '确定登记' }).click();
    await panel.getByText('已登记：赵奶奶 的纸质同意书待另一名工作人员复核。').waitFor();
    const consent = panel.getByTestId('consent');
    expect(await consent.getAttribute('data-state')).toBe('awaiting_countersign');
    expect(await consent.textContent()).toContain('待复核');
    // whoever recorded it is told why they cannot countersign it
    await consent.getByTestId('cannot-countersign').waitFor();
    expect(await consent.getByRole('button', { name: '复核' }).count()).toBe(0);
    await screenshot(page, 'people-person-phone');

    await elderMode(page, true);
    await page.goto('/c/nanhu/people');
    await page.getByTestId('person-row').filter({ hasText: '赵奶奶' }).waitFor();
    await expectElderPage(page, 'register list');
    await screenshot(page, 'people-list-elder');
    await page.goto(elderUrl);
    await page.getByTestId('person-facts').waitFor();
    await page.getByTestId('consent').waitFor();
    await expectElderPage(page, 'person page');
    await screenshot(page, 'people-person-elder');
    await page.goto('/c/nanhu/people/enrol');
    await page.getByTestId('enrol-form').waitFor();
    await expectElderPage(page, 'enrol form');
    await screenshot(page, 'people-enrol-elder');
    await elderMode(page, false);

    // the list: name, age band, address, groups, no 代办 yet
    await page.goto('/c/nanhu/people');
    const row = page.getByTestId('person-row').filter({ hasText: '赵奶奶' });
    expect(await row.textContent()).toContain('80 岁及以上');
    expect(await row.textContent()).toContain('无手机号');
    await page.getByLabel('服务对象').selectOption('elderly');
    // 赵奶奶 and the demo's two elders registered at the desk
    await expect.poll(() => page.getByTestId('person-row').count()).toBe(3);
    expect(await page.getByTestId('person-row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('赵奶奶'), expect.stringContaining('钟桂芳')]),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'people-list-phone');

    // a second member of staff: 李文华 makes 吴志强 staff
    await page.goto('/c/nanhu/members');
    await page.getByLabel('搜索姓名或手机号').fill(SECOND_STAFF);
    await page.getByTestId('member').filter({ hasText: '吴志强' }).getByRole('button', { name: '社区工作人员' }).click();
    await expect
      .poll(() => page.getByTestId('member').filter({ hasText: '吴志强' }).getByRole('button', { name: '社区工作人员' }).getAttribute('aria-pressed'))
      .toBe('true');

    const { page: second } = await h.newPage();
    await loginWithPassword(second, SECOND_STAFF, '/c/nanhu/consents');
    const waiting = second.getByTestId('consent').filter({ hasText: '赵奶奶' });
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('登记人：李文华');
    await waiting.getByRole('link', { name: '查看同意书照片' }).waitFor();
    await waiting.getByRole('button', { name: '复核' }).click();
    await waiting.getByText('复核 李文华 登记的纸质同意书：赵奶奶 同意社区工作人员代办事务。').waitFor();
    expect(await axeViolations(second)).toEqual([]);
    await screenshot(second, 'consents-review-phone');
    await waiting.getByRole('button', { name: '确定复核' }).click();
    await second.getByText('已复核：赵奶奶 同意社区工作人员代办事务，现在生效。').waitFor();
    await second.getByText('没有待复核的同意书。').waitFor();

    await page.goto(elderUrl);
    await expect.poll(() => page.getByTestId('consent').getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('person-facts').textContent()).toContain('本人已同意');
    expect(await page.getByTestId('consent').textContent()).toContain('复核人：吴志强');

    // her husband, who would rather give an age band, joins her household
    await page.goto('/c/nanhu/people/enrol');
    const husband = page.getByTestId('enrol-form');
    await husband.getByLabel('姓名').fill('钱爷爷');
    await husband.getByLabel('不愿说出生年份，只选年龄段').check();
    await husband.getByRole('combobox', { name: '年龄段' }).selectOption('80_plus');
    await husband.getByLabel('和名册里的人同一户').check();
    await husband.getByLabel('同住的人的姓名或手机号').fill('赵奶奶');
    await husband.getByRole('button', { name: /赵奶奶/ }).click();
    await husband.getByText(/和 赵奶奶 同一户/).waitFor();
    await husband.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByTestId('enrolled').waitFor();
    await page.goto(elderUrl);
    await expect.poll(() => page.getByTestId('person-facts').textContent()).toContain('钱爷爷');

    // she gets a phone of her own, proven by the code she reads out; from then on her name is hers to change
    const give = page.getByRole('region', { name: '为 赵奶奶 登记手机号' });
    await give.getByRole('button', { name: '填写手机号' }).click();
    await give.getByLabel('手机号', { exact: true }).fill('13955550003');
    await give.getByRole('button', { name: '发送验证码' }).click();
    await give.getByLabel('本人读出的 6 位验证码').fill(h.app.sms.lastCodeFor('13955550003') ?? '');
    await give.getByRole('button', { name: '登记手机号' }).click();
    await page.getByText('已为 赵奶奶 登记手机号。').waitFor();
    expect(await page.getByTestId('person-facts').textContent()).toContain('尾号 0003');
    await page.getByRole('button', { name: '修改登记信息' }).click();
    const edit = page.getByTestId('edit-person');
    expect(await edit.getByRole('textbox', { name: /^姓名/ }).isDisabled()).toBe(true);
    await edit.getByText('名字由本人修改').waitFor();
    await edit.getByLabel('妇女').uncheck();
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存。').waitFor();
    expect(await page.getByTestId('person-facts').textContent()).not.toContain('妇女');
  });

  it('staff register a child only with the guardian’s code, and the child shows under the guardian', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu/people/enrol');
    const form = page.getByTestId('enrol-form');
    const year = new Date().getFullYear() - 6;
    await form.getByLabel('姓名').fill('孙小雨');
    await form.getByRole('textbox', { name: /^出生年份/ }).fill(String(year));
    // a child under 14: no phone of her own, her guardian instead
    const guardian = form.getByTestId('guardian-step');
    await guardian.waitFor();
    expect(await form.getByRole('textbox', { name: '手机号', exact: true }).count()).toBe(0);
    await guardian.getByLabel('监护人').fill('孙丽娟');
    await guardian.getByTestId('member-result').filter({ hasText: '孙丽娟' }).click();
    await guardian.getByRole('button', { name: '发送验证码给 孙丽娟' }).click();
    await guardian.getByLabel('孙丽娟 读出的 6 位验证码').fill(h.app.sms.lastCodeFor(GUARDIAN) ?? '');
    await form.getByLabel('儿童').check();
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await form.getByText(`登记孩子 孙小雨：监护人 孙丽娟 已读出验证码，同意登记孩子的信息。确定登记吗？`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: '确定登记' }).click();
    await page.getByTestId('enrolled').getByRole('link', { name: '查看 孙小雨 的登记信息' }).click();
    const facts = page.getByTestId('person-facts');
    await facts.waitFor();
    expect(await facts.textContent()).toContain('孙丽娟');
    // no phone for a child: nothing offers one
    expect(await page.getByRole('heading', { name: /登记手机号/ }).count()).toBe(0);
  });

  it('a parent enters their own details and registers their child, and sees the guardian’s consent among theirs', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT);
    await page.getByRole('region', { name: '我的社区' }).getByRole('link', { name: '我的登记信息' }).click();
    await page.waitForURL('**/c/nanhu/my/profile');
    await expect.poll(() => page.title()).toBe('我的登记信息 · 微益');
    const mine = page.getByTestId('my-profile');
    await mine.getByText('您还没有登记信息。').waitFor();
    await mine.getByRole('textbox', { name: /^出生年份/ }).fill('1958');
    await pickAddress(page, '5栋301');
    await mine.getByLabel('老年人').check();
    await mine.getByRole('button', { name: '保存' }).click();
    await mine.getByText('已保存您的登记信息。').waitFor();

    const children = page.getByTestId('my-children');
    const year = new Date().getFullYear() - 8;
    await children.getByLabel('孩子的姓名').fill('赵小北');
    await children.getByRole('textbox', { name: /^出生年份/ }).fill(String(year));
    await children.getByRole('button', { name: '登记孩子' }).click();
    await children.getByText(`登记您的孩子 赵小北（${year} 年出生）：您作为监护人，同意社区登记孩子的姓名、出生年份和服务对象。`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await children.getByRole('button', { name: '确定登记' }).click();
    await children.getByText('已登记 赵小北。').waitFor();
    await children.getByRole('listitem').filter({ hasText: '赵小北' }).waitFor();
    await elderMode(page, true);
    await expectElderPage(page, 'my register entry');
    await screenshot(page, 'my-profile-elder');
    await elderMode(page, false);

    await page.goto('/c/nanhu/my/consents');
    const consent = page.getByTestId('consent').filter({ hasText: '赵小北' });
    await consent.waitFor();
    expect(await consent.textContent()).toContain('监护人 赵德明 代为登记和办理');
    expect(await consent.getAttribute('data-state')).toBe('active');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'my-consents-phone');

    // staff see the child in the register, in the parent's household, with the parent as guardian
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/people');
    await staff.getByLabel('搜索姓名或手机号').fill('赵小北');
    await staff.getByTestId('person-row').filter({ hasText: '赵小北' }).click();
    const facts = staff.getByTestId('person-facts');
    await facts.waitFor();
    expect(await facts.textContent()).toContain('赵德明');
    expect(await facts.textContent()).toContain('未满 14 岁');
  });
});
