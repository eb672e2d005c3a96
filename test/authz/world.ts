import crypto from 'node:crypto';
import sharp from 'sharp';
import type { Role } from '../../src/platform/context.ts';
import { transact } from '../../src/platform/db.ts';
import { insertUser } from '../../src/modules/identity/index.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import { makeCommunity, makePerson, nextPhone, PASSWORD } from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';

/** Who calls a cell of the matrix. */
export type CallerKind = 'anonymous' | Role | 'platformAdmin';

/** Every kind of caller of the installed app: anonymous, a member holding each role it knows, a platform admin. */
export function callersOf(t: TestApp): CallerKind[] {
  return ['anonymous', ...t.deps.roles.keys(), 'platformAdmin'];
}

/** A fixed, well-formed CSRF token: the double-submit check compares cookie and header only. */
export const CSRF = 'matrix-csrf-token-0123456789';

export interface Caller {
  kind: CallerKind;
  /** The session cookie value, or null for anonymous. */
  session: string | null;
  userId: number | null;
}

/** One community with the objects the routes' samples point at, made by helper accounts. */
export interface Side {
  slug: string;
  id: number;
  staff: Caller;
  supervisor: Caller;
  /** A plain resident that role and consent routes act on. */
  targetUserId: number;
  incomeSeq: number;
  proposedExpenseId: number;
  rejectableExpenseId: number;
  approvedExpenseId: number;
  fileSha256: string;
  /** The shop, filled by stockMarket. */
  market: MarketObjects;
}

export interface MarketObjects {
  makerId: number;
  appliedMakerId: number;
  onSaleListingId: number;
  draftListingId: number;
  /** A draft service listing, which takes time slots. */
  serviceListingId: number;
  paidOrderId: number;
  refundableOrderId: number;
  unpaidOrderId: number;
  cancellableOrderId: number;
  collectableOrderId: number;
  cashUpId: number;
  workerId: number;
}

export interface Reply {
  status: number;
  type: string;
  body: string;
  json: () => unknown;
}

let addressCounter = 0;
/** Each call comes from its own address so that per-address rate limits stay out of the matrix. */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export function key(): string {
  return `k-${crypto.randomBytes(12).toString('hex')}`;
}

export async function call(
  t: TestApp,
  caller: Caller | null,
  request: {
    method: string;
    url: string;
    body?: unknown;
    raw?: { payload: Buffer; contentType: string };
    headers?: Record<string, string>;
    cookies?: Record<string, string>;
  },
): Promise<Reply> {
  const headers: Record<string, string> = { 'x-csrf-token': CSRF, ...request.headers };
  const cookies: Record<string, string> = { weiyi_csrf: CSRF, ...(caller?.session ? { weiyi_session: caller.session } : {}), ...request.cookies };
  headers.cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  let payload: string | Buffer | undefined;
  if (request.raw) {
    payload = request.raw.payload;
    headers['content-type'] = request.raw.contentType;
  } else if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  const res = await t.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    remoteAddress: nextAddress(),
    ...(payload !== undefined ? { payload } : {}),
  });
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, type, body: res.body, json: () => JSON.parse(res.body) as unknown };
}

export async function person(
  t: TestApp,
  options: { community?: { id: number }; roles?: Role[]; platformAdmin?: boolean },
): Promise<Caller & { phone: string }> {
  const p = await makePerson(t, options);
  const kind: CallerKind = options.platformAdmin ? 'platformAdmin' : (options.roles?.[0] ?? 'resident');
  return { kind, session: p.client.cookie('weiyi_session') ?? null, userId: p.userId, phone: p.phone };
}

export async function callerOf(t: TestApp, kind: CallerKind, community: { id: number }): Promise<Caller> {
  if (kind === 'anonymous') return { kind, session: null, userId: null };
  if (kind === 'platformAdmin') return person(t, { platformAdmin: true });
  return person(t, { community, roles: [kind] });
}

let passwordHash: Promise<string> | null = null;
/** An account with a password and no community, straight in the database. */
export async function newAccount(t: TestApp): Promise<{ phone: string; userId: number }> {
  passwordHash ??= hashPassword(PASSWORD);
  const phone = nextPhone();
  const hash = await passwordHash;
  const user = await transact(t.deps.db, {}, (tx) => insertUser(tx, { phone, display_name: '矩阵', password_hash: hash }));
  return { phone, userId: user.id };
}

export async function pngBytes(): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
    .png()
    .toBuffer();
}

export function multipartFile(bytes: Buffer, filename = 'a.png', contentType = 'image/png') {
  const boundary = '----weiyi-matrix-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function expectOk(what: string, res: Reply): Reply {
  if (res.status >= 300) throw new Error(`setting up the matrix: ${what} answered ${res.status} ${res.body}`);
  return res;
}

export const INCOME = {
  channel: 'donation',
  amountFen: 500_00,
  receivedInto: 'cash',
  memo: '矩阵测试捐赠',
  payer: null,
  attachments: [],
} as const;
export const EXPENSE = {
  purpose: 'expense:upkeep',
  payee: { name: '维修队', isPerson: false, showName: false },
  amountFen: 10_00,
  memo: '矩阵测试支出',
  attachments: [],
} as const;

