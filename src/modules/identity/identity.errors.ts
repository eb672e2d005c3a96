import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const IDENTITY_ERRORS = {
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码不正确', en: 'The phone number or password is wrong' },
  CODE_INVALID: { status: 401, zh: '验证码不正确或已过期', en: 'The code is wrong or has expired' },
  PHONE_TAKEN: { status: 409, zh: '这个手机号已经注册', en: 'This phone number is already registered' },
  WEAK_PASSWORD: { status: 422, zh: '密码至少 8 位，且不能全是数字', en: 'The password needs 8 or more characters, not all digits' },
  LAST_STAFF: { status: 409, zh: '社区至少要保留一名工作人员', en: 'A community must keep at least one staff member' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof IDENTITY_ERRORS> {}
}
