import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const COMMUNITY_ERRORS = {
  SLUG_TAKEN: { status: 409, zh: '这个社区标识已被使用', en: 'This community slug is taken' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof COMMUNITY_ERRORS> {}
}
