import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserPath, DEMO_PASSWORD, elderMetrics, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

describe.skipIf(!browserPath)('web shell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a new resident proves their number with a code, registers and lands on the community home with the resident role', async () => {
    const { page } = await h.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: /南湖社区/ }).click();
    await page.getByRole('link', { name: '注册并加入本社区' }).click();
    await expect.poll(() => page.title()).toBe('注册账号 · 微益');
    expect(await axeViolations(page)).toEqual([]);
    // the number first: nothing else is asked until a code has gone to it
    expect(await page.getByLabel('姓名').count()).toBe(0);
    await page.getByLabel('手机号').fill('13912345678');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('验证码已发送');
    // the button waits the minute the server waits before another code
    await expect.poll(() => page.getByRole('button', { name: /秒后可重新发送/ }).isDisabled()).toBe(true);
    await page.getByLabel('6 位验证码').fill('000000');
    await page.getByLabel('姓名').fill('钱秀芳');
    await page.getByLabel('密码').fill('lotus-2026');
    await page.getByRole('button', { name: '注册并加入' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('验证码不正确');
    // a wrong guess is counted (five at most); the code read from the message still works
    const code = h.app.sms.lastCodeFor('13912345678');
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('6 位验证码').fill(code ?? '');
    await screenshot(page, 'register-phone');
    await page.getByRole('button', { name: '注册并加入' }).click();
    await page.waitForURL('**/c/nanhu');
    await expect.poll(() => page.getByTestId('community-name').textContent()).toBe('南湖社区');
    await expect.poll(() => page.getByTestId('my-roles').textContent()).toContain('居民');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'community-home-phone');
  });

  it('logs in with a password and shows my communities and roles', async () => {
    const { page } = await h.newPage();
    await page.goto('/login');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('手机号').fill('13800000021');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/密码/);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/me');
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('赵德明');
    const community = page.getByRole('link', { name: /南湖社区/ });
    expect(await community.textContent()).toContain('居民');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'account-phone');
  });

  it('logs in with a one-time code sent by text message', async () => {
    const { page } = await h.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: '验证码登录' }).click();
    await page.getByLabel('手机号').fill('13800000022');
    await page.getByRole('button', { name: '发送验证码' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('验证码已发送');
    const code = h.app.sms.lastCodeFor('13800000022');
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('6 位验证码').fill(code ?? '');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/me');
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('孙丽娟');
  });

  it('长辈版 makes text, line height, main actions and tap targets big enough, and is remembered', async () => {
    const { page } = await h.newPage();
    await page.goto('/login');
    await page.getByTestId('elder-toggle').click();
    await page.reload();
    for (const path of ['/login', '/c/nanhu', '/register']) {
      await page.goto(path);
      await page.locator('main h1').waitFor();
      const m = await elderMetrics(page);
      expect(m.elder, path).toBe(true);
      expect(m.bodyFont, path).toBeGreaterThanOrEqual(18);
      expect(m.bodyLineHeight, path).toBeGreaterThanOrEqual(1.3);
      expect(m.smallestText, path).toBeGreaterThanOrEqual(18);
      expect(m.smallTargets, path).toEqual([]);
      expect(m.primary.length, path).toBeGreaterThan(0);
      for (const p of m.primary) {
        expect(p.height, path).toBeGreaterThanOrEqual(60);
        expect(p.font, path).toBeGreaterThanOrEqual(30);
      }
      // axe's color-contrast rule is among those checked: 4.5:1 for normal text.
      expect(await axeViolations(page), path).toEqual([]);
      await screenshot(page, `elder${path.replace(/\//g, '-')}`);
    }
  });

  it('switches to English, and the server answers errors in English too', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/');
    await page.getByTestId('language-toggle').click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Choose your community');
    expect((await context.cookies()).find((c) => c.name === 'weiyi_lang')?.value).toBe('en');
    await page.goto('/login');
    expect(await page.locator('main h1').textContent()).toBe('Log in');
    await page.getByLabel('Mobile number').fill('13800000021');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/[Pp]assword/);
    expect(await page.getByRole('alert').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-en-phone');
  });

  it('staff find a member and grant a role; residents are registered in the resident register', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, '13800000001', '/c/nanhu/members');
    await page.getByLabel('搜索姓名或手机号').fill('赵德明');
    const member = page.getByTestId('member').filter({ hasText: '赵德明' });
    await member.waitFor();
    const volunteer = member.getByRole('button', { name: '志愿者' });
    expect(await volunteer.getAttribute('aria-pressed')).toBe('false');
    await volunteer.click();
    await expect.poll(() => volunteer.getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('搜索姓名或手机号').fill('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'members-phone');
    const register = page.getByRole('region', { name: '登记居民' });
    await register.getByRole('link', { name: '登记居民' }).click();
    await page.waitForURL('**/c/nanhu/people/enrol');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('登记居民');
    await expect.poll(() => page.title()).toBe('登记居民 · 微益');
  });
});
