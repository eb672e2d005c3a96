/**
 * The one error type, the closed list of codes, and the one table that maps each code to its
 * HTTP status and its message in each language. Messages may hold `{name}` placeholders filled
 * from the error's params.
 */
interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

const ERRORS = {
  // --- request shape and protocol
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误：{detail}', en: 'The request is not valid: {detail}' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '此操作需要 Idempotency-Key 请求头（8 到 100 个字母、数字、- 或 _）',
    en: 'This request needs an Idempotency-Key header (8 to 100 letters, digits, - or _)',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '这个 Idempotency-Key 已用于另一个请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, zh: '同一请求正在处理，请稍后重试', en: 'The same request is still being processed; retry shortly' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '内容太大（上限 {limit}）', en: 'The content is too large (limit {limit})' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的文件或内容类型', en: 'This file or content type is not supported' },
  URI_TOO_LONG: { status: 414, zh: '地址太长', en: 'The address is too long' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个地址', en: 'There is nothing at this address' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持这个操作', en: 'This method is not allowed here' },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请 {retryAfter} 秒后再试', en: 'Too many attempts; try again in {retryAfter} seconds' },
  CSRF_FAILED: { status: 403, zh: '请求来源校验失败，请刷新页面后重试', en: 'The request failed its origin check; reload the page and try again' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后再试', en: 'The service is briefly unavailable; try again shortly' },
  INTERNAL: { status: 500, zh: '服务器出错了', en: 'Something went wrong on the server' },

  // --- identity and access
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in first' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码不正确', en: 'The phone number or password is wrong' },
  CODE_INVALID: { status: 401, zh: '验证码不正确或已过期', en: 'The code is wrong or has expired' },
  FORBIDDEN: { status: 403, zh: '您没有权限做这件事', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '找不到{what}', en: 'No such {what}' },
  PHONE_TAKEN: { status: 409, zh: '这个手机号已经注册', en: 'This phone number is already registered' },
  SLUG_TAKEN: { status: 409, zh: '这个社区标识已被使用', en: 'This community slug is taken' },
  WEAK_PASSWORD: { status: 422, zh: '密码至少 8 位，且不能全是数字', en: 'The password needs 8 or more characters, not all digits' },
  NO_PROXY_CONSENT: { status: 403, zh: '该居民没有授权代办', en: 'This resident has not consented to be acted for' },
  LAST_STAFF: { status: 409, zh: '社区至少要保留一名工作人员', en: 'A community must keep at least one staff member' },

  // --- files
  FILE_TYPE_REFUSED: { status: 415, zh: '只接受 JPEG、PNG、WebP 图片或 PDF 文件', en: 'Only JPEG, PNG or WebP images and PDF files are accepted' },
  FILE_TOO_LARGE: { status: 413, zh: '文件超过 {limit}', en: 'The file is over {limit}' },
  FILE_NOT_FOUND: { status: 422, zh: '附件 {sha256} 不存在，请先上传', en: 'Attachment {sha256} does not exist; upload it first' },

  // --- ledger (the community fund)
  AMOUNT_OUT_OF_RANGE: { status: 422, zh: '金额必须是 1 分到 1 亿元之间的整数分', en: 'Amounts must be whole fen between 0.01 and 100,000,000 yuan' },
  UNBALANCED_ENTRY: { status: 422, zh: '借贷不平衡', en: 'The postings do not balance' },
  ACCOUNT_NOT_FOUND: { status: 422, zh: '科目 {code} 不存在', en: 'There is no account {code}' },
  ACCOUNT_CODE_TAKEN: { status: 409, zh: '科目代码 {code} 已存在', en: 'Account code {code} already exists' },
  ENTRY_ALREADY_REVERSED: { status: 409, zh: '这笔分录已被更正', en: 'This entry has already been reversed' },
  EXPENSE_SELF_APPROVAL: { status: 403, zh: '不能审批自己提出的支出', en: 'You cannot approve an expense you proposed' },
  EXPENSE_ALREADY_DECIDED: { status: 409, zh: '这笔支出已经处理过了', en: 'This expense has already been decided' },
  EXPENSE_DUPLICATE_APPROVAL: { status: 409, zh: '您已经审批过这笔支出', en: 'You have already approved this expense' },
  LEDGER_TAMPERED: { status: 500, zh: '账本校验失败', en: 'The ledger failed verification' },

  // --- market (微益+ shop)
  LISTING_NOT_ON_SALE: { status: 409, zh: '商品“{title}”当前不在售', en: '“{title}” is not on sale' },
  OUT_OF_STOCK: { status: 409, zh: '“{title}”库存不足（剩 {available}）', en: 'Not enough “{title}” in stock ({available} left)' },
  MARGIN_EXCEEDS_PRICE: { status: 422, zh: '社区留存不能超过售价', en: 'The community margin cannot exceed the price' },
  INVALID_STATE: { status: 409, zh: '当前状态（{state}）下不能这样操作', en: 'This cannot be done while it is {state}' },
  ORDER_ALREADY_PAID: { status: 409, zh: '这个订单已经付过款', en: 'This order has already been paid' },
  REFUND_EXCEEDS_SALE: { status: 422, zh: '退款不能超过实付金额', en: 'A refund cannot exceed what was paid' },
  PAYMENT_PROVIDER_REFUSED: { status: 422, zh: '支付方式不可用', en: 'This payment method is not available' },
  NOTHING_TO_PAY_OUT: { status: 422, zh: '没有待结算的金额', en: 'There is nothing to pay out' },
  CASH_UP_CLOSED: { status: 409, zh: '今天已经日结', en: 'Today has already been cashed up' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type Language = 'zh-CN' | 'en';

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

export function errorMessage(code: ErrorCode, language: Language, params: Record<string, string | number> = {}): string {
  const template = language === 'en' ? ERRORS[code].en : ERRORS[code].zh;
  // A param may carry its Chinese wording under `<name>Zh`.
  const value = (name: string) => (language === 'en' ? params[name] : (params[`${name}Zh`] ?? params[name]));
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(value(name) ?? ''));
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERRORS, value);
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    /** Extra machine-readable detail for the client, e.g. the fields that failed validation. */
    readonly details?: unknown,
  ) {
    super(errorMessage(code, 'en', params));
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

/** "Not found or not yours": the one answer for another community's objects. */
export function notFound(what: { zh: string; en: string } | string = 'object'): AppError {
  const label = typeof what === 'string' ? { zh: what, en: what } : what;
  return new AppError('NOT_FOUND', { what: label.en, whatZh: label.zh });
}
