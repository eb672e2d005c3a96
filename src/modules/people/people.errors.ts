import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const PEOPLE_ERRORS = {
  GUARDIAN_NEEDED: {
    status: 422,
    zh: '未满 14 岁的孩子须经监护人同意才能登记：请监护人读出发给他的验证码，或由监护人本人登记',
    en: 'A child under 14 is registered only with their guardian’s consent: the guardian reads out the code sent to them, or registers the child themselves',
  },
  PERSON_REGISTERED: { status: 409, zh: '这个人已经在本社区的居民名册里', en: 'This person is already in the community’s register' },
  NAME_IS_THEIRS: {
    status: 409,
    zh: '这位居民有自己的账户，名字由本人修改',
    en: 'This resident has an account of their own: they change their name themselves',
  },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof PEOPLE_ERRORS> {}
}
