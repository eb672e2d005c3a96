import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const IDENTITY_ERRORS = {
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码不正确', en: 'The phone number or password is wrong' },
  CODE_INVALID: { status: 401, zh: '验证码不正确或已过期', en: 'The code is wrong or has expired' },
  PHONE_TAKEN: { status: 409, zh: '这个手机号已经注册', en: 'This phone number is already registered' },
  WEAK_PASSWORD: {
    status: 422,
    zh: '密码至少 8 位，不能全是数字，也不能是最常见的密码（如 password1、woaini1314）',
    en: 'The password needs 8 or more characters, not all digits, and not one of the most common passwords (password1, woaini1314…)',
  },
  ROLE_CONFLICT: {
    status: 409,
    zh: '同一个人不能既是社区工作人员又是居务监督：监督工作的人不做被监督的工作',
    en: 'Nobody can be both community staff and supervisor: whoever checks the work does not do it',
  },
  SUPERVISOR_REMOVAL_BY_ADMIN: {
    status: 403,
    zh: '只有平台管理员（街道）可以免去居务监督',
    en: 'Only a platform administrator (the street) can remove a supervisor',
  },
  APPOINTMENT_DECIDED: { status: 409, zh: '这项任命已经处理过了', en: 'This appointment has already been decided' },
  APPOINTMENT_OWN: {
    status: 403,
    zh: '提名人和被提名人不能自己确认或拒绝这项任命',
    en: 'Neither the proposer nor the appointee can decide this appointment',
  },
  NO_PHONE: {
    status: 409,
    zh: '这个人没有登记本人的手机号：请用签字的纸质同意书（拍照上传，另一名工作人员复核）',
    en: 'This person has no phone number of their own: use a signed paper form (photo uploaded, countersigned by a second staff member)',
  },
  CONSENT_EXISTS: { status: 409, zh: '已有一份同样的授权：要更改请先撤回它', en: 'The same consent is already on record: withdraw it first to change it' },
  CONSENT_DECIDED: { status: 409, zh: '这份授权已经复核或撤回', en: 'This consent has already been countersigned or withdrawn' },
  CONSENT_OWN: {
    status: 403,
    zh: '纸质同意书须由登记人以外的工作人员复核',
    en: 'A paper consent is countersigned by a staff member other than the one who recorded it',
  },
  CLOSE_ROLES_HELD: {
    status: 409,
    zh: '您在社区还担任工作人员、居务监督或店员：请先卸任，再注销账户',
    en: 'You still hold a staff, supervisor or clerk role in a community: give it up first, then close the account',
  },
  LAST_STAFF: { status: 409, zh: '社区至少要保留一名工作人员', en: 'A community must keep at least one staff member' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof IDENTITY_ERRORS> {}
}
