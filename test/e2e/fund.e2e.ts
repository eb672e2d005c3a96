import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { axeViolations, browserPath, DEMO_PASSWORD, SCREENSHOTS, screenshot, startHarness, type Harness } from './support/harness.ts';

const FUND = '/api/v1/communities/nanhu/fund';

describe.skipIf(!browserPath)('fund page', () => {
  let h: Harness;
  let demoEntries = 0;
  beforeAll(async () => {
    h = await startHarness();
    // On top of whatever history the demo seed carries: two incomes posted by staff and a mistake, corrected with four eyes.
    const staff = new Client(h.app.app);
    await staff.login('13800000001', DEMO_PASSWORD);
    demoEntries = ((await staff.get<{ head: { seq: number } }>(`${FUND}/summary`)).body.head.seq as number) ?? 0;
    const income = (body: object) => staff.post<{ seq: number }>(`${FUND}/income`, body, { idempotencyKey: crypto.randomUUID() });
    const tuition = await income({
      channel: 'tuition',
      amountFen: 400_000,
      receivedInto: 'bank',
      memo: '书法班学费捐赠（25元招收书法徒儿）',
      payer: { name: '陈思远', isPerson: true, showName: false },
    });
    expect(tuition.status).toBe(201);
    const mistake = await income({ channel: 'donation', amountFen: 50_000, receivedInto: 'cash', memo: '捐赠（金额录错）', payer: null });
    expect(mistake.status).toBe(201);
    // Staff propose the correction; a supervisor who did not propose it approves, which posts the reversal.
    const proposed = await staff.post<{ id: number }>(
      `${FUND}/corrections`,
      { seq: mistake.body.seq, note: '金额应为 ¥50.00，已重新登记' },
      { idempotencyKey: crypto.randomUUID() },
    );
    expect(proposed.status).toBe(201);
    const supervisor = new Client(h.app.app);
    await supervisor.login('13800000002', DEMO_PASSWORD);
    const approved = await supervisor.post<{ status: string }>(`${FUND}/corrections/${proposed.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect((await income({ channel: 'donation', amountFen: 5_000, receivedInto: 'cash', memo: '捐赠', payer: null })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the balance, charts and every entry newest first, with masked names and correction notes, without logging in', async () => {
    const { page } = await h.newPage();
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('fund-balance').waitFor();
    const summary = (await (await page.request.get(`${FUND}/summary`)).json()) as { balanceFen: number };
    const shown = await page.getByTestId('fund-balance').textContent();
    expect(shown).toBe(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(summary.balanceFen / 100));
    await page.getByRole('button', { name: '本年' }).click();
    expect(await page.getByRole('figure').filter({ hasText: '收入来源' }).textContent()).toContain('学费捐赠');
    const entries = page.getByTestId('entry');
    await entries.first().waitFor();
    expect(await entries.first().textContent()).toContain('+¥50.00');
    const tuition = entries.filter({ hasText: '书法班学费捐赠' });
    expect(await tuition.textContent()).toContain('+¥4,000.00');
    expect(await tuition.textContent()).toContain('陈*远');
    expect(await tuition.textContent()).not.toContain('陈思远');
    expect(await entries.filter({ hasText: '金额应为 ¥50.00' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'PDF' }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fund-phone', false);
    await page.getByRole('region', { name: '收入与使用' }).screenshot({ path: `${SCREENSHOTS}/fund-charts-phone.png` });
  });

  it('filters entries by channel', async () => {
    const { page } = await h.newPage();
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('entry').first().waitFor();
    await page.getByRole('combobox', { name: '收入来源' }).selectOption('income:tuition');
    // Only tuition entries remain (the demo history may hold others besides ours).
    await expect.poll(async () => (await page.getByTestId('entry').allTextContents()).every((text) => text.includes('学费捐赠'))).toBe(true);
    const texts = await page.getByTestId('entry').allTextContents();
    expect(texts.some((text) => text.includes('书法班学费捐赠'))).toBe(true);
    expect(texts.some((text) => text.includes('金额录错'))).toBe(false);
  });

  it('verifies the whole chain in the browser and says what it checked', async () => {
    const { page } = await h.newPage();
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('verify').click();
    const result = page.getByTestId('verify-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/已核验 [\d,]+ 笔分录，哈希链完整，余额一致/);
    const total = demoEntries + 4;
    expect(await result.textContent()).toContain(`已核验 ${total.toLocaleString('zh-CN')} 笔分录`);
    await screenshot(page, 'fund-verified-phone', false);
  });

  it('opens an entry’s source from the fund page: the shop order with its split, its entries, no buyer; fits 375 px and 长辈版', async () => {
    const { page } = await h.newPage();
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('entry').first().waitFor();
    await page.getByRole('combobox', { name: '类型' }).selectOption('sale');
    const link = page.locator('[data-testid="entry-source"][href*="/fund/source/market_order/"]').first();
    await link.waitFor();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL(`**${href}`);
    const label = page.getByTestId('source-label');
    await label.waitFor();
    expect(await label.textContent()).toMatch(/^微益\+ 订单 \d+$/);
    expect(await page.getByRole('heading', { name: '页面不存在' }).count()).toBe(0);
    const detail = await page.getByTestId('source-detail').textContent();
    expect(detail).toContain('给手艺人');
    expect(detail).toContain('进社区公益基金');
    expect(detail).toContain('门店收银');
    expect(await page.getByTestId('entry').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('entry').first().textContent()).toContain('销售');
    expect(await page.getByRole('table').first().isVisible()).toBe(true); // the postings, open
    expect(await page.getByRole('link', { name: /返回基金公示/ }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fund-source-phone');

    await page.getByTestId('elder-toggle').click();
    const smallest = await page.evaluate(() =>
      Math.min(
        ...[...document.querySelectorAll('main p, main span, main li, main a, main dt, main dd, main h1')].map((el) =>
          parseFloat(getComputedStyle(el).fontSize),
        ),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(18);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fund-source-elder-phone');

    await page
      .getByRole('link', { name: /返回基金公示/ })
      .first()
      .click();
    await page.getByTestId('fund-balance').waitFor();
  });

  it('in 长辈版 the fund page keeps big text and no serious accessibility problem', async () => {
    const { page } = await h.newPage();
    await page.goto('/c/nanhu/fund');
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('entry').first().waitFor();
    const smallest = await page.evaluate(() =>
      Math.min(
        ...[...document.querySelectorAll('main p, main span, main li, main button, main a, main td')].map((el) => parseFloat(getComputedStyle(el).fontSize)),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(18);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fund-elder-phone');
  });
});
