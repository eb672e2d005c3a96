import type { TestApp } from '../support/test-app.ts';
import { PASSWORD } from '../support/factories.ts';
import { call, EXPENSE, INCOME, key, multipartFile, newAccount, person, pngBytes, type Caller, type CallerKind, type Side } from './world.ts';

const market = '/api/v1/communities/{slug}/market';
const one = (s: Side) => [{ listingId: s.market.onSaleListingId, quantity: 1 }];
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
  body?: (side: Side, t: TestApp, caller: CallerKind) => unknown;
  raw?: () => Promise<{ payload: Buffer; contentType: string }>;
  idempotent?: boolean;
  freshCaller?: boolean;
  /** Runs before each cell, e.g. to put back what the previous cell removed; `caller` is the cell's, when it has one. */
  before?: (side: Side, t: TestApp, caller?: Caller) => Promise<void>;
}

let slugCounter = 0;
let accountCounter = 0;
let addressCounter = 0;

async function codeFor(t: TestApp, phone: string, purpose: 'login' | 'reset' | 'register'): Promise<string> {
  const res = await call(t, null, { method: 'POST', url: '/api/v1/auth/codes', body: { phone, purpose } });
  if (res.status !== 202) throw new Error(`code for ${purpose}: ${res.status} ${res.body}`);
  return t.sms.lastCodeFor(phone)!;
}

/** Bodies that need async work are prepared in `before` and read here. */
const pending = new Map<string, unknown>();

/** A new donation of the side, for a correction to reverse. */
async function freshIncome(s: Side, t: TestApp): Promise<number> {
  const res = await call(t, s.staff, { method: 'POST', url: `/api/v1/communities/${s.slug}/fund/income`, body: INCOME, headers: { 'idempotency-key': key() } });
  if (res.status !== 201) throw new Error(`recording income: ${res.status} ${res.body}`);
  return (res.json() as { seq: number }).seq;
}

/** A correction the side's staff proposed, waiting, for each cell. */
function proposedCorrection(): Sample {
  return {
    before: async (s, t) => {
      const seq = await freshIncome(s, t);
      const res = await call(t, s.staff, {
        method: 'POST',
        url: `/api/v1/communities/${s.slug}/fund/corrections`,
        body: { seq, note: '矩阵测试更正' },
        headers: { 'idempotency-key': key() },
      });
      if (res.status !== 201) throw new Error(`proposing a correction: ${res.status} ${res.body}`);
      pending.set(`correction:${s.slug}`, (res.json() as { id: number }).id);
    },
    params: (s) => ({ id: pending.get(`correction:${s.slug}`) as number }),
  };
}

/** A raise of the two-approval threshold the side's staff asked for, pending, for each cell. */
let thresholdCounter = 0;
function raisedThreshold(): Sample {
  return {
    before: async (s, t) => {
      thresholdCounter += 1;
      const body = { expenseTwoApprovalsOverFen: 100_000_000 + thresholdCounter };
      const res = await call(t, s.staff, { method: 'PATCH', url: `/api/v1/communities/${s.slug}/settings`, body });
      if (res.status !== 202) throw new Error(`asking to raise the threshold: ${res.status} ${res.body}`);
      pending.set(`setting-change:${s.slug}`, (res.json() as { change: { id: number } }).change.id);
    },
    params: (s) => ({ id: pending.get(`setting-change:${s.slug}`) as number }),
  };
}

/** A paper consent the side's staff recorded for a newly registered elder, awaiting a countersignature, for each cell. */
function paperConsent(): Sample {
  return {
    before: async (s, t) => {
      const base = `/api/v1/communities/${s.slug}`;
      const created = await call(t, s.staff, { method: 'POST', url: `${base}/people`, body: { displayName: '纸质授权的老人', birthYear: 1940 } });
      const { userId } = created.json() as { userId: number };
      const res = await call(t, s.staff, {
        method: 'POST',
        url: `${base}/members/${userId}/consents`,
        body: { purpose: 'act_for', note: '纸质同意书', evidence: { method: 'paper', formSha256: s.fileSha256 } },
      });
      if (res.status !== 201) throw new Error(`recording a paper consent: ${res.status} ${res.body}`);
      pending.set(`consent:${s.slug}`, (res.json() as { id: number }).id);
    },
    params: (s) => ({ id: pending.get(`consent:${s.slug}`) as number }),
  };
}

