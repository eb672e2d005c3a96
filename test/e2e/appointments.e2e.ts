import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserPath, expectElderPage, loginWithPassword, screenshot, startHarness, type Harness } from './support/harness.ts';

// Appointing a supervisor (居务监督) driven as people would: staff propose a resident from the members
// page and are told it waits for someone else; a supervisor confirms it on the appointments page, after
// confirming in place; the resident is then a supervisor. Refusals show next to the member they concern;
// a proposal refused by one supervisor, another withdrawn by staff; 长辈版 at phone size; a platform admin who is
// not a member confirms one; kept from residents.
// This file's harness has its own demo database: 赵德明 becomes a supervisor here and nowhere else.

const STAFF = '13800000001'; // 李文华
const SUPERVISOR = '13800000002'; // 王建国
const SUPERVISOR2 = '13800000003'; // 陈秀英
const RESIDENT = '13800000021'; // 赵德明, proposed and confirmed
const RESIDENT2 = '13800000022'; // 孙丽娟, proposed, refused, proposed again, withdrawn

describe.skipIf(!browserPath)('appointments', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const member = (page: Page, name: string) => page.getByTestId('member').filter({ hasText: name });
  const appointment = (page: Page, name: string) => page.getByTestId('appointment').filter({ hasText: name });
  const roleChip = (page: Page, name: string, role: string) => member(page, name).getByRole('button', { name: role, exact: true });

  async function findMember(page: Page, phone: string, name: string) {
    await page.getByLabel('搜索姓名或手机号').fill(phone);
    await expect.poll(() => page.getByTestId('member').count()).toBe(1);
    await member(page, name).waitFor();
  }

  it('staff propose a resident as supervisor; it is not granted until another supervisor confirms it', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu');
    await staff.getByRole('link', { name: /成员与角色/ }).click();
    await staff.waitForURL('**/c/nanhu/members');
    await findMember(staff, RESIDENT, '赵德明');
    await roleChip(staff, '赵德明', '居务监督').click();

    // A proposal, said next to the member: the chip stays off, the card shows it waiting.
    const card = member(staff, '赵德明');
    await expect.poll(() => card.getByRole('status').textContent()).toBe('已提名 赵德明 为居务监督，等平台管理员或另一名居务监督确认查看待确认的任命');
    expect(await card.getByRole('status').getByRole('link').textContent()).toBe('查看待确认的任命');
    expect(await roleChip(staff, '赵德明', '居务监督').getAttribute('aria-pressed')).toBe('false');
    expect(await card.getByTestId('pending-role').textContent()).toBe('居务监督（待确认）');
    expect(await axeViolations(staff)).toEqual([]);
    await screenshot(staff, 'appointments-proposed-phone');
    // Still waiting after a reload: the tag comes from the server's pending proposals.
    await staff.reload();
    await findMember(staff, RESIDENT, '赵德明');
    await expect.poll(() => member(staff, '赵德明').getByTestId('pending-role').textContent()).toBe('居务监督（待确认）');
    expect(await roleChip(staff, '赵德明', '居务监督').getAttribute('aria-pressed')).toBe('false');

    // Staff see it on the appointments page, may withdraw it but not confirm it.
    await staff.goto('/c/nanhu/appointments');
    const proposal = appointment(staff, '赵德明');
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('李文华 提名');
    expect(await proposal.getByRole('button', { name: '撤回提名' }).count()).toBe(1);
    expect(await proposal.getByRole('button', { name: '确认任命' }).count()).toBe(0);
    expect(await staff.getByTestId('four-eyes').textContent()).toContain('监督工作的人不由被监督的人任命');

    // A supervisor confirms it, after saying so again in place.
    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/c/nanhu');
    await supervisor.getByRole('link', { name: /居务监督任命/ }).click();
    await supervisor.waitForURL('**/c/nanhu/appointments');
    const pending = appointment(supervisor, '赵德明');
    await pending.waitFor();
    expect(await pending.getByRole('button', { name: '撤回提名' }).count()).toBe(0);
    await pending.getByRole('button', { name: '确认任命' }).click();
    const ask = pending.getByRole('group', { name: '确认任命' });
    expect(await ask.textContent()).toContain('确认任命 赵德明 为居务监督吗？');
    await ask.getByRole('button', { name: '取消' }).click();
    expect(await ask.count()).toBe(0);
    await pending.getByRole('button', { name: '确认任命' }).click();
    expect(await axeViolations(supervisor)).toEqual([]);
    await screenshot(supervisor, 'appointments-confirm-phone');
    await ask.getByRole('button', { name: '确定任命' }).click();
    await supervisor.getByRole('status').filter({ hasText: '已确认：赵德明 现在是居务监督。' }).waitFor();
    await expect.poll(() => appointment(supervisor, '赵德明').count()).toBe(0);
    // Among the decided ones, with who decided.
    await supervisor.getByRole('button', { name: '已处理' }).click();
    const decided = appointment(supervisor, '赵德明');
    await decided.waitFor();
    expect(await decided.getAttribute('data-state')).toBe('confirmed');
    expect(await decided.getByTestId('decided-by').textContent()).toContain('王建国 已确认');
    expect(await decided.getByRole('button').count()).toBe(0);
    await screenshot(supervisor, 'appointments-decided-phone');

    // The resident is now a supervisor on the members page; staff cannot remove them, and are told so there.
    await staff.goto('/c/nanhu/members');
    await findMember(staff, RESIDENT, '赵德明');
    await expect.poll(() => roleChip(staff, '赵德明', '居务监督').getAttribute('aria-pressed')).toBe('true');
    expect(await member(staff, '赵德明').getByTestId('pending-role').count()).toBe(0);
    await roleChip(staff, '赵德明', '居务监督').click();
    await expect.poll(() => member(staff, '赵德明').getByRole('alert').textContent()).toBe('只有平台管理员（街道）可以免去居务监督');
    expect(await roleChip(staff, '赵德明', '居务监督').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows a conflict next to the member: a supervisor cannot be made staff', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/members');
    await findMember(staff, SUPERVISOR2, '陈秀英');
    await roleChip(staff, '陈秀英', '社区工作人员').click();
    const card = member(staff, '陈秀英');
    await expect.poll(() => card.getByRole('alert').textContent()).toBe('同一个人不能既是社区工作人员又是居务监督：监督工作的人不做被监督的工作');
    expect(await roleChip(staff, '陈秀英', '社区工作人员').getAttribute('aria-pressed')).toBe('false');
    expect(await roleChip(staff, '陈秀英', '居务监督').getAttribute('aria-pressed')).toBe('true');
    expect(await axeViolations(staff)).toEqual([]);
    await screenshot(staff, 'appointments-conflict-phone');
  });

  it('a supervisor refuses a proposal; staff withdraw another; both are listed as decided', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/members');
    await findMember(staff, RESIDENT2, '孙丽娟');
    await roleChip(staff, '孙丽娟', '居务监督').click();
    await member(staff, '孙丽娟').getByTestId('pending-role').waitFor();

    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR2, '/c/nanhu/appointments');
    const proposal = appointment(supervisor, '孙丽娟');
    await proposal.getByRole('button', { name: '拒绝' }).click();
    await proposal.getByRole('group', { name: '拒绝' }).getByRole('button', { name: '确定拒绝' }).click();
    await supervisor.getByRole('status').filter({ hasText: '已拒绝对 孙丽娟 的提名。' }).waitFor();

    // Proposed again, then withdrawn by staff.
    await staff.reload();
    await findMember(staff, RESIDENT2, '孙丽娟');
    expect(await member(staff, '孙丽娟').getByTestId('pending-role').count()).toBe(0);
    await roleChip(staff, '孙丽娟', '居务监督').click();
    await member(staff, '孙丽娟').getByRole('link', { name: '查看待确认的任命' }).click();
    await staff.waitForURL('**/c/nanhu/appointments');
    const again = appointment(staff, '孙丽娟');
    await again.getByRole('button', { name: '撤回提名' }).click();
    await again.getByRole('group', { name: '撤回提名' }).getByRole('button', { name: '确定撤回' }).click();
    await staff.getByRole('status').filter({ hasText: '已撤回对 孙丽娟 的提名。' }).waitFor();
    await staff.getByText('没有待确认的提名。').waitFor();

    await staff.getByRole('button', { name: '已处理' }).click();
    await expect.poll(() => appointment(staff, '孙丽娟').count()).toBe(2);
    const states = await appointment(staff, '孙丽娟').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(states).toEqual(['withdrawn', 'refused']);
    expect(await appointment(staff, '孙丽娟').getByTestId('decided-by').allTextContents()).toEqual([
      expect.stringContaining('李文华 已撤回'),
      expect.stringContaining('陈秀英 已拒绝'),
    ]);
    // The tab is in the address: a reload stays on it.
    await staff.reload();
    await expect.poll(() => appointment(staff, '孙丽娟').count()).toBe(2);
  });

  it('fits a phone in 长辈版, and speaks English when chosen', async () => {
    const { page: staff } = await h.newPage();
    await loginWithPassword(staff, STAFF, '/c/nanhu/members');
    await staff.getByTestId('elder-toggle').click();
    await findMember(staff, '13800000014', '吴志强');
    await roleChip(staff, '吴志强', '居务监督').click();
    await member(staff, '吴志强').getByRole('status').waitFor();
    await expectElderPage(staff, 'members with a proposal');
    await screenshot(staff, 'appointments-proposed-elder-phone');

    const { page: supervisor } = await h.newPage();
    await loginWithPassword(supervisor, SUPERVISOR, '/c/nanhu/appointments');
    await supervisor.getByTestId('elder-toggle').click();
    const proposal = appointment(supervisor, '吴志强');
    await proposal.getByRole('button', { name: '确认任命' }).click();
    await proposal.getByRole('group', { name: '确认任命' }).waitFor();
    await expectElderPage(supervisor, 'appointments, confirming');
    await screenshot(supervisor, 'appointments-elder-phone');

    await supervisor.getByTestId('language-toggle').click();
    await expect.poll(() => supervisor.locator('main h1').textContent()).toBe('Appointing supervisors');
    await expect.poll(() => appointment(supervisor, '吴志强').textContent()).toContain('Proposed by 李文华');
    expect(await supervisor.locator('main').textContent()).not.toMatch(/\b(appointments|members|sections|common)\.[a-zA-Z]/);
    await expectElderPage(supervisor, 'appointments in English');
    await screenshot(supervisor, 'appointments-english-elder-phone');
  });

  it('a platform admin, not a member, sees the section and confirms the proposal left pending above', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, '13800000000', '/c/nanhu'); // 平台管理员
    await page.getByRole('link', { name: /居务监督任命/ }).click();
    await page.waitForURL('**/c/nanhu/appointments');
    const proposal = appointment(page, '吴志强');
    await proposal.getByRole('button', { name: '确认任命' }).click();
    await proposal.getByRole('group', { name: '确认任命' }).getByRole('button', { name: '确定任命' }).click();
    await page.getByRole('status').filter({ hasText: '已确认：吴志强 现在是居务监督。' }).waitFor();
    await page.getByRole('button', { name: '已处理' }).click();
    await expect.poll(() => appointment(page, '吴志强').getByTestId('decided-by').textContent()).toContain('平台管理员 已确认');
  });

  it('keeps the appointments from residents', async () => {
    const { page } = await h.newPage();
    await loginWithPassword(page, '13800000013', '/c/nanhu'); // 黄丽萍, an organisation leader and resident
    await page.getByTestId('community-name').waitFor();
    expect(await page.getByRole('link', { name: /居务监督任命/ }).count()).toBe(0);
    await page.goto('/c/nanhu/appointments');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('您没有权限做这件事');
    expect(await page.getByTestId('appointment').count()).toBe(0);
  });
});
