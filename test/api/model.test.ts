import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMember } from '../../src/modules/identity/index.ts';
import { ChainVerifier } from '../../src/modules/ledger/ledger.chain.ts';
import { sha256Hex } from '../../src/modules/ledger/ledger.service.ts';
import { transact } from '../../src/platform/db.ts';
import type { Role } from '../../src/platform/context.ts';
import type { Client, Reply } from '../support/client.ts';
import { makeCommunity, makePerson } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Model-based test of the shop and the fund through the real API (PGlite, or the PostgreSQL
// server when DATABASE_URL is set). fast-check generates sequences of commands — list, buy,
// refund, pay out a maker, record a donation, fund expense (propose → approve → pay), correction
// (reverse a donation) — and after each one the app must agree with an in-memory model on stock
// per listing, each maker's pending take, the fund's balances and the number of journal entries;
// at the end of each run the exported chain verifies. A second property fires a batch of commands
// at once and checks what does not depend on their order. Every answer must be 2xx or a domain
// 4xx: a 5xx (an unretried serialization failure or deadlock, say) fails the run.
//
// Replay a failure with the seed and path fast-check prints:
//   MODEL_SEED=<seed> MODEL_PATH=<path> npx vitest run test/api/model.test.ts
// MODEL_RUNS sets the number of runs (default 15 sequential, 10 concurrent); MODEL_SHRINK=1 shrinks.

const SEED = Number(process.env.MODEL_SEED ?? 20261122);
const RUNS = Number(process.env.MODEL_RUNS ?? 15);
const PATH = process.env.MODEL_PATH;
const SHRINK = process.env.MODEL_SHRINK === '1';
const assertOptions = (runs: number, seedOffset: number): fc.Parameters<unknown> => ({
  seed: SEED + seedOffset,
  numRuns: PATH ? 1 : runs,
  ...(PATH ? { path: PATH } : {}),
  endOnFailure: !SHRINK,
  verbose: 1,
});

let t: TestApp;
type Person = Awaited<ReturnType<typeof makePerson>>;
let staff: Person, clerk: Person, sup1: Person, sup2: Person;
const makerUsers: Person[] = [];
const key = () => `m-${crypto.randomUUID()}`;
const EXPENSE = 'expense:elderly_care';
let communityCounter = 0;
/** Every status the API answered, for the closing figures. */
const statuses: Record<string, number> = {};
let commandsRun = 0;

/** Calls the API; any 5xx (or a body with internals) fails the run at once. */
async function call<T>(client: Client, method: 'GET' | 'POST', url: string, body?: unknown, idempotencyKey?: string): Promise<Reply<T>> {
  const res = await client.request<T>(method, url, { ...(body !== undefined ? { body } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) });
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  if (res.status >= 500) throw new Error(`${method} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}
function expectStatus(res: Reply, ...allowed: number[]) {
  if (!allowed.includes(res.status)) throw new Error(`expected ${allowed.join('/')}, got ${res.status}: ${res.text.slice(0, 300)}`);
}

interface ListingM {
  id: number;
  maker: number;
  stock: number;
  priceFen: number;
  takeFen: number;
  fundFen: number;
}
interface OrderM {
  id: number;
  listing: number;
  quantity: number;
  total: number;
  take: number;
  maker: number;
  refunded: number;
  refundedTake: number;
}
interface Model {
  listings: ListingM[];
  orders: OrderM[];
  /** Pending take per maker (index 0, 1), in fen. */
  pending: [number, number];
  /** Expected balances (debit positive) of the accounts the commands touch. */
  balances: Record<string, number>;
  entries: number;
  donations: { seq: number; amount: number; reversed: boolean }[];
}
interface Real {
  slug: string;
  communityId: number;
  makerIds: [number, number];
  M: string;
  FUND: string;
}

const ACCOUNTS = ['cash', 'income:sale_margin', 'income:donation', EXPENSE];
const payable = (real: Real, maker: number) => `maker_payable:${real.makerIds[maker]}`;
const add = (m: Model, account: string, fen: number) => (m.balances[account] = (m.balances[account] ?? 0) + fen);

async function entryCount(communityId: number): Promise<number> {
  const rows = await t.handle.asOwner((o) => o.query<{ n: number }>(`select count(*)::int as n from ledger_entries where community_id = $1`, [communityId]));
  return rows[0]!.n;
}
async function balancesOf(real: Real): Promise<Record<string, number>> {
  const res = await call<{ accounts: { code: string; balanceFen: number }[] }>(staff.client, 'GET', `${real.FUND}/accounts`);
  return Object.fromEntries(res.body.accounts.map((a) => [a.code, a.balanceFen]));
}

/** A fresh community with the same people in it and two approved makers: each run starts clean. */
async function setup(): Promise<{ model: Model; real: Real }> {
  communityCounter += 1;
  const slug = `model${communityCounter}${crypto.randomBytes(2).toString('hex')}`;
  const community = await makeCommunity(t, slug);
  const join = async (p: Person, roles: Role[]) => transact(t.deps.db, { communityId: community.id }, (tx) => ensureMember(tx, community.id, p.userId, roles));
  await join(staff, ['staff', 'resident']);
  await join(clerk, ['clerk', 'resident']);
  await join(sup1, ['supervisor']);
  await join(sup2, ['supervisor']);
  const M = `/api/v1/communities/${slug}/market`;
  const FUND = `/api/v1/communities/${slug}/fund`;
  const makerIds: number[] = [];
  for (const u of makerUsers) {
    await join(u, ['resident']);
    const applied = await call<{ id: number }>(u.client, 'POST', `${M}/makers/apply`, { story: '手艺三十年', crafts: '手工编织' });
    expectStatus(applied, 201);
    expectStatus(await call(staff.client, 'POST', `${M}/makers/${applied.body.id}/decision`, { decision: 'approve' }), 200);
    makerIds.push(applied.body.id);
  }
  const real: Real = { slug, communityId: community.id, makerIds: makerIds as [number, number], M, FUND };
  const published = await balancesOf(real);
  const model: Model = {
    listings: [],
    orders: [],
    pending: [0, 0],
    balances: Object.fromEntries(ACCOUNTS.map((a) => [a, published[a] ?? 0])),
    entries: await entryCount(community.id),
    donations: [],
  };
  return { model, real };
}

/** The app must agree with the model on stock, pending takes, balances and the number of entries. */
async function compare(model: Model, real: Real) {
  for (const l of model.listings) {
    const res = await call<{ stock: number }>(staff.client, 'GET', `${real.M}/listings/${l.id}`);
    expect([`listing ${l.id} stock`, res.body.stock]).toEqual([`listing ${l.id} stock`, l.stock]);
  }
  const published = await balancesOf(real);
  for (const maker of [0, 1])
    expect([`maker ${maker} pending`, -(published[payable(real, maker)] ?? 0) + 0]).toEqual([`maker ${maker} pending`, model.pending[maker]]);
  for (const a of ACCOUNTS) expect([a, published[a] ?? 0]).toEqual([a, model.balances[a]]);
  expect(['entries', await entryCount(real.communityId)]).toEqual(['entries', model.entries]);
}

async function verifyChain(real: Real) {
  const res = await t.app.inject({ method: 'GET', url: `${real.FUND}/ledger.jsonl` });
  expect(res.statusCode).toBe(200);
  const verifier = new ChainVerifier(sha256Hex);
  for (const line of res.body.split('\n')) if (line.trim()) await verifier.add(line);
  const report = verifier.report();
  expect(report.ok, JSON.stringify(report)).toBe(true);
  return report;
}

type Cmd = fc.AsyncCommand<Model, Real>;

class ListCmd implements Cmd {
  constructor(
    readonly maker: number,
    readonly takeFen: number,
    readonly quantity: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const created = await call<{ id: number; split: { priceFen: number; makerTakeFen: number; fundFen: number } }>(staff.client, 'POST', `${r.M}/listings`, {
      makerId: r.makerIds[this.maker],
      kind: 'good',
      title: '手工编织围巾',
      category: '手工编织',
      makerTakeFen: this.takeFen,
      consentNote: '本人同意，工作人员代为上架',
    });
    expectStatus(created, 201);
    const id = created.body.id;
    expect(created.body.split.priceFen).toBe(created.body.split.makerTakeFen + created.body.split.fundFen);
    expect(created.body.split.makerTakeFen).toBe(this.takeFen);
    if (this.quantity > 0) expectStatus(await call(clerk.client, 'POST', `${r.M}/listings/${id}/intake`, { quantity: this.quantity }, key()), 201);
    expectStatus(await call(staff.client, 'POST', `${r.M}/listings/${id}/state`, { action: 'submit' }), 200);
    expectStatus(await call(staff.client, 'POST', `${r.M}/listings/${id}/review`, { decision: 'approve' }), 200);
    m.listings.push({
      id,
      maker: this.maker,
      stock: this.quantity,
      priceFen: created.body.split.priceFen,
      takeFen: this.takeFen,
      fundFen: created.body.split.fundFen,
    });
    await compare(m, r);
  }
  toString = () => `list(maker ${this.maker}, take ${this.takeFen}, qty ${this.quantity})`;
}

class BuyCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly quantity: number,
    readonly replay: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.listings.length > 0;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const l = m.listings[this.pick % m.listings.length]!;
    const k = key();
    const body = { items: [{ listingId: l.id, quantity: this.quantity }], payment: { method: 'cash' } };
    const res = await call<{ order: { id: number; totalFen: number } }>(clerk.client, 'POST', `${r.M}/counter/sales`, body, k);
    if (l.stock < this.quantity) {
      expectStatus(res, 409, 422);
    } else {
      expectStatus(res, 201);
      if (this.replay) {
        // A till that did not hear the answer sends the same request again: the same sale, once.
        const again = await call<{ order: { id: number } }>(clerk.client, 'POST', `${r.M}/counter/sales`, body, k);
        expectStatus(again, 200, 201);
        expect(again.body.order.id).toBe(res.body.order.id);
      }
      const total = l.priceFen * this.quantity;
      const take = l.takeFen * this.quantity;
      expect(res.body.order.totalFen).toBe(total);
      l.stock -= this.quantity;
      m.orders.push({ id: res.body.order.id, listing: l.id, quantity: this.quantity, total, take, maker: l.maker, refunded: 0, refundedTake: 0 });
      add(m, 'cash', total);
      add(m, 'income:sale_margin', -(total - take));
      m.pending[l.maker as 0 | 1] += take;
      m.entries += 1;
    }
    await compare(m, r);
  }
  toString = () => `buy(#${this.pick}, qty ${this.quantity}${this.replay ? ', replayed' : ''})`;
}

class RefundCmd implements Cmd {
  constructor(
    readonly pick: number,
    /** null: refund what is left; otherwise this share (per mille) of the total. */
    readonly share: number | null,
    readonly restock: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const o = m.orders[this.pick % m.orders.length]!;
    const remaining = o.total - o.refunded;
    const amount = this.share === null ? remaining : Math.max(1, Math.floor((o.total * this.share) / 1000));
    const body = { reason: '顾客退货', restock: this.restock, ...(this.share === null ? {} : { amountFen: amount }) };
    const res = await call<{ amountFen: number; makerTakeFen: number; fundFen: number; restocked: boolean }>(
      clerk.client,
      'POST',
      `${r.M}/orders/${o.id}/refunds`,
      body,
      key(),
    );
    if (remaining === 0 || amount > remaining) {
      expectStatus(res, 409, 422);
    } else {
      expectStatus(res, 201);
      const { makerTakeFen, fundFen } = res.body;
      expect(res.body.amountFen).toBe(amount);
      expect(makerTakeFen + fundFen).toBe(amount);
      expect(makerTakeFen).toBeGreaterThanOrEqual(0);
      expect(makerTakeFen).toBeLessThanOrEqual(o.take - o.refundedTake);
      if (amount === remaining) expect(o.refundedTake + makerTakeFen, 'partial refunds add up to the full take').toBe(o.take);
      const restocks = amount === remaining && o.refunded === 0 && this.restock;
      expect(res.body.restocked).toBe(restocks);
      if (restocks) m.listings.find((l) => l.id === o.listing)!.stock += o.quantity;
      o.refunded += amount;
      o.refundedTake += makerTakeFen;
      add(m, 'cash', -amount);
      add(m, 'income:sale_margin', fundFen);
      m.pending[o.maker as 0 | 1] -= makerTakeFen;
      m.entries += 1;
    }
    await compare(m, r);
  }
  toString = () => `refund(#${this.pick}, ${this.share === null ? 'rest' : `${this.share}‰`}${this.restock ? ', restock' : ''})`;
}

class PayoutCmd implements Cmd {
  constructor(readonly maker: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const res = await call<{ amountFen: number; pendingTakeFen: number }>(
      staff.client,
      'POST',
      `${r.M}/makers/${r.makerIds[this.maker]}/payouts`,
      { method: 'cash', acknowledgedBy: '本人' },
      key(),
    );
    const pending = m.pending[this.maker as 0 | 1];
    if (pending <= 0) {
      expectStatus(res, 409, 422);
    } else {
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ amountFen: pending, pendingTakeFen: 0 });
      m.pending[this.maker as 0 | 1] = 0;
      add(m, 'cash', -pending);
      m.entries += 1;
    }
    await compare(m, r);
  }
  toString = () => `payout(maker ${this.maker})`;
}

class DonationCmd implements Cmd {
  constructor(readonly amount: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const res = await call<{ seq: number }>(
      staff.client,
      'POST',
      `${r.FUND}/income`,
      { channel: 'donation', amountFen: this.amount, receivedInto: 'cash', memo: '爱心捐赠', payer: null },
      key(),
    );
    expectStatus(res, 201);
    m.donations.push({ seq: res.body.seq, amount: this.amount, reversed: false });
    add(m, 'cash', this.amount);
    add(m, 'income:donation', -this.amount);
    m.entries += 1;
    await compare(m, r);
  }
  toString = () => `donation(${this.amount})`;
}

class ExpenseCmd implements Cmd {
  constructor(readonly amount: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const proposed = await call<{ id: number; status: string }>(staff.client, 'POST', `${r.FUND}/expenses`, {
      purpose: EXPENSE,
      payee: { name: '九九驿站', isPerson: false, showName: true },
      amountFen: this.amount,
      memo: '老人助餐食材',
    });
    expectStatus(proposed, 201);
    const id = proposed.body.id;
    // The proposer may not approve; a supervisor does (a second one above the threshold).
    expectStatus(await call(staff.client, 'POST', `${r.FUND}/expenses/${id}/approve`), 403, 409);
    let approved = await call<{ status: string }>(sup1.client, 'POST', `${r.FUND}/expenses/${id}/approve`);
    expectStatus(approved, 200);
    if (approved.body.status === 'proposed') approved = await call<{ status: string }>(sup2.client, 'POST', `${r.FUND}/expenses/${id}/approve`);
    expect(approved.body.status).toBe('approved');
    const paid = await call<{ status: string }>(staff.client, 'POST', `${r.FUND}/expenses/${id}/pay`, { from: 'cash' }, key());
    expectStatus(paid, 200);
    expect(paid.body.status).toBe('paid');
    add(m, 'cash', -this.amount);
    add(m, EXPENSE, this.amount);
    m.entries += 1;
    await compare(m, r);
  }
  toString = () => `expense(${this.amount})`;
}

class CorrectionCmd implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.donations.length > 0;
  async run(m: Model, r: Real) {
    commandsRun += 1;
    const d = m.donations[this.pick % m.donations.length]!;
    // staff propose, a supervisor approves: only then is the reversal posted
    const proposed = await call<{ id: number }>(staff.client, 'POST', `${r.FUND}/corrections`, { seq: d.seq, note: '金额录入错误，冲销' }, key());
    if (d.reversed) {
      expectStatus(proposed, 409, 422);
    } else {
      expectStatus(proposed, 201);
      expectStatus(await call(sup1.client, 'POST', `${r.FUND}/corrections/${proposed.body.id}/approve`), 200);
      d.reversed = true;
      add(m, 'cash', -d.amount);
      add(m, 'income:donation', d.amount);
      m.entries += 1;
    }
    await compare(m, r);
  }
  toString = () => `correction(donation #${this.pick})`;
}