/** A person in the side's register, made once. */
function registered(): Sample {
  return {
    before: async (s, t) => {
      if (pending.has(`person:${s.slug}`)) return;
      const res = await call(t, s.staff, { method: 'POST', url: `/api/v1/communities/${s.slug}/people`, body: { displayName: '名册里的人', birthYear: 1950 } });
      if (res.status !== 201) throw new Error(`registering a person: ${res.status} ${res.body}`);
      pending.set(`person:${s.slug}`, (res.json() as { userId: number }).userId);
    },
    params: (s) => ({ userId: pending.get(`person:${s.slug}`) as number }),
  };
}

/** A resident the side's staff proposed as supervisor, pending, for each cell. */
function proposedSupervisor(): Sample {
  return {
    before: async (s, t) => {
      const { userId } = await person(t, { community: { id: s.id }, roles: ['resident'] });
      const res = await call(t, s.staff, { method: 'PUT', url: `/api/v1/communities/${s.slug}/members/${userId}/roles/supervisor` });
      if (res.status !== 202) throw new Error(`proposing a supervisor: ${res.status} ${res.body}`);
      pending.set(`appointment:${s.slug}`, (res.json() as { appointment: { id: number } }).appointment.id);
    },
    params: (s) => ({ id: pending.get(`appointment:${s.slug}`) as number }),
  };
}

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
  'GET /api/v1/communities/{slug}/settings/changes': {},
  'POST /api/v1/communities/{slug}/settings/changes/{id}/approve': raisedThreshold(),
  'POST /api/v1/communities/{slug}/settings/changes/{id}/refuse': raisedThreshold(),
  'POST /api/v1/communities/{slug}/settings/changes/{id}/withdraw': raisedThreshold(),

  'POST /api/v1/auth/register': {
    before: async (_s, t) => {
      const phone = nextPhone();
      pending.set('register', { phone, code: await codeFor(t, phone, 'register'), password: 'matrix-pass-1', displayName: '新居民' });
    },
    body: () => pending.get('register'),
  },
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
  'GET /api/v1/me/data': {},
  'GET /api/v1/me/data/download': {},
  // each cell closes a person made for it (one with staff, supervisor or clerk is refused: 409)
  'POST /api/v1/me/close': { freshCaller: true, body: () => ({ password: PASSWORD }) },
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
  'POST /api/v1/communities/{slug}/members/{userId}/consent-codes': { params: (s) => ({ userId: s.targetUserId }), body: () => ({ purpose: 'act_for' }) },
  'POST /api/v1/communities/{slug}/members/{userId}/consents': {
    params: (s) => ({ userId: s.targetUserId }),
    body: (s) => ({ purpose: 'act_for', note: '签字授权书 002', evidence: { method: 'paper', formSha256: s.fileSha256 } }),
  },
  'GET /api/v1/communities/{slug}/consents': {},
  'POST /api/v1/communities/{slug}/consents/{id}/countersign': paperConsent(),
  'POST /api/v1/communities/{slug}/consents/{id}/withdraw': paperConsent(),
  'GET /api/v1/communities/{slug}/my/consents': {},
  'POST /api/v1/communities/{slug}/my/consents': { body: (s) => ({ purpose: 'carer', granteeId: s.targetUserId, note: '家人代我办事' }) },
  'POST /api/v1/communities/{slug}/my/consents/{id}/withdraw': {
    // the caller's own consent naming the side's resident as their carer, given afresh for each cell
    before: async (s, t, caller) => {
      const url = `/api/v1/communities/${s.slug}/my/consents`;
      const res = caller ? await call(t, caller, { method: 'POST', url, body: { purpose: 'carer', granteeId: s.targetUserId, note: '家人代我办事' } }) : null;
      if (res?.status === 201) pending.set(`my-consent:${s.slug}`, (res.json() as { id: number }).id);
      else if (caller && res?.status === 409) {
        // given by the cell of POST …/my/consents: that one
        const mine = (await call(t, caller, { method: 'GET', url })).json() as { consents: { id: number; state: string }[] };
        pending.set(`my-consent:${s.slug}`, mine.consents.find((c) => c.state === 'active')!.id);
      } else if (!caller) {
        const helper = await person(t, { community: { id: s.id }, roles: ['resident'] });
        const given = await call(t, helper, { method: 'POST', url, body: { purpose: 'carer', granteeId: s.targetUserId, note: '家人代我办事' } });
        pending.set(`my-consent:${s.slug}`, (given.json() as { id: number }).id);
      }
    },
    params: (s) => ({ id: pending.get(`my-consent:${s.slug}`) as number }),
  },

  'POST /api/v1/communities/{slug}/people/phone-codes': { body: () => ({ phone: nextPhone() }) },
  'POST /api/v1/communities/{slug}/people/guardian-codes': { body: (s) => ({ guardianId: s.targetUserId, childName: '小明' }) },
  'POST /api/v1/communities/{slug}/people': { body: () => ({ displayName: '登记居民', birthYear: 1950 }) },
  'GET /api/v1/communities/{slug}/people': {},
  'GET /api/v1/communities/{slug}/people/{userId}': registered(),
  'PATCH /api/v1/communities/{slug}/people/{userId}': { ...registered(), body: () => ({ groups: ['elderly'] }) },
  'PUT /api/v1/communities/{slug}/people/{userId}/phone': {
    // a person registered without a phone, and a code sent to a new number, for each cell
    before: async (s, t) => {
      const base = `/api/v1/communities/${s.slug}/people`;
      const created = await call(t, s.staff, { method: 'POST', url: base, body: { displayName: '没手机的居民', birthYear: 1948 } });
      const number = nextPhone();
      await call(t, s.staff, { method: 'POST', url: `${base}/phone-codes`, body: { phone: number } });
      pending.set(`phone:${s.slug}`, { userId: (created.json() as { userId: number }).userId, number, code: t.sms.lastCodeFor(number) });
    },
    // the fuzzer calls without `before`: then any person and a number nobody proved
    params: (s) => ({ userId: (pending.get(`phone:${s.slug}`) as { userId: number } | undefined)?.userId ?? s.targetUserId }),
    body: (s) => {
      const { number, code } = (pending.get(`phone:${s.slug}`) as { number: string; code: string } | undefined) ?? { number: nextPhone(), code: '000000' };
      return { number, code };
    },
  },
  'GET /api/v1/communities/{slug}/people/{userId}/sensitive': registered(),
  'PUT /api/v1/communities/{slug}/people/{userId}/sensitive': { ...registered(), body: () => ({ tags: ['hardship'] }) },
  'POST /api/v1/communities/{slug}/households': { body: () => ({ label: '一户人家' }) },
  'GET /api/v1/communities/{slug}/households/{id}': {
    before: async (s, t) => {
      if (pending.has(`household:${s.slug}`)) return;
      const res = await call(t, s.staff, { method: 'POST', url: `/api/v1/communities/${s.slug}/households`, body: { label: '矩阵一户' } });
      pending.set(`household:${s.slug}`, (res.json() as { id: number }).id);
    },
    params: (s) => ({ id: pending.get(`household:${s.slug}`) as number }),
  },
  'GET /api/v1/communities/{slug}/my/profile': {},
  'PATCH /api/v1/communities/{slug}/my/profile': { body: () => ({ groups: ['women'] }) },
  'POST /api/v1/communities/{slug}/my/children': { body: () => ({ displayName: '小孩', birthYear: new Date().getFullYear() - 6 }) },
  'GET /api/v1/communities/{slug}/audit': {},
  'GET /api/v1/communities/{slug}/appointments': {},
  'POST /api/v1/communities/{slug}/appointments/{id}/confirm': proposedSupervisor(),
  'POST /api/v1/communities/{slug}/appointments/{id}/refuse': proposedSupervisor(),
  'POST /api/v1/communities/{slug}/appointments/{id}/withdraw': proposedSupervisor(),

  'GET /api/v1/communities/{slug}/fund/summary': {},
  'GET /api/v1/communities/{slug}/fund/accounts': {},
  'GET /api/v1/communities/{slug}/fund/entries': {},
  'GET /api/v1/communities/{slug}/fund/entries/{seq}': { params: (s) => ({ seq: s.incomeSeq }) },
  'GET /api/v1/communities/{slug}/fund/sources/{type}/{id}': { params: (s) => ({ type: 'market_order', id: s.market.paidOrderId }) },
  'GET /api/v1/communities/{slug}/fund/ledger.jsonl': {},
  'GET /api/v1/communities/{slug}/fund/disclosures/{file}': {
    params: () => ({ file: `${new Date().getFullYear()}-01.csv` }),
  },
  'POST /api/v1/communities/{slug}/fund/income': { idempotent: true, body: () => INCOME },
  'GET /api/v1/communities/{slug}/fund/corrections': {},
  'POST /api/v1/communities/{slug}/fund/corrections': {
    idempotent: true,
    before: async (s, t) => {
      pending.set(`income:${s.slug}`, await freshIncome(s, t));
    },
    body: (s) => ({ seq: pending.get(`income:${s.slug}`), note: '矩阵测试更正' }),
  },
  'POST /api/v1/communities/{slug}/fund/corrections/{id}/approve': proposedCorrection(),
  'POST /api/v1/communities/{slug}/fund/corrections/{id}/reject': { ...proposedCorrection(), body: () => ({ reason: '查过收据，不更正' }) },
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

  [`GET ${market}/categories`]: {},
  [`GET ${market}/listings`]: {},
  [`GET ${market}/listings/{listingId}`]: { params: (s) => ({ listingId: s.market.onSaleListingId }) },
  [`POST ${market}/makers/apply`]: { body: () => ({ story: '我做布鞋', crafts: '布鞋' }) },
  [`POST ${market}/makers`]: { body: () => ({ kind: 'organisation', name: '舞蹈队', consentNote: '签字同意书 002' }) },
  [`GET ${market}/makers`]: {},
  [`GET ${market}/makers/me`]: {},
  [`POST ${market}/makers/{makerId}/decision`]: { params: (s) => ({ makerId: s.market.appliedMakerId }), body: () => ({ decision: 'approve' }) },
  [`GET ${market}/makers/{makerId}/summary`]: { params: (s) => ({ makerId: s.market.makerId }) },
  [`GET ${market}/makers/{makerId}/statement`]: { params: (s) => ({ makerId: s.market.makerId }), query: `?month=${new Date().toISOString().slice(0, 7)}` },
  [`POST ${market}/makers/{makerId}/payouts`]: {
    idempotent: true,
    params: (s) => ({ makerId: s.market.makerId }),
    body: () => ({ amountFen: 1, method: 'cash', acknowledgedBy: '矩阵达人' }),
  },
  [`GET ${market}/makers/{makerId}/payouts`]: { params: (s) => ({ makerId: s.market.makerId }) },
  [`GET ${market}/manage/listings`]: {},
  [`POST ${market}/listings`]: {
    body: (s, _t, caller) => ({
      ...(caller === 'maker' ? {} : { makerId: s.market.makerId }),
      kind: 'good',
      title: '矩阵新品',
      category: '手工',
      makerTakeFen: 10_00,
      marginFen: 2_00,
    }),
  },
  [`PATCH ${market}/listings/{listingId}`]: { params: (s) => ({ listingId: s.market.draftListingId }), body: () => ({ description: '改过的介绍' }) },
  [`POST ${market}/listings/{listingId}/state`]: { params: (s) => ({ listingId: s.market.draftListingId }), body: () => ({ action: 'submit' }) },
  [`POST ${market}/listings/{listingId}/review`]: {
    params: (s) => ({ listingId: s.market.draftListingId }),
    body: () => ({ decision: 'reject', reason: '照片不清楚' }),
  },
  [`POST ${market}/listings/{listingId}/intake`]: { idempotent: true, params: (s) => ({ listingId: s.market.onSaleListingId }), body: () => ({ quantity: 1 }) },
  [`POST ${market}/listings/{listingId}/returns`]: {
    idempotent: true,
    params: (s) => ({ listingId: s.market.onSaleListingId }),
    body: () => ({ quantity: 1 }),
  },
  [`GET ${market}/listings/{listingId}/movements`]: { params: (s) => ({ listingId: s.market.onSaleListingId }) },
  [`POST ${market}/listings/{listingId}/slots`]: {
    params: (s) => ({ listingId: s.market.serviceListingId }),
    body: () => ({ startsAt: '2030-01-01T09:00:00Z', endsAt: '2030-01-01T10:00:00Z', capacity: 5 }),
  },
  [`POST ${market}/orders`]: { idempotent: true, body: (s) => ({ channel: 'online', items: one(s) }) },
  [`GET ${market}/orders`]: {},
  [`GET ${market}/orders/{orderId}`]: { params: (s) => ({ orderId: s.market.paidOrderId }) },
  [`GET ${market}/orders/{orderId}/receipt`]: { params: (s) => ({ orderId: s.market.paidOrderId }) },
  [`POST ${market}/orders/{orderId}/payments`]: { idempotent: true, params: (s) => ({ orderId: s.market.unpaidOrderId }), body: () => ({ method: 'cash' }) },
  [`POST ${market}/orders/{orderId}/cancel`]: { params: (s) => ({ orderId: s.market.cancellableOrderId }) },
  [`POST ${market}/orders/{orderId}/ready`]: { params: (s) => ({ orderId: s.market.paidOrderId }) },
  [`POST ${market}/orders/{orderId}/refunds`]: {
    idempotent: true,
    params: (s) => ({ orderId: s.market.refundableOrderId }),
    body: () => ({ amountFen: 1, reason: '矩阵退款' }),
  },
  [`GET ${market}/counter/search`]: { query: '?q=%E7%AB%B9' },
  [`POST ${market}/counter/sales`]: { idempotent: true, body: (s) => ({ items: one(s), payment: { method: 'cash' } }) },
  [`POST ${market}/counter/orders/{orderId}/collect`]: {
    idempotent: true,
    params: (s) => ({ orderId: s.market.collectableOrderId }),
    body: () => ({ payment: { method: 'cash' } }),
  },
  [`GET ${market}/cash-ups/current`]: {},
  [`POST ${market}/cash-ups`]: { idempotent: true, body: () => ({ countedFen: 0 }) },
  [`POST ${market}/cash-ups/{cashUpId}/countersign`]: { params: (s) => ({ cashUpId: s.market.cashUpId }) },
  [`GET ${market}/shop/workers`]: {},
  [`POST ${market}/shop/workers`]: { body: (s) => ({ userId: s.targetUserId, job: '理货', hourlyWageFen: 20_00 }) },
  [`GET ${market}/shop/shifts`]: { query: `?month=${new Date().toISOString().slice(0, 7)}` },
  [`POST ${market}/shop/shifts`]: { body: (s) => ({ workerId: s.market.workerId, workDate: new Date().toISOString().slice(0, 10), hours: 2 }) },
  [`POST ${market}/shop/wages`]: { idempotent: true, body: () => ({ month: new Date().toISOString().slice(0, 7) }) },

  // --- jobs (platform)
  'GET /api/v1/communities/{slug}/jobs': { query: '?state=failed' },

  // --- notifications
  'GET /api/v1/me/notifications': { query: '?unread=true' },
  'GET /api/v1/me/notifications/unread': {},
  'POST /api/v1/me/notifications/read': { body: () => ({ all: true }) },
  'GET /api/v1/me/notification-preferences': {},
  'PUT /api/v1/me/notification-preferences': { body: () => ({ sms: true, wechat: false, quietHours: { start: '21:00', end: '08:00' } }) },
  // WeChat is off in the test app: the allowed answer is 422 WECHAT_OFF
  'GET /api/v1/me/wechat/authorize': {},
  'DELETE /api/v1/me/wechat': {},
  'GET /api/v1/communities/{slug}/notifications/deliveries': { query: '?state=failed' },

  // --- addresses
  'GET /api/v1/communities/{slug}/addresses/estates': {},
  'GET /api/v1/communities/{slug}/addresses': { query: `?q=${encodeURIComponent('1栋')}` },
  'POST /api/v1/communities/{slug}/addresses': { body: () => ({ estate: '矩阵小区', building: '1栋', entrance: '', floors: { from: 1, to: 2, perFloor: 2 } }) },
  'POST /api/v1/communities/{slug}/addresses/{id}/retire': {
    before: async (s, t) => {
      addressCounter += 1;
      const room = `R${addressCounter}`;
      await call(t, s.staff, {
        method: 'POST',
        url: `/api/v1/communities/${s.slug}/addresses`,
        body: { estate: '矩阵小区', building: '9栋', entrance: '', rooms: [room] },
      });
      const found = await call(t, s.staff, { method: 'GET', url: `/api/v1/communities/${s.slug}/addresses?q=${encodeURIComponent(room)}` });
      pending.set(`address:${s.slug}`, (found.json() as { addresses: { id: number }[] }).addresses[0]!.id);
    },
    params: (s) => ({ id: pending.get(`address:${s.slug}`) as number }),
  },
};

export { key };
