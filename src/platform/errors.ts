/**
 * The one error type and its closed list of codes. The platform's codes are here; each module
 * adds its own in its definition (`errors`), and their names by declaration merging into
 * `ErrorCodes`, so `new AppError('OUT_OF_STOCK')` is checked by the compiler. The app builds one
 * `ErrorCatalogue` from the platform's table and every installed module's, which maps each code to
 * its HTTP status and its message in each language. Messages may hold `{name}` placeholders filled
 * from the error's params.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** A module's error codes: code → status and messages. */
export type ErrorTable = Readonly<Record<string, ErrorSpec>>;

/** The code names of a table, for declaration merging into `ErrorCodes`. */
export type CodesOf<T extends ErrorTable> = { readonly [K in keyof T]: true };

export const PLATFORM_ERRORS = {
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

  // --- who is asking (sessions, tenancy, 代办)
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in first' },
  FORBIDDEN: { status: 403, zh: '您没有权限做这件事', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '找不到{what}', en: 'No such {what}' },
  NOT_ACTABLE: {
    status: 403,
    zh: '只能为普通居民代办：社区工作人员、居务监督和店员不能被代办',
    en: 'Only plain residents can be acted for: never staff, a supervisor or a clerk',
  },
  NO_PROXY_CONSENT: { status: 403, zh: '该居民没有授权代办', en: 'This resident has not consented to be acted for' },

  // --- the state of a thing
  INVALID_STATE: { status: 409, zh: '当前状态（{state}）下不能这样操作', en: 'This cannot be done while it is {state}' },

  // --- files
  FILE_TYPE_REFUSED: { status: 415, zh: '只接受 JPEG、PNG、WebP 图片或 PDF 文件', en: 'Only JPEG, PNG or WebP images and PDF files are accepted' },
  FILE_TOO_LARGE: { status: 413, zh: '文件超过 {limit}', en: 'The file is over {limit}' },
  UPLOAD_QUOTA_EXCEEDED: {
    status: 413,
    zh: '上传空间已满：{whose}最多可存 {limit}（没有被使用的文件 {hours} 小时后会被清理）',
    en: 'No upload space left: {whose} may keep {limit} (files nothing uses are cleared after {hours} hours)',
  },
  FILE_NOT_FOUND: { status: 422, zh: '附件 {sha256} 不存在，请先上传', en: 'Attachment {sha256} does not exist; upload it first' },
} as const satisfies ErrorTable;

/** Every error code: the platform's, and each module's merged in by its errors file. */
export interface ErrorCodes extends CodesOf<typeof PLATFORM_ERRORS> {}

export type ErrorCode = keyof ErrorCodes & string;
export type Language = 'zh-CN' | 'en';

function fill(template: string, language: Language, params: Record<string, string | number>): string {
  // A param may carry its Chinese wording under `<name>Zh`.
  const value = (name: string) => (language === 'en' ? params[name] : (params[`${name}Zh`] ?? params[name]));
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(value(name) ?? ''));
}

/** The platform's own codes need no catalogue: they exist in every app. */
export function platformErrorStatus(code: keyof typeof PLATFORM_ERRORS): number {
  return PLATFORM_ERRORS[code].status;
}

export function platformErrorMessage(code: keyof typeof PLATFORM_ERRORS, language: Language, params: Record<string, string | number> = {}): string {
  return fill(language === 'en' ? PLATFORM_ERRORS[code].en : PLATFORM_ERRORS[code].zh, language, params);
}

/** Every code the app can answer with: the platform's and each installed module's, no code twice. */
export class ErrorCatalogue {
  private readonly specs = new Map<string, ErrorSpec & { owner: string }>();

  constructor(tables: readonly { owner: string; table: ErrorTable | undefined }[]) {
    for (const { owner, table } of [{ owner: 'platform', table: PLATFORM_ERRORS as ErrorTable }, ...tables]) {
      for (const [code, spec] of Object.entries(table ?? {})) {
        const taken = this.specs.get(code);
        if (taken) throw new Error(`error code ${code} of ${owner} is already ${taken.owner}'s`);
        if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} of ${owner} is not UPPER_SNAKE_CASE`);
        this.specs.set(code, { ...spec, owner });
      }
    }
  }

  has(code: string): code is ErrorCode {
    return this.specs.has(code);
  }

  codes(): string[] {
    return [...this.specs.keys()];
  }

  /** The HTTP status of a code; an unknown code (a module not installed) is a bug, answered 500. */
  status(code: string): number {
    return this.specs.get(code)?.status ?? 500;
  }

  message(code: string, language: Language, params: Record<string, string | number> = {}): string {
    const spec = this.specs.get(code) ?? PLATFORM_ERRORS.INTERNAL;
    return fill(language === 'en' ? spec.en : spec.zh, language, params);
  }
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    /** Extra machine-readable detail for the client, e.g. the fields that failed validation. */
    readonly details?: unknown,
  ) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'AppError';
  }
}

/** "Not found or not yours": the one answer for another community's objects. */
export function notFound(what: { zh: string; en: string } | string = 'object'): AppError {
  const label = typeof what === 'string' ? { zh: what, en: what } : what;
  return new AppError('NOT_FOUND', { what: label.en, whatZh: label.zh });
}
