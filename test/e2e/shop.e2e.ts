import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { axeViolations, browserPath, DEMO_PASSWORD, loginWithPassword, screenshot, startHarness, TABLET, type Harness } from './support/harness.ts';

const MARKET = '/api/v1/communities/nanhu/market';

describe.skipIf(!browserPath)('shop: store, product, checkout, kiosk, counter', () => {
  let h: Harness;
  let listingId = 0;
  let listingCode = '';

  beforeAll(async () => {
    h = await startHarness();
    const staff = new Client(h.app.app);
    await staff.login('13800000001', DEMO_PASSWORD);
    expect((await staff.get(`${MARKET}/categories`)).status).toBe(200);
    // The canonical ¥150 item: ¥120 to the maker, ¥30 to the fund, listed by staff for an elderly maker.
    const key = () => ({ idempotencyKey: crypto.randomUUID() });
    const maker = await staff.post<{ id: number }>(`${MARKET}/makers`, { kind: 'person', name: '何阿婆', consentNote: '签字同意书 2026-021' });
    expect(maker.status, maker.text).toBe(201);
    const listing = await staff.post<{ id: number; code: string }>(`${MARKET}/listings`, {
      makerId: maker.body.id,
      kind: 'good',
      title: '手工竹编果篮',
      description: '何阿婆用本地慈竹编的果篮，约 30 厘米。',
      category: '手工编织',
      makerTakeFen: 12_000,
      marginFen: 3_000,
      consentNote: '签字同意书 2026-021',
    });
    expect(listing.status, listing.text).toBe(201);
    listingId = listing.body.id;
    listingCode = listing.body.code;
    const submitted = await staff.post(`${MARKET}/listings/${listingId}/state`, { action: 'submit' });
    expect(submitted.status, submitted.text).toBe(200);
    const approved = await staff.post(`${MARKET}/listings/${listingId}/review`, { decision: 'approve' });
    expect(approved.status, approved.text).toBe(200);
    const intake = await staff.post(`${MARKET}/listings/${listingId}/intake`, { quantity: 6, condition: '完好' }, key());
    expect([200, 201], intake.text).toContain(intake.status);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a resident finds the item, sees ¥120 给手艺人 / ¥30 进社区公益基金, and checks out paying online', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, '13800000021', '/c/nanhu/shop');
    await page.getByRole('button', { name: /手工编织/ }).click();
    const card = page.getByTestId('product-card').filter({ hasText: '手工竹编果篮' });
    await card.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'store-phone');
    await card.click();
    await expect.poll(() => page.getByTestId('price').textContent()).toBe('¥150.00');
    expect(await page.getByTestId('split').textContent()).toBe('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'product-phone');
    await page.getByTestId('add-to-cart').click();
    await page.getByRole('link', { name: '去结算' }).click();
    await page.getByTestId('cart-line').waitFor();
    await page.getByLabel('现在在线支付').check();
    await page.getByTestId('checkout').click();
    await page.waitForURL('**/c/nanhu/orders?placed=*');
    const order = page.getByTestId('order').first();
    await expect.poll(() => order.textContent()).toContain('已付款');
    expect(await order.textContent()).toContain('¥30.00 进社区公益基金');
  });

  it('the ¥150 case: a kiosk order paid in cash at the counter shows on the fund page as +¥30', async () => {
    const { page } = await h.newPage({ viewport: TABLET });
    await loginWithPassword(page, '13800000004', '/c/nanhu/kiosk');
    await page.getByTestId('kiosk-start').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await screenshot(page, 'kiosk-idle-tablet', false);
    await page.getByTestId('kiosk-start').click();
    await page.getByTestId('kiosk-tile').filter({ hasText: '手工竹编果篮' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-tablet', false);
    await page.getByTestId('kiosk-order').click();
    const number = (await page.getByTestId('kiosk-order-number').textContent())?.trim() ?? '';
    expect(number).not.toBe('');
    expect(await page.getByRole('status').textContent()).toContain('请到收银台付款 ¥150.00');
    await screenshot(page, 'kiosk-order-number-tablet', false);

    await page.goto('/c/nanhu/counter');
    await page.getByRole('button', { name: '取货' }).click();
    await page.getByTestId('order-number').fill(number);
    const pending = page.getByTestId('collect-order').filter({ hasText: number });
    await pending.getByRole('button', { name: '收现金 ¥150.00 并交货' }).click();
    const receipt = page.getByTestId('receipt');
    await expect.poll(() => receipt.textContent()).toContain('¥120.00 给手艺人 / ¥30.00 进社区公益基金');
    expect(await page.getByTestId('receipt-total').textContent()).toBe('¥150.00');

    await page.goto('/c/nanhu/fund');
    const sale = page.getByTestId('entry').first();
    await sale.waitFor();
    expect(await sale.textContent()).toContain('销售');
    expect(await sale.textContent()).toContain('+¥30.00');
  });

  it('the counter sells by scanned code, shows the change, prints a receipt with the split, and cashes up', async () => {
    const { page } = await h.newPage({ viewport: TABLET });
    await loginWithPassword(page, '13800000004', '/c/nanhu/counter');
    await page.getByTestId('counter-search').fill(listingCode);
    await page.getByTestId('counter-search').press('Enter');
    await page.getByTestId('ticket-line').waitFor();
    await page.getByRole('button', { name: '增加一件' }).click();
    await expect.poll(() => page.getByTestId('ticket-total').textContent()).toBe('¥300.00');
    await page.getByTestId('tendered').fill('500');
    expect(await page.getByTestId('change').textContent()).toContain('¥200.00');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'counter-tablet', false);
    await page.getByTestId('charge').click();
    const receipt = page.getByTestId('receipt');
    await expect.poll(() => receipt.textContent()).toContain('¥240.00 给手艺人 / ¥60.00 进社区公益基金');
    expect(await receipt.textContent()).toContain('找零 ¥200.00');
    await screenshot(page, 'receipt-tablet', false);
    // The print stylesheet shows only the receipt.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
    expect(await receipt.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    await page.emulateMedia({ media: 'screen' });

    await page.getByTestId('next-sale').click();
    await page.getByRole('button', { name: '日结' }).click();
    await page.getByLabel('实点现金（元）').fill('440');
    await page.getByRole('button', { name: '签字日结' }).click();
    await expect.poll(() => page.getByTestId('variance').textContent()).toMatch(/¥/);
  });
});