const commands = [
  fc
    .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 4 }))
    .map(([mk, take, q]) => new ListCmd(mk, take, q)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([p, q, replay]) => new BuyCmd(p, q, replay)),
  fc.tuple(fc.nat(), fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 2 }), fc.boolean()).map(([p, s, restock]) => new RefundCmd(p, s, restock)),
  fc.integer({ min: 0, max: 1 }).map((mk) => new PayoutCmd(mk)),
  fc.integer({ min: 1, max: 100_000 }).map((a) => new DonationCmd(a)),
  fc.integer({ min: 1, max: 50_000 }).map((a) => new ExpenseCmd(a)),
  fc.nat().map((p) => new CorrectionCmd(p)),
];

beforeAll(async () => {
  t = await createTestApp();
  const home = await makeCommunity(t, 'modelhome');
  staff = await makePerson(t, { community: home, roles: ['staff', 'resident'], name: '李文华' });
  clerk = await makePerson(t, { community: home, roles: ['clerk', 'resident'], name: '刘小燕' });
  sup1 = await makePerson(t, { community: home, roles: ['supervisor'], name: '王建国' });
  sup2 = await makePerson(t, { community: home, roles: ['supervisor'], name: '陈秀英' });
  makerUsers.push(await makePerson(t, { community: home, roles: ['resident'], name: '张秀兰' }));
  makerUsers.push(await makePerson(t, { community: home, roles: ['resident'], name: '周明德' }));
}, 60_000);
afterAll(async () => {
  console.log(
    `model: ${JSON.stringify({ database: process.env.DATABASE_URL ? 'postgres' : 'pglite', seed: SEED, communities: communityCounter, commandsRun, statuses })}`,
  );
  await t?.close();
});

