import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const COMMUNITY_ERRORS = {
  SETTING_CHANGE_DECIDED: { status: 409, zh: '这项设置变更已经处理过了', en: 'This change of settings has already been decided' },
  SETTING_CHANGE_OWN: { status: 403, zh: '提出变更的人不能自己审批', en: 'Whoever asked for a change cannot decide it' },
  SLUG_TAKEN: { status: 409, zh: '这个社区标识已被使用', en: 'This community slug is taken' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof COMMUNITY_ERRORS> {}
}
