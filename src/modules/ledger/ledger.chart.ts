import type { AccountKind } from './ledger.tables.ts';

export interface ChartAccount {
  code: string;
  kind: AccountKind;
  zh: string;
  en: string;
}

/** The chart of accounts every community's fund opens with: the same codes everywhere. */
export const CHART: readonly ChartAccount[] = [
  { code: 'cash', kind: 'asset', zh: '现金', en: 'Cash' },
  { code: 'bank', kind: 'asset', zh: '银行存款', en: 'Bank deposits' },
  { code: 'clearing', kind: 'asset', zh: '支付清算', en: 'Payment clearing' },
  { code: 'maker_payable', kind: 'liability', zh: '应付手艺人款', en: 'Payable to makers' },
  { code: 'org_payable', kind: 'liability', zh: '应付社会组织款', en: 'Payable to organisations' },
  { code: 'income', kind: 'income', zh: '收入', en: 'Income' },
  { code: 'income:sale_margin', kind: 'income', zh: '销售留存', en: 'Sale margins' },
  { code: 'income:performance_share', kind: 'income', zh: '演出分成', en: 'Performance shares' },
  { code: 'income:donation', kind: 'income', zh: '捐赠', en: 'Donations' },
  { code: 'income:tuition', kind: 'income', zh: '学费捐赠', en: 'Donated tuition' },
  { code: 'income:government', kind: 'income', zh: '政府购买服务', en: 'Government service purchases' },
  { code: 'income:foundation', kind: 'income', zh: '基金会项目', en: 'Foundation grants' },
  { code: 'income:street_grant', kind: 'income', zh: '街道运行经费', en: 'Street operating grants' },
  { code: 'income:other', kind: 'income', zh: '其他收入', en: 'Other income' },
  { code: 'expense', kind: 'expense', zh: '支出', en: 'Expenses' },
  { code: 'expense:upkeep', kind: 'expense', zh: '小区维护', en: 'Estate upkeep' },
  { code: 'expense:elderly_care', kind: 'expense', zh: '养老服务', en: 'Elderly care' },
  { code: 'expense:health', kind: 'expense', zh: '健康', en: 'Health' },
  { code: 'expense:education', kind: 'expense', zh: '教育', en: 'Education' },
  { code: 'expense:hardship', kind: 'expense', zh: '困难帮扶', en: 'Hardship aid' },
  { code: 'expense:volunteer', kind: 'expense', zh: '志愿活动', en: 'Volunteer activities' },
  { code: 'expense:org_grant', kind: 'expense', zh: '社会组织运行经费', en: 'Organisation operating grants' },
  { code: 'expense:shop_wages', kind: 'expense', zh: '店员工资', en: 'Shop wages' },
  { code: 'expense:other', kind: 'expense', zh: '其他支出', en: 'Other expenses' },
];

export const FUND_ACCOUNTS = ['cash', 'bank', 'clearing'] as const;
export const INCOME_CHANNELS = CHART.filter((a) => a.code.startsWith('income:')).map((a) => a.code);
export const EXPENSE_PURPOSES = CHART.filter((a) => a.code.startsWith('expense:')).map((a) => a.code);

/** The parent of a code: `income:foundation:abc` → `income:foundation`; a top-level code has none. */
export function parentOf(code: string): string | null {
  const i = code.lastIndexOf(':');
  return i < 0 ? null : code.slice(0, i);
}

/** True when `code` is `root` or below it. */
export function isUnder(code: string, root: string): boolean {
  return code === root || code.startsWith(`${root}:`);
}

/** The income channel or expense purpose a (sub-)account rolls up to, e.g. `income:foundation:abc` → `income:foundation`. */
export function rollUp(code: string): string {
  const parts = code.split(':');
  return parts.length > 2 ? parts.slice(0, 2).join(':') : code;
}

/** 张*明: a person's name as the public sees it unless they agreed to be shown. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return `${chars.join('')}*`;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * A maker sub-account's name as the public sees it: the person's name after the last "：" or
 * space masked (应付手艺人款：张*兰), unless they agreed to be shown.
 */
export function publicAccountName(code: string, name: string, personAccounts: ReadonlyMap<string, boolean>): string {
  const isPersonal = personAccounts.has(code) || (code.startsWith('maker_payable:') && code.length > 'maker_payable:'.length);
  if (!isPersonal || personAccounts.get(code) === true) return name;
  const cut = Math.max(name.lastIndexOf('：'), name.lastIndexOf(' '));
  return cut < 0 ? maskName(name) : `${name.slice(0, cut + 1)}${maskName(name.slice(cut + 1))}`;
}
