import type { CommunitySettings } from '../../platform/tables.ts';

// Each of a community's settings as people meet it: its name and what it means in both languages,
// how its value is written, its limits, and which changes of it weaken a check. Shared with the
// browser (the settings page, web/src/modules/communities), so it imports only types: the page says
// a change will wait for a supervisor in the same cases the server makes it wait.

export type SettingKey = keyof CommunitySettings;
export type SettingValues = Required<CommunitySettings>;

/** How a value is written: fen shown in yuan, a percent, minutes, or plain text. */
export type SettingUnit = 'fen' | 'percent' | 'minutes' | 'text';

/** One setting: how it is written and its limits, its words, and when a change of it weakens a check. */
export type SettingField<V> = (V extends string
  ? { unit: 'text'; /** the longest text */ max: number }
  : { unit: Exclude<SettingUnit, 'text'>; min: number; max: number }) & {
  zh: { name: string; means: string };
  en: { name: string; means: string };
  /** Whether going from `before` to `after` weakens a check: such a change waits for a supervisor who did not ask for it. */
  weakens?: (before: V, after: V) => boolean;
};

/** Every setting, in the order the settings page shows them. */
export const SETTING_FIELDS: { readonly [K in SettingKey]-?: SettingField<SettingValues[K]> } = {
  expenseTwoApprovalsOverFen: {
    unit: 'fen',
    min: 0,
    max: 10_000_000_000,
    zh: {
      name: '需两名居务监督审批的支出金额',
      means: '一笔支出超过这个金额，要两名居务监督批准才能支付；不超过的，一名批准即可。调高它会放宽检查，要一名没有提出修改的居务监督批准后才生效。',
    },
    en: {
      name: 'Expenses that need two supervisors',
      means:
        'An expense above this amount is paid only once two supervisors approve it; one at or below it needs one. Raising it loosens the check, so a raise takes effect only once a supervisor who did not ask for it approves.',
    },
    // more money moves on one approval
    weakens: (before, after) => after > before,
  },
  defaultMarginPercent: {
    unit: 'percent',
    min: 0,
    max: 90,
    zh: {
      name: '默认留给公益基金的比例',
      means: '新上架的商品，售价中默认有这么多进入社区公益基金（¥150 的商品留 20% 即 ¥30），其余归社区达人。每件商品可以另定。',
    },
    en: {
      name: 'Default share for the fund',
      means: 'The part of a new listing’s price that goes to the community fund unless set otherwise (20% of ¥150 is ¥30); the rest is the maker’s.',
    },
  },
  unpaidHoldMinutes: {
    unit: 'minutes',
    min: 5,
    max: 1440,
    zh: { name: '未付款订单保留时间', means: '网上下单后没有付款的，库存为这笔订单保留这么久，到时自动取消，库存放回。' },
    en: {
      name: 'How long an unpaid order holds its stock',
      means: 'An online order that is not paid keeps its items aside this long; then it is cancelled and the items go back on sale.',
    },
  },
  disclosureContact: {
    unit: 'text',
    max: 120,
    zh: { name: '公示联系人', means: '居民对公益基金的公示有疑问时找谁，印在公示上。不填时写社区居委会。' },
    en: {
      name: 'Contact for the fund’s disclosures',
      means: 'Whom residents ask about the fund’s published accounts; printed on each disclosure. Left empty, it names the residents’ committee.',
    },
  },
};

/** The settings, in the order the page shows them. */
export const SETTING_KEYS = Object.keys(SETTING_FIELDS) as SettingKey[];

/** How each side writes what the unit alone does not say: money (each has its own formatFen), minutes, no value. */
export interface SettingWords {
  fen: (fen: number) => string;
  minutes: (minutes: number) => string;
  empty: string;
}

/** A value of the setting as people read it. */
export function showSetting(key: SettingKey, value: string | number | undefined, words: SettingWords): string {
  if (value === undefined || value === '') return words.empty;
  switch (SETTING_FIELDS[key].unit) {
    case 'fen':
      return words.fen(Number(value));
    case 'percent':
      return `${value}%`;
    case 'minutes':
      return words.minutes(Number(value));
    case 'text':
      return String(value);
  }
}

/** The settings among `changes` whose change from `before` weakens a check. */
export function weakeningKeys(before: SettingValues, changes: CommunitySettings): SettingKey[] {
  return SETTING_KEYS.filter((key) => {
    const weakens = SETTING_FIELDS[key].weakens as ((b: unknown, a: unknown) => boolean) | undefined;
    return weakens !== undefined && changes[key] !== undefined && weakens(before[key], changes[key]);
  });
}
