import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/platform/routing.ts';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: LightMyRequestResponse['headers'];
}

/** What a problem+json error body holds. */
export interface Problem {
  code: string;
  message: string;
  requestId: string;
  status: number;
}

/**
 * A browser-like API client over `fastify.inject`: keeps cookies, sends the CSRF token, and can
 * act for a resident (代办) or send an Idempotency-Key.
 */
export class Client {
  private readonly cookies = new Map<string, string>();
  actFor: number | null = null;

  constructor(private readonly app: App) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }
  forgetCookie(name: string) {
    this.cookies.delete(name);
  }

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; idempotencyKey?: string; csrf?: boolean } = {},
  ): Promise<Reply<T>> {
    if (method !== 'GET' && options.csrf !== false && !this.cookies.has('weiyi_csrf')) await this.request('GET', '/healthz');
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = this.cookies.get('weiyi_csrf') ?? '';
    if (this.actFor !== null) headers['x-act-for'] = String(this.actFor);
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let payload: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined && !headers['content-type']) {
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0 || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(res.headers['content-type'] ?? '');
    const body = (type.includes('json') && res.body ? JSON.parse(res.body) : res.body) as T;
    return { status: res.statusCode, body, text: res.body, headers: res.headers };
  }

  get<T = unknown>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = unknown>(url: string, body?: unknown, options: { idempotencyKey?: string; headers?: Record<string, string> } = {}) {
    return this.request<T>('POST', url, { ...(body === undefined ? {} : { body }), ...options });
  }
  put<T = unknown>(url: string, body?: unknown) {
    return this.request<T>('PUT', url, body === undefined ? {} : { body });
  }
  patch<T = unknown>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body === undefined ? {} : { body });
  }
  delete<T = unknown>(url: string) {
    return this.request<T>('DELETE', url);
  }

  /** Uploads `bytes` as the multipart field "file", the way the web app's file picker does. */
  upload<T = unknown>(url: string, filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
    return this.request<T>('POST', url, multipart(filename, bytes, contentType));
  }

  async login(phone: string, password: string) {
    const res = await this.post('/api/v1/auth/login', { phone, password });
    if (res.status !== 200) throw new Error(`login ${phone} failed: ${res.status} ${res.text}`);
    return res;
  }
}

/** A multipart/form-data body holding one file in the field "file". */
export function multipart(filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----weiyi-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { rawBody: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
