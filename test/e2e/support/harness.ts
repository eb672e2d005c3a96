import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Config } from '../../../src/platform/config.ts';
import type { ModuleDefinition } from '../../../src/platform/module.ts';
import { seedDemo } from '../../../src/seed.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

export const SCREENSHOTS = path.resolve('test/.artifacts/screenshots');
export const PHONE = { width: 375, height: 812 };
export const TABLET = { width: 1024, height: 768 };
export const DEMO_PASSWORD = 'weiyi2026';

/** Whether this machine can run the browser tests (global setup decides). */
export const browserPath = inject('e2eBrowser');

export interface Harness {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (cookies, localStorage) at phone size unless told otherwise. */
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh seeded database, listening on a free port, plus a headless Chromium;
 * `config` for outside services (a fake WeChat), `modules` for the platform's test module.
 */
export async function startHarness(options: { config?: Partial<Config>; modules?: readonly ModuleDefinition[] } = {}): Promise<Harness> {
  const app = await createTestApp({ serveWeb: true, ...options });
  await seedDemo(app.deps);
  const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const contexts: BrowserContext[] = [];
  return {
    app,
    baseUrl: address,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: address,
        viewport: options.viewport ?? PHONE,
        locale: options.locale ?? 'zh-CN',
        deviceScaleFactor: 1,
      });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.close();
    },
  };
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/**
 * What 长辈版 promises, measured on the page as it is now: text ≥ 18 px, line height ≥ 1.3, tap targets
 * ≥ 60 px (checkboxes and radio buttons aside), main actions ≥ 60 px tall with 30 px text; and nothing wider than the screen.
 */
export async function elderMetrics(page: Page) {
  return page.evaluate(() => {
    const px = (v: string) => parseFloat(v);
    const body = getComputedStyle(document.body);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const texts = [...document.querySelectorAll('main p, main span, main label, main li, main a, main button')].filter(visible);
    const targets = [...document.querySelectorAll('a, button, input, select, textarea')]
      .filter(visible)
      // a checkbox or radio button sits in its label, which is the 60 px target
      .filter((el) => !el.classList.contains('skip') && !['checkbox', 'radio'].includes((el as HTMLInputElement).type));
    const primary = [...document.querySelectorAll('main .btn-primary')].filter(visible);
    return {
      elder: document.documentElement.classList.contains('elder'),
      bodyFont: px(body.fontSize),
      bodyLineHeight: px(body.lineHeight) / px(body.fontSize),
      smallestText: Math.min(...texts.map((el) => px(getComputedStyle(el).fontSize))),
      smallTargets: targets.filter((el) => el.getBoundingClientRect().height < 60).map((el) => el.outerHTML.slice(0, 80)),
      primary: primary.map((el) => ({ height: el.getBoundingClientRect().height, font: px(getComputedStyle(el).fontSize) })),
      overflowX: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

export async function screenshot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Logs in through the login form with the demo password. */
export async function loginWithPassword(page: Page, phone: string, next = '/me') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/手机号|Mobile number/).fill(phone);
  await page.getByLabel(/^(密码|Password)$/).fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === next);
}

/** The 长辈版 page as elders need it: large text and targets, a main button they cannot miss, no sideways scroll, axe clean. */
export async function expectElderPage(page: Page, what: string) {
  const m = await elderMetrics(page);
  expect(m.elder, what).toBe(true);
  expect(m.smallestText, what).toBeGreaterThanOrEqual(18);
  expect(m.smallTargets, what).toEqual([]);
  for (const p of m.primary) {
    expect(p.height, what).toBeGreaterThanOrEqual(60);
    expect(p.font, what).toBeGreaterThanOrEqual(30);
  }
  expect(m.overflowX, what).toBeLessThanOrEqual(0);
  expect(await axeViolations(page), what).toEqual([]);
}
