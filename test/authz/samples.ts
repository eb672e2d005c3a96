import type { TestApp } from '../support/test-app.ts';
import { PASSWORD } from '../support/factories.ts';
import { call, EXPENSE, INCOME, key, multipartFile, newAccount, pngBytes, type Side } from './world.ts';
import { nextPhone } from '../support/factories.ts';

/**
 * A minimal valid request per route, so that every cell of the matrix tests authorisation and
 * not body validation (Fastify validates before the handler). `params` fill the path, `body` is
 * JSON, `raw` a multipart upload. `freshCaller` routes change the caller's own session or
 * memberships (logout, password, join), so each cell gets a new person of that role.
 */
export interface Sample {
  params?: (side: Side) => Record<string, string | number>;
  query?: string;
  body?: (side: Side, t: TestApp) => unknown;
  raw?: () => Promise<{ payload: Buffer; contentType: string }>;
  idempotent?: boolean;
  freshCaller?: boolean;
  /** The route is registered but its handler has not landed: its answer is ROUTE_NOT_FOUND for everyone. */
  notLandedYet?: string;
  /** Runs before each cell, e.g. to put back what the previous cell removed. */
  before?: (side: Side, t: TestApp) => Promise<void>;
}

let slugCounter = 0;
let accountCounter = 0;

async function codeFor(t: TestApp, phone: string, purpose: 'login' | 'reset'): Promise<string> {
  const res = await call(t, null, { method: 'POST', url: '/api/v1/auth/codes', body: { phone, purpose } });
  if (res.status !== 202) throw new Error(`code for ${purpose}: ${res.status} ${res.body}`);
  return t.sms.lastCodeFor(phone)!;
}

/** Bodies that need async work are prepared in `before` and read here. */
const pending = new Map<string, unknown>();

export const SAMPLES: Record<string, Sample> = {
  'POST /api/v1/communities/{slug}/files': { raw: async () => multipartFile(await pngBytes()) },
  'GET /files/{sha256}': { params: (s) => ({ sha256: s.fileSha256 }) },
  'GET /files/{sha256}/thumb': { params: (s) => ({ sha256: s.fileSha256 }) },

  'GET /api/v1/communities': {},
  'POST /api/v1/communities': {
    body: () => {
      slugCounter += 1;
      return { slug: `matrix-new-${slugCounter}`, name: `矩阵社区${slugCounter}` };
    },
  },
  'GET /api/v1/communities/{slug}': {},
  'PATCH /api/v1/communities/{slug}/settings': { body: () => ({ disclosureContact: '社区居委会 023-00000000' }) },

  'POST /api/v1/auth/register': { body: () => ({ phone: nextPhone(), password: 'matrix-pass-1', displayName: '新居民' }) },
  'POST /api/v1/auth/login': {
    before: async (_s, t) => {
      pending.set('login', { phone: (await newAccount(t)).phone, password: PASSWORD });
    },
    body: () => pending.get('login'),
  },
  'POST /api/v1/auth/codes': { body: () => ({ phone: nextPhone(), purpose: 'login' }) },
  'POST /api/v1/auth/login/code': {
    before: async (_s, t) => {
      const { phone } = await newAccount(t);
      pending.set('login/code', { phone, code: await codeFor(t, phone, 'login') });
    },
    body: () => pending.get('login/code'),
  },
  'POST /api/v1/auth/password/reset': {
    before: async (_s, t) => {
      const { phone } = await newAccount(t);
      accountCounter += 1;
      pending.set('reset', { phone, code: await codeFor(t, phone, 'reset'), newPassword: `reset-pass-${accountCounter}` });
    },
    body: () => pending.get('reset'),
  },
  'POST /api/v1/auth/password': { freshCaller: true, body: () => ({ currentPassword: PASSWORD, newPassword: 'matrix-changed-2' }) },
  'POST /api/v1/auth/logout': { freshCaller: true },
  'GET /api/v1/me': {},
  'PATCH /api/v1/me': { body: () => ({ displayName: '改过的名字' }) },
  'POST /api/v1/communities/{slug}/join': { freshCaller: true },
  'GET /api/v1/communities/{slug}/members': {},
  'PUT /api/v1/communities/{slug}/members/{userId}/roles/{role}': { params: (s) => ({ userId: s.targetUserId, role: 'volunteer' }) },
  'DELETE /api/v1/communities/{slug}/members/{userId}/roles/{role}': {
    params: (s) => ({ userId: s.targetUserId, role: 'volunteer' }),
    before: async (s, t) => {
      await call(t, s.staff, { method: 'PUT', url: `/api/v1/communities/${s.slug}/members/${s.targetUserId}/roles/volunteer` });
    },
  },
  'POST /api/v1/communities/{slug}/residents': { body: () => ({ phone: nextPhone(), displayName: '代办居民', consentNote: '签字授权书 001' }) },
  'PUT /api/v1/communities/{slug}/members/{userId}/proxy-consent': { params: (s) => ({ userId: s.targetUserId }), body: () => ({ note: '签字授权书 002' }) },
  'DELETE /api/v1/communities/{slug}/members/{userId}/proxy-consent': {
    params: (s) => ({ userId: s.targetUserId }),
    before: async (s, t) => {
      await call(t, s.staff, { method: 'PUT', url: `/api/v1/communities/${s.slug}/members/${s.targetUserId}/proxy-consent`, body: { note: '重新授权' } });
    },
  },
  'GET /api/v1/communities/{slug}/audit': {},

  'GET /api/v1/communities/{slug}/fund/summary': {},
  'GET /api/v1/communities/{slug}/fund/accounts': {},
  'GET /api/v1/communities/{slug}/fund/entries': {},
  'GET /api/v1/communities/{slug}/fund/entries/{seq}': { params: (s) => ({ seq: s.incomeSeq }) },
  'GET /api/v1/communities/{slug}/fund/ledger.jsonl': {},
  'GET /api/v1/communities/{slug}/fund/disclosures/{file}': {
    params: () => ({ file: `${new Date().getFullYear()}-01.csv` }),
    notLandedYet: 'the 公示 renderer (ledger.disclosure.ts) is a placeholder',
  },
  'POST /api/v1/communities/{slug}/fund/income': { idempotent: true, body: () => INCOME },
  'POST /api/v1/communities/{slug}/fund/entries/{seq}/reverse': {
    idempotent: true,
    params: (s) => ({ seq: s.incomeSeq }),
    body: () => ({ note: '矩阵测试更正' }),
  },
  'POST /api/v1/communities/{slug}/fund/accounts': {
    body: () => {
      accountCounter += 1;
      return { parent: 'income:foundation', slug: `matrix-${accountCounter}`, nameZh: '矩阵项目', nameEn: 'Matrix project' };
    },
  },
  'GET /api/v1/communities/{slug}/fund/expenses': {},
  'GET /api/v1/communities/{slug}/fund/expenses/{id}': { params: (s) => ({ id: s.proposedExpenseId }) },
  'POST /api/v1/communities/{slug}/fund/expenses': { body: () => EXPENSE },
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/approve': { params: (s) => ({ id: s.proposedExpenseId }) },
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/reject': { params: (s) => ({ id: s.rejectableExpenseId }), body: () => ({ reason: '矩阵测试驳回' }) },
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/pay': { idempotent: true, params: (s) => ({ id: s.approvedExpenseId }), body: () => ({ from: 'cash' }) },
};

export { key };
