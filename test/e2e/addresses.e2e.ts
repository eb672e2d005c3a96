import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserPath, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// The address book driven as staff would: the demo's estates (南湖小区 12 buildings and 南坪花园 4,
// two entrances of seven or six floors, two flats a landing), a building added by floors with its
// preview, added again, found through the address picker, a flat retired after confirming in place,
// in English and in 长辈版 at phone size; and kept from residents.

const STAFF = '13800000001';
const RESIDENT = '13800000021'; // 赵德明

describe.skipIf(!browserPath)('addresses', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const estate = (page: Page, name: string) => page.getByTestId('estate').filter({ hasText: name });
  const building = (page: Page) => page.getByTestId('building');
  const listed = (page: Page) => building(page).getByTestId('address');
  const labels = async (page: Page) => (await listed(page).locator('.address-label').allTextContents()).map((s) => s.trim());

  it('staff see the estates, add a building by floors, find a flat and retire it after confirming', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu');
    await page.getByRole('link', { name: /地址簿/ }).click();
    await page.waitForURL('**/c/nanhu/addresses');

    // The demo's estates, each with its buildings and how many flats are in use.
    await expect.poll(() => page.getByTestId('estate').count()).toBe(2);
    expect(await estate(page, '南湖小区').textContent()).toContain('共 336 套');
    expect(await estate(page, '南坪花园').textContent()).toContain('共 96 套');
    const nanhuBuildings = page.getByRole('group', { name: '南湖小区的楼栋' });
    expect(await nanhuBuildings.getByRole('button').count()).toBe(12);
    await nanhuBuildings.getByRole('button', { name: '3栋 · 28 套' }).click();
    await expect.poll(() => listed(page).count()).toBe(28);
    expect((await labels(page))[0]).toBe('南湖小区3栋1单元101');
    expect(await axeViolations(page)).toEqual([]);

    // A new building, numbered by floor: the preview says what will be added before anything is sent.
    const form = page.getByTestId('add-building');
    const preview = page.getByTestId('add-preview');
    await form.getByLabel('小区').fill('南湖小区');
    await form.getByLabel('楼栋').fill('13栋');
    await form.getByLabel('从几楼').fill('5');
    await form.getByLabel('到几楼').fill('4');
    expect(await preview.textContent()).toBe('“从几楼”不能比“到几楼”高。');
    await form.getByLabel('到几楼').fill('10');
    expect(await preview.textContent()).toBe('将添加 12 套：501 502 601 602 701 702 … 1001 1002');
    await screenshot(page, 'addresses-phone');
    await form.getByRole('button', { name: '添加到地址簿' }).click();
    await form.getByRole('status').filter({ hasText: '已添加 12 套，0 套原来就有。' }).waitFor();
    // The new building is listed, and counted in its estate.
    await expect.poll(() => building(page).getByRole('heading').textContent()).toBe('南湖小区13栋');
    await expect
      .poll(() => labels(page))
      .toEqual(['501', '502', '601', '602', '701', '702', '801', '802', '901', '902', '1001', '1002'].map((r) => `南湖小区13栋${r}`));
    await expect.poll(() => estate(page, '南湖小区').textContent()).toContain('共 348 套');
    expect(await nanhuBuildings.getByRole('button', { name: '13栋 · 12 套' }).getAttribute('aria-pressed')).toBe('true');

    // Again: nothing is added twice.
    await form.getByRole('button', { name: '添加到地址簿' }).click();
    await form.getByRole('status').filter({ hasText: '已添加 0 套，12 套原来就有。' }).waitFor();
    await expect.poll(() => labels(page)).toHaveLength(12);

    // A list of rooms, one a line or comma-separated, for a building with an entrance.
    await form.getByRole('button', { name: '逐个列出' }).click();
    await form.getByLabel('单元（没有可不填）').fill('1单元');
    await form.getByLabel('门牌号').fill('门面1\n101，102, 101');
    expect(await preview.textContent()).toBe('将添加 3 套：门面1 101 102');
    await form.getByRole('button', { name: '添加到地址簿' }).click();
    await form.getByRole('status').filter({ hasText: '已添加 3 套，0 套原来就有。' }).waitFor();
    await expect.poll(() => listed(page).count()).toBe(15);

    // Found by part of the address, through the address picker; then step by step.
    const picker = page.getByTestId('address-picker');
    await picker.getByLabel('搜索地址').fill('13栋50');
    const results = picker.getByTestId('picker-result');
    await expect.poll(() => results.allTextContents()).toEqual(['南湖小区13栋501', '南湖小区13栋502']);
    await picker.getByLabel('搜索地址').fill('南坪花园4栋2单元60');
    await expect.poll(() => results.allTextContents()).toEqual(['南坪花园4栋2单元601', '南坪花园4栋2单元602']);
    await results.filter({ hasText: '602' }).click();
    await expect.poll(() => page.getByTestId('found').textContent()).toContain('南坪花园4栋2单元602');
    await picker.getByLabel('搜索地址').fill('没有这个地址');
    await picker.getByText('没有找到这个地址。').waitFor();
    await picker.getByLabel('小区').selectOption('南湖小区');
    await picker.getByLabel('楼栋').selectOption('13栋');
    await picker.getByLabel('门牌').selectOption({ label: '1单元门面1' });
    await expect.poll(() => page.getByTestId('found').textContent()).toContain('南湖小区13栋1单元门面1');

    // Retired after confirming in place: gone from the list, back, struck through and marked, when asked for.
    const flat = listed(page).filter({ hasText: '南湖小区13栋501' });
    await flat.getByRole('button', { name: '停用 南湖小区13栋501' }).click();
    const confirm = flat.getByRole('group', { name: '停用 南湖小区13栋501' });
    expect(await confirm.textContent()).toContain('停用“南湖小区13栋501”吗？');
    await confirm.getByRole('button', { name: '取消' }).click();
    expect(await confirm.count()).toBe(0);
    await flat.getByRole('button', { name: '停用 南湖小区13栋501' }).click();
    await confirm.getByRole('button', { name: '确定停用' }).click();
    await building(page).getByRole('status').filter({ hasText: '已停用“南湖小区13栋501”。' }).waitFor();
    await expect.poll(() => listed(page).count()).toBe(14);
    expect(await labels(page)).not.toContain('南湖小区13栋501');
    await expect.poll(() => nanhuBuildings.getByRole('button', { name: '13栋 · 14 套' }).count()).toBe(1);
    await building(page).getByLabel('显示已停用的地址').check();
    await expect.poll(() => listed(page).count()).toBe(15);
    const retired = listed(page).filter({ hasText: '南湖小区13栋501' });
    expect(await retired.getAttribute('data-retired')).toBe('true');
    expect(await retired.textContent()).toContain('已停用');
    expect(await retired.locator('.address-label').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await retired.getByRole('button').count()).toBe(0);
    // The picker offers it to staff, marked.
    await picker.getByLabel('搜索地址').fill('13栋501');
    await expect.poll(() => results.allTextContents()).toEqual(['南湖小区13栋501已停用']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'addresses-retired-phone');
  });

  it('speaks English when chosen, errors from the server included', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu/addresses');
    await page.getByTestId('language-toggle').click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Address book');
    await page.getByRole('group', { name: 'Buildings of 南坪花园' }).getByRole('button', { name: '1栋 · 24' }).click();
    await expect.poll(() => listed(page).count()).toBe(24);
    const form = page.getByTestId('add-building');
    await form.getByLabel('From floor').fill('3');
    await form.getByLabel('To floor').fill('1');
    expect(await page.getByTestId('add-preview').textContent()).toBe('“From floor” cannot be above “To floor”.');
    // No key shows instead of its words.
    expect(await page.locator('main').textContent()).not.toMatch(/\b(book|add|picker|sections|common)\.[a-zA-Z]/);

    // Someone else retires a flat while it is on screen: the server's refusal shows in English, in place.
    const flat = listed(page).filter({ hasText: '南坪花园1栋1单元101' });
    const id = await page.evaluate(async () => {
      const csrf = /(?:^|;\s*)weiyi_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const base = '/api/v1/communities/nanhu/addresses';
      const found = (await (await fetch(`${base}?q=${encodeURIComponent('南坪花园1栋1单元101')}`)).json()) as { addresses: { id: number }[] };
      const one = found.addresses[0]!.id;
      await fetch(`${base}/${one}/retire`, { method: 'POST', headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
      return one;
    });
    expect(id).toBeGreaterThan(0);
    await flat.getByRole('button', { name: 'Retire 南坪花园1栋1单元101' }).click();
    await flat.getByRole('button', { name: 'Retire it' }).click();
    await expect.poll(() => flat.getByRole('alert').textContent()).toBe('This cannot be done while it is retired');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'addresses-english-phone');
  });

  it('fits a phone in 长辈版', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, STAFF, '/c/nanhu/addresses');
    await page.getByTestId('elder-toggle').click();
    await page.getByRole('group', { name: '南湖小区的楼栋' }).getByRole('button', { name: '12栋 · 28 套' }).click();
    await expect.poll(() => listed(page).count()).toBe(28);
    const flat = listed(page).first();
    await flat.getByRole('button', { name: /^停用/ }).click();
    await page.getByTestId('add-building').getByLabel('到几楼').fill('6');
    await page.getByTestId('address-picker').getByLabel('搜索地址').fill('12栋2单元70');
    await expect.poll(() => page.getByTestId('picker-result').count()).toBe(2);
    await expectElderPage(page, 'address book');
    await screenshot(page, 'addresses-elder-phone');
  });

  it('keeps the address book from residents', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, RESIDENT, '/c/nanhu');
    await page.getByTestId('community-name').waitFor();
    expect(await page.getByRole('link', { name: /地址簿/ }).count()).toBe(0);
    await page.goto('/c/nanhu/addresses');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('地址簿由社区工作人员维护，您没有权限打开这一页。');
    expect(await page.getByTestId('add-building').count()).toBe(0);
  });
});
