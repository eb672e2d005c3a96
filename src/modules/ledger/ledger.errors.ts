import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const LEDGER_ERRORS = {
  AMOUNT_OUT_OF_RANGE: { status: 422, zh: '金额必须是 1 分到 1 亿元之间的整数分', en: 'Amounts must be whole fen between 0.01 and 100,000,000 yuan' },
  UNBALANCED_ENTRY: { status: 422, zh: '借贷不平衡', en: 'The postings do not balance' },
  ACCOUNT_NOT_FOUND: { status: 422, zh: '科目 {code} 不存在', en: 'There is no account {code}' },
  ACCOUNT_CODE_TAKEN: { status: 409, zh: '科目代码 {code} 已存在', en: 'Account code {code} already exists' },
  ENTRY_ALREADY_REVERSED: { status: 409, zh: '这笔分录已被更正', en: 'This entry has already been reversed' },
  ENTRY_OWNED: {
    status: 409,
    zh: '这笔分录来自「{source}」，要在那里处理（退款、撤销），不能在基金里直接更正',
    en: 'This entry comes from {source}: it is undone there (a refund, a cancellation), not corrected in the fund',
  },
  PERIOD_NOT_BEGUN: { status: 404, zh: '这个公示期间还没有开始', en: 'This period has not begun yet' },
  CORRECTION_PENDING: { status: 409, zh: '这笔分录已有一项更正在等审批', en: 'A correction of this entry is already waiting for approval' },
  CORRECTION_SELF_APPROVAL: { status: 403, zh: '不能审批自己提出的更正', en: 'You cannot approve a correction you proposed' },
  CORRECTION_DECIDED: { status: 409, zh: '这项更正已经处理过了', en: 'This correction has already been decided' },
  EXPENSE_SELF_APPROVAL: { status: 403, zh: '不能审批自己提出的支出', en: 'You cannot approve an expense you proposed' },
  EXPENSE_ALREADY_DECIDED: { status: 409, zh: '这笔支出已经处理过了', en: 'This expense has already been decided' },
  EXPENSE_DUPLICATE_APPROVAL: { status: 409, zh: '您已经审批过这笔支出', en: 'You have already approved this expense' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof LEDGER_ERRORS> {}
}
