import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const NOTIFICATION_ERRORS = {
  WECHAT_OFF: { status: 422, zh: '本平台没有开通微信通知', en: 'This install sends no WeChat notices' },
  WECHAT_CODE_REFUSED: { status: 422, zh: '微信授权已失效，请重新打开链接', en: 'WeChat did not accept the sign-in; open the link again' },
  WECHAT_STATE_MISMATCH: { status: 403, zh: '微信授权不是从本页发起的，请重新打开链接', en: 'The WeChat sign-in did not start here; open the link again' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof NOTIFICATION_ERRORS> {}
}