describe('the shop and the fund against an in-memory model', () => {
  it('agree after every command of every generated sequence, and the chain verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: '+1' }), async (cmds) => {
        const { model, real } = await setup();
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        const report = await verifyChain(real);
        expect(report.entries).toBe(model.entries);
      }),
      assertOptions(RUNS, 0),
    );
  }, 240_000);

  it('keep their order-free invariants when a batch of commands runs at once', async () => {
    // Each run: two listings and a few sales, donations and approved expenses made one by one;
    // then a batch (sales, double refunds, payouts, double payments, double corrections,
    // donations) fired together. Expected totals are computed from the answers that succeeded.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('buy' as const), pick: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('payout' as const), maker: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('pay' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('correction' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('donation' as const), amount: fc.integer({ min: 1, max: 100_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 16 }), async (batch) => {
        const { model, real } = await setup();
        await new ListCmd(0, 12_000, 4).run(model, real);
        await new ListCmd(1, 777, 3).run(model, real);
        for (const [p, q] of [
          [0, 1],
          [1, 2],
          [0, 1],
        ] as const)
          await new BuyCmd(p, q, false).run(model, real);
        await new DonationCmd(50_000).run(model, real);
        await new DonationCmd(20_000).run(model, real);
        const expenses: { id: number; amount: number }[] = [];
        for (const amount of [3_000, 4_500]) {
          const proposed = await call<{ id: number }>(staff.client, 'POST', `${real.FUND}/expenses`, {
            purpose: EXPENSE,
            payee: { name: '九九驿站', isPerson: false, showName: true },
            amountFen: amount,
            memo: '老人助餐食材',
          });
          expectStatus(await call(sup1.client, 'POST', `${real.FUND}/expenses/${proposed.body.id}/approve`), 200);
          expenses.push({ id: proposed.body.id, amount });
        }

        const answers = await Promise.all(
          batch.map(async (o) => {
            switch (o.kind) {
              case 'buy': {
                const l = model.listings[o.pick % model.listings.length]!;
                const res = await call<{ order: { id: number; totalFen: number } }>(
                  clerk.client,
                  'POST',
                  `${real.M}/counter/sales`,
                  { items: [{ listingId: l.id, quantity: o.quantity }], payment: { method: 'cash' } },
                  key(),
                );
                expectStatus(res, 201, 409, 422);
                return { o, res, l };
              }
              case 'refund': {
                const order = model.orders[o.pick % model.orders.length]!;
                const res = await call<{ amountFen: number; makerTakeFen: number; fundFen: number; restocked: boolean }>(
                  clerk.client,
                  'POST',
                  `${real.M}/orders/${order.id}/refunds`,
                  { reason: '顾客退货' },
                  key(),
                );
                expectStatus(res, 201, 409, 422);
                return { o, res, order };
              }
              case 'payout': {
                const res = await call<{ amountFen: number }>(
                  staff.client,
                  'POST',
                  `${real.M}/makers/${real.makerIds[o.maker]}/payouts`,
                  { method: 'cash', acknowledgedBy: '本人' },
                  key(),
                );
                expectStatus(res, 201, 409, 422);
                return { o, res };
              }
              case 'pay': {
                const e = expenses[o.pick % expenses.length]!;
                const res = await call(staff.client, 'POST', `${real.FUND}/expenses/${e.id}/pay`, { from: 'cash' }, key());
                expectStatus(res, 200, 409, 422);
                return { o, res, e };
              }
              case 'correction': {
                const d = model.donations[o.pick % model.donations.length]!;
                // two at once: one proposal waits (the other is refused), and only it can be approved
                const proposed = await call<{ id: number }>(staff.client, 'POST', `${real.FUND}/corrections`, { seq: d.seq, note: '冲销' }, key());
                expectStatus(proposed, 201, 409, 422);
                if (proposed.status !== 201) return { o, res: proposed, d };
                const res = await call(sup1.client, 'POST', `${real.FUND}/corrections/${proposed.body.id}/approve`);
                expectStatus(res, 200);
                return { o, res, d };
              }
              case 'donation': {
                const res = await call(
                  staff.client,
                  'POST',
                  `${real.FUND}/income`,
                  { channel: 'donation', amountFen: o.amount, receivedInto: 'cash', memo: '爱心捐赠', payer: null },
                  key(),
                );
                expectStatus(res, 201);
                return { o, res };
              }
            }
          }),
        );

        // Apply what succeeded; the double actions must have succeeded at most once each.
        const refundedOrders = new Map<number, number>();
        const paidExpenses = new Map<number, number>();
        const reversed = new Map<number, number>();
        for (const a of answers) {
          if (a.res.status >= 300) continue;
          model.entries += 1;
          if (a.o.kind === 'buy') {
            const l = a.l!;
            const q = a.o.quantity;
            l.stock -= q;
            model.orders.push({
              id: (a.res.body as { order: { id: number } }).order.id,
              listing: l.id,
              quantity: q,
              total: l.priceFen * q,
              take: l.takeFen * q,
              maker: l.maker,
              refunded: 0,
              refundedTake: 0,
            });
            add(model, 'cash', l.priceFen * q);
            add(model, 'income:sale_margin', -l.fundFen * q);
            model.pending[l.maker as 0 | 1] += l.takeFen * q;
          } else if (a.o.kind === 'refund') {
            const order = a.order!;
            const body = a.res.body as { amountFen: number; makerTakeFen: number; fundFen: number; restocked: boolean };
            refundedOrders.set(order.id, (refundedOrders.get(order.id) ?? 0) + 1);
            expect(body.amountFen).toBe(order.total);
            expect(body.makerTakeFen).toBe(order.take);
            if (body.restocked) model.listings.find((l) => l.id === order.listing)!.stock += order.quantity;
            add(model, 'cash', -order.total);
            add(model, 'income:sale_margin', body.fundFen);
            model.pending[order.maker as 0 | 1] -= order.take;
          } else if (a.o.kind === 'payout') {
            const amount = (a.res.body as { amountFen: number }).amountFen;
            model.pending[a.o.maker as 0 | 1] -= amount;
            add(model, 'cash', -amount);
          } else if (a.o.kind === 'pay') {
            paidExpenses.set(a.e!.id, (paidExpenses.get(a.e!.id) ?? 0) + 1);
            add(model, 'cash', -a.e!.amount);
            add(model, EXPENSE, a.e!.amount);
          } else if (a.o.kind === 'correction') {
            reversed.set(a.d!.seq, (reversed.get(a.d!.seq) ?? 0) + 1);
            add(model, 'cash', -a.d!.amount);
            add(model, 'income:donation', a.d!.amount);
          } else {
            add(model, 'cash', a.o.amount);
            add(model, 'income:donation', -a.o.amount);
          }
        }
        for (const n of [...refundedOrders.values(), ...paidExpenses.values(), ...reversed.values()]) expect(n, 'a double action succeeded twice').toBe(1);
        for (const l of model.listings) expect(l.stock).toBeGreaterThanOrEqual(0);
        await compare(model, real);
        const report = await verifyChain(real);
        expect(report.entries).toBe(model.entries);
      }),
      assertOptions(Math.max(1, Math.round((RUNS * 2) / 3)), 1),
    );
  }, 240_000);
});