/** A community with helper staff and supervisor, a resident to act on, an income, three expenses and a file. */
export async function makeSide(t: TestApp, slug: string): Promise<Side> {
  const community = await makeCommunity(t, slug);
  const staff = await person(t, { community, roles: ['staff'] });
  const supervisor = await person(t, { community, roles: ['supervisor'] });
  const target = await person(t, { community, roles: ['resident'] });
  const base = `/api/v1/communities/${slug}`;
  const income = expectOk('income', await call(t, staff, { method: 'POST', url: `${base}/fund/income`, body: INCOME, headers: { 'idempotency-key': key() } }));
  await call(t, staff, { method: 'POST', url: `${base}/fund/income`, body: { ...INCOME, receivedInto: 'bank' }, headers: { 'idempotency-key': key() } });
  const propose = async () =>
    (expectOk('expense', await call(t, staff, { method: 'POST', url: `${base}/fund/expenses`, body: EXPENSE })).json() as { id: number }).id;
  const proposedExpenseId = await propose();
  const rejectableExpenseId = await propose();
  const approvedExpenseId = await propose();
  expectOk('approve', await call(t, supervisor, { method: 'POST', url: `${base}/fund/expenses/${approvedExpenseId}/approve` }));
  const file = expectOk('upload', await call(t, staff, { method: 'POST', url: `${base}/files`, raw: multipartFile(await pngBytes()) }));
  return {
    slug,
    id: community.id,
    staff,
    supervisor,
    targetUserId: target.userId!,
    incomeSeq: (income.json() as { seq: number }).seq,
    proposedExpenseId,
    rejectableExpenseId,
    approvedExpenseId,
    fileSha256: (file.json() as { sha256: string }).sha256,
    market: {} as MarketObjects,
  };
}

/**
 * The shop of a side: a maker (the given person, so that the matrix's maker owns the listings),
 * a listing on sale with stock, a draft listing, a maker application, orders in each state the
 * order routes need (bought by a helper resident, so that no matrix caller is their buyer) and a cash-up.
 */
export async function stockMarket(t: TestApp, side: Side, makerUserId: number): Promise<void> {
  const base = `/api/v1/communities/${side.slug}/market`;
  const community = { id: side.id };
  const clerk = await person(t, { community, roles: ['clerk'] });
  const buyer = await person(t, { community, roles: ['resident'] });
  const applicant = await person(t, { community, roles: ['resident'] });
  const json = <T>(r: Reply) => r.json() as T;
  const maker = json<{ id: number }>(
    expectOk(
      'maker',
      await call(t, side.staff, {
        method: 'POST',
        url: `${base}/makers`,
        body: { kind: 'person', name: '矩阵达人', userId: makerUserId, consentNote: '签字同意书 矩阵' },
      }),
    ),
  );
  const applied = json<{ id: number }>(
    expectOk('apply', await call(t, applicant, { method: 'POST', url: `${base}/makers/apply`, body: { story: '我会编竹篮', crafts: '竹编' } })),
  );
  const listing = (title: string) =>
    call(t, side.staff, {
      method: 'POST',
      url: `${base}/listings`,
      body: { makerId: maker.id, kind: 'good', title, category: '手工', makerTakeFen: 120_00, marginFen: 30_00 },
    });
  const onSale = json<{ id: number }>(expectOk('listing', await listing('竹篮')));
  const draft = json<{ id: number }>(expectOk('draft listing', await listing('竹扇')));
  const service = json<{ id: number }>(
    expectOk(
      'service listing',
      await call(t, side.staff, {
        method: 'POST',
        url: `${base}/listings`,
        body: { makerId: maker.id, kind: 'service', title: '上门理发', category: '服务', makerTakeFen: 20_00, marginFen: 5_00 },
      }),
    ),
  );
  expectOk('submit', await call(t, side.staff, { method: 'POST', url: `${base}/listings/${onSale.id}/state`, body: { action: 'submit' } }));
  expectOk('review', await call(t, side.staff, { method: 'POST', url: `${base}/listings/${onSale.id}/review`, body: { decision: 'approve' } }));
  expectOk(
    'intake',
    await call(t, clerk, { method: 'POST', url: `${base}/listings/${onSale.id}/intake`, body: { quantity: 500 }, headers: { 'idempotency-key': key() } }),
  );
  const items = [{ listingId: onSale.id, quantity: 1 }];
  const sale = async () =>
    json<{ order: { id: number } }>(
      expectOk(
        'counter sale',
        await call(t, clerk, {
          method: 'POST',
          url: `${base}/counter/sales`,
          body: { items, payment: { method: 'cash' } },
          headers: { 'idempotency-key': key() },
        }),
      ),
    ).order.id;
  const online = async () =>
    json<{ id: number }>(
      expectOk(
        'online order',
        await call(t, buyer, { method: 'POST', url: `${base}/orders`, body: { channel: 'online', items }, headers: { 'idempotency-key': key() } }),
      ),
    ).id;
  const paidOrderId = await sale();
  const refundableOrderId = await sale();
  const unpaidOrderId = await online();
  const cancellableOrderId = await online();
  const collectableOrderId = await online();
  const cashUp = json<{ id: number }>(
    expectOk('cash-up', await call(t, clerk, { method: 'POST', url: `${base}/cash-ups`, body: { countedFen: 300_00 }, headers: { 'idempotency-key': key() } })),
  );
  const worker = json<{ id: number }>(
    expectOk(
      'worker',
      await call(t, side.staff, { method: 'POST', url: `${base}/shop/workers`, body: { userId: clerk.userId, job: '收银', hourlyWageFen: 25_00 } }),
    ),
  );
  side.market = {
    workerId: worker.id,
    makerId: maker.id,
    appliedMakerId: applied.id,
    onSaleListingId: onSale.id,
    draftListingId: draft.id,
    serviceListingId: service.id,
    paidOrderId,
    refundableOrderId,
    unpaidOrderId,
    cancellableOrderId,
    collectableOrderId,
    cashUpId: cashUp.id,
  };
}
