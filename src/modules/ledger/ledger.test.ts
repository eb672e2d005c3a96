import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, type Problem } from '../../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ledgerCommand } from './ledger.cli.ts';
import type { CorrectionView, EntryView, ExpenseView } from './ledger.schemas.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let staff: Awaited<ReturnType<typeof makePerson>>;
let supervisor: Awaited<ReturnType<typeof makePerson>>;
let supervisor2: Awaited<ReturnType<typeof makePerson>>;
let resident: Awaited<ReturnType<typeof makePerson>>;
let otherStaff: Awaited<ReturnType<typeof makePerson>>;
let receipt: string;

const FUND = '/api/v1/communities/nanhu/fund';
let keyCounter = 0;
const key = () => `test-key-${process.pid}-${++keyCounter}`;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  const other = await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff', 'resident'], name: '李文华' });
  supervisor = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '王建国' });
  supervisor2 = await makePerson(t, { community: nanhu, roles: ['supervisor'], name: '陈秀英' });
  resident = await makePerson(t, { community: nanhu, roles: ['resident'], name: '赵德明' });
  otherStaff = await makePerson(t, { community: other, roles: ['staff'] });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const up = await staff.client.request<{ sha256: string }>('POST', '/api/v1/communities/nanhu/files', multipart('receipt.pdf', pdf));
  expect(up.status).toBe(201);
  receipt = up.body.sha256;
});
afterAll(() => t.close());

async function counts() {
  const [row] = await t.handle.asOwner((o) =>
    o.query<{ entries: number; expenses: number }>(
      `select (select count(*)::int from ledger_entries where community_id = $1) as entries, (select count(*)::int from ledger_expenses where community_id = $1) as expenses`,
      [nanhu.id],
    ),
  );
  return row!;
}

const donation = (over: Record<string, unknown> = {}) => ({
  channel: 'donation',
  amountFen: 50_000,
  receivedInto: 'bank',
  memo: '爱心捐赠',
  payer: { name: '张小明', isPerson: true, showName: false },
  attachments: [receipt],
  ...over,
});

describe('income', () => {
  it('staff record a donation with its receipt; the public sees it at once with the donor’s name masked', async () => {
    const res = await staff.client.post<{ seq: number; hash: string }>(`${FUND}/income`, donation(), { idempotencyKey: key() });
    expect(res.status).toBe(201);
    const list = await new Client(t.app).get<{ entries: EntryView[] }>(`${FUND}/entries`);
    expect(list.status).toBe(200);
    const entry = list.body.entries[0]!;
    expect(entry).toMatchObject({ seq: res.body.seq, kind: 'income', memo: '爱心捐赠', party: '张*明', hash: res.body.hash });
    expect(entry.postings).toEqual([
      { account: 'bank', name: '银行存款', fen: 50_000 },
      { account: 'income:donation', name: '捐赠', fen: -50_000 },
    ]);
    expect(entry.attachments).toEqual([{ sha256: receipt, url: `/files/${receipt}` }]);
  });

  it('shows a donor who agreed by name, and an anonymous donation as 匿名', async () => {
    await staff.client.post(`${FUND}/income`, donation({ payer: { name: '王大力', isPerson: true, showName: true }, amountFen: 1000 }), {
      idempotencyKey: key(),
    });
    await staff.client.post(`${FUND}/income`, donation({ payer: null, amountFen: 2000 }), { idempotencyKey: key() });
    const list = await new Client(t.app).get<{ entries: EntryView[] }>(`${FUND}/entries?limit=2`);
    expect(list.body.entries.map((e) => e.party)).toEqual(['匿名', '王大力']);
  });

  it('replays a repeated request with the same Idempotency-Key instead of recording it twice', async () => {
    const k = key();
    const before = await counts();
    const first = await staff.client.post(
      `${FUND}/income`,
      donation({ channel: 'tuition', payer: { name: '书法老师', isPerson: false, showName: true }, amountFen: 400_000 }),
      {
        idempotencyKey: k,
      },
    );
    const again = await staff.client.post(
      `${FUND}/income`,
      donation({ channel: 'tuition', payer: { name: '书法老师', isPerson: false, showName: true }, amountFen: 400_000 }),
      {
        idempotencyKey: k,
      },
    );
    expect(again.text).toBe(first.text);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await counts()).entries).toBe(before.entries + 1);
  });

  it.each([
    ['a negative amount', { amountFen: -100 }, 422, 'AMOUNT_OUT_OF_RANGE'],
    ['a zero amount', { amountFen: 0 }, 422, 'AMOUNT_OUT_OF_RANGE'],
    ['a fractional amount', { amountFen: 100.5 }, 400, 'VALIDATION_FAILED'],
    ['an amount as text', { amountFen: '100' }, 400, 'VALIDATION_FAILED'],
    ['over ¥100,000,000', { amountFen: 10_000_000_001 }, 422, 'AMOUNT_OUT_OF_RANGE'],
    ['an unknown channel', { channel: 'lottery' }, 400, 'VALIDATION_FAILED'],
    ['an unknown sub-account', { account: 'income:donation:nothing' }, 422, 'ACCOUNT_NOT_FOUND'],
    ['an account outside the channel', { account: 'expense:upkeep' }, 400, 'VALIDATION_FAILED'],
    ['an attachment never uploaded', { attachments: ['f'.repeat(64)] }, 422, 'FILE_NOT_FOUND'],
    ['an unknown field', { approvedBy: 1 }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a clear 4xx and writes nothing', async (_label, over, status, code) => {
    const before = await counts();
    const res = await staff.client.post<Problem>(`${FUND}/income`, donation(over), { idempotencyKey: key() });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('refuses attachments that are not images or PDFs, or are over 10 MB, at upload, so they can never be attached', async () => {
    const text = await staff.client.request<Problem>('POST', '/api/v1/communities/nanhu/files', multipart('receipt.pdf', Buffer.from('just text, not a PDF')));
    expect(text.status).toBe(415);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const large = await staff.client.request<Problem>('POST', '/api/v1/communities/nanhu/files', multipart('big.pdf', big));
    expect(large.status).toBe(413);
  });

  it('lets only staff record income: 401 signed out, 403 for a resident, 404 for another community’s staff', async () => {
    const before = await counts();
    expect((await new Client(t.app).post(`${FUND}/income`, donation(), { idempotencyKey: key() })).status).toBe(401);
    expect((await resident.client.post(`${FUND}/income`, donation(), { idempotencyKey: key() })).status).toBe(403);
    expect((await supervisor.client.post(`${FUND}/income`, donation(), { idempotencyKey: key() })).status).toBe(403);
    expect((await otherStaff.client.post(`${FUND}/income`, donation(), { idempotencyKey: key() })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('expenses', () => {
  const propose = (client: Client, over: Record<string, unknown> = {}) =>
    client.post<ExpenseView & Problem>(`${FUND}/expenses`, {
      purpose: 'expense:elderly_care',
      payee: { name: '九九驿站', isPerson: false, showName: true },
      amountFen: 30_000,
      memo: '老人助餐食材',
      attachments: [receipt],
      ...over,
    });

  it('staff propose, a supervisor approves, staff pay, and the payment is posted and public', async () => {
    const proposed = await propose(staff.client);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', requiredApprovals: 1, proposedBy: { name: '李文华' } });
    const approved = await supervisor.client.post<ExpenseView>(`${FUND}/expenses/${proposed.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ name: '王建国' }] });
    const paid = await staff.client.post<ExpenseView>(`${FUND}/expenses/${proposed.body.id}/pay`, { from: 'cash' }, { idempotencyKey: key() });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    const entry = await new Client(t.app).get<EntryView>(`${FUND}/entries/${paid.body.entrySeq}`);
    expect(entry.body).toMatchObject({ kind: 'expense', party: '九九驿站', source: { type: 'expense', id: String(proposed.body.id) } });
    // paid is paid: the payment is not reversed in the fund behind the expense's back
    const reversed = await staff.client.post<Problem>(`${FUND}/corrections`, { seq: paid.body.entrySeq, note: '撤回' }, { idempotencyKey: key() });
    expect(reversed.body.code).toBe('ENTRY_OWNED');
    expect((await staff.client.get<ExpenseView>(`${FUND}/expenses/${proposed.body.id}`)).body.status).toBe('paid');
    expect(entry.body.postings.map((p) => [p.account, p.fen])).toEqual([
      ['expense:elderly_care', 30_000],
      ['cash', -30_000],
    ]);
    const audit = await staff.client.get<{ entries: { action: string }[] }>('/api/v1/communities/nanhu/audit?limit=10');
    expect(audit.body.entries.map((a) => a.action)).toEqual(
      expect.arrayContaining(['ledger.expense_proposed', 'ledger.expense_approved', 'ledger.expense_paid']),
    );
  });

  it('never lets whoever proposes approve: nobody is both staff and supervisor, down to the database', async () => {
    await expect(makePerson(t, { community: nanhu, roles: ['staff', 'supervisor'] })).rejects.toThrow(/memberships_staff_not_supervisor/);
    const proposed = await propose(staff.client);
    const self = await staff.client.post<Problem>(`${FUND}/expenses/${proposed.body.id}/approve`);
    expect(self.status).toBe(403);
    const still = await supervisor.client.get<ExpenseView>(`${FUND}/expenses/${proposed.body.id}`);
    expect(still.body).toMatchObject({ status: 'proposed', approvals: [] });
  });

  it('needs two different supervisors above the community’s threshold, and cannot be paid before', async () => {
    const proposed = await propose(staff.client, { amountFen: 600_000, purpose: 'expense:upkeep', memo: '楼道照明改造' });
    expect(proposed.body.requiredApprovals).toBe(2);
    await supervisor.client.post(`${FUND}/expenses/${proposed.body.id}/approve`);
    const twice = await supervisor.client.post<Problem>(`${FUND}/expenses/${proposed.body.id}/approve`);
    expect(twice.body.code).toBe('EXPENSE_DUPLICATE_APPROVAL');
    const early = await staff.client.post<Problem>(`${FUND}/expenses/${proposed.body.id}/pay`, { from: 'bank' }, { idempotencyKey: key() });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_STATE');
    const second = await supervisor2.client.post<ExpenseView>(`${FUND}/expenses/${proposed.body.id}/approve`);
    expect(second.body.status).toBe('approved');
    expect(second.body.approvals.map((a) => a.name)).toEqual(['王建国', '陈秀英']);
  });

  it('is rejected with a reason, after which it can be neither approved nor paid', async () => {
    const proposed = await propose(staff.client);
    const rejected = await supervisor.client.post<ExpenseView>(`${FUND}/expenses/${proposed.body.id}/reject`, { reason: '缺少发票' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '缺少发票' });
    expect((await supervisor2.client.post<Problem>(`${FUND}/expenses/${proposed.body.id}/approve`)).body.code).toBe('EXPENSE_ALREADY_DECIDED');
    expect((await staff.client.post<Problem>(`${FUND}/expenses/${proposed.body.id}/pay`, { from: 'cash' }, { idempotencyKey: key() })).status).toBe(409);
  });

  it('does not show or let another community’s staff touch this community’s pending expenses (404)', async () => {
    const proposed = await propose(staff.client);
    for (const res of [
      await otherStaff.client.get(`${FUND}/expenses`),
      await otherStaff.client.get(`${FUND}/expenses/${proposed.body.id}`),
      await otherStaff.client.post(`${FUND}/expenses/${proposed.body.id}/approve`),
      await otherStaff.client.post(`${FUND}/expenses/${proposed.body.id}/reject`, { reason: 'x' }),
      await otherStaff.client.post(`${FUND}/expenses/${proposed.body.id}/pay`, { from: 'cash' }, { idempotencyKey: key() }),
    ])
      expect(res.status).toBe(404);
    // and their own community has no such expense either
    expect((await otherStaff.client.get(`/api/v1/communities/other/fund/expenses/${proposed.body.id}`)).status).toBe(404);
    expect((await resident.client.get(`${FUND}/expenses`)).status).toBe(403);
    expect((await new Client(t.app).get(`${FUND}/expenses`)).status).toBe(401);
    const pending = await staff.client.get<{ expenses: ExpenseView[] }>(`${FUND}/expenses?status=proposed`);
    expect(pending.body.expenses.map((e) => e.id)).toContain(proposed.body.id);
  });

  it.each([
    ['a negative amount', { amountFen: -1 }, 422],
    ['an amount over ¥100,000,000', { amountFen: 10_000_000_001 }, 422],
    ['a fractional amount', { amountFen: 0.5 }, 400],
    ['an unknown purpose', { purpose: 'expense:yacht' }, 422],
    ['an income account as purpose', { purpose: 'income:donation' }, 422],
    ['a missing attachment', { attachments: ['0'.repeat(64)] }, 422],
  ])('refuses to propose %s and writes nothing', async (_label, over, status) => {
    const before = await counts();
    expect((await propose(staff.client, over)).status).toBe(status);
    expect(await counts()).toEqual(before);
  });

  it('lets only staff propose', async () => {
    expect((await propose(supervisor.client)).status).toBe(403);
    expect((await propose(resident.client)).status).toBe(403);
  });
});

describe('corrections and the public book', () => {
  it('reverses an entry only when a supervisor who did not propose it approves, with the public note, once', async () => {
    const posted = await staff.client.post<{ seq: number }>(`${FUND}/income`, donation({ amountFen: 12_345, payer: null }), { idempotencyKey: key() });
    const balance = async () => (await new Client(t.app).get<{ balanceFen: number }>(`${FUND}/summary`)).body.balanceFen;
    const before = await balance();
    const proposed = await staff.client.post<CorrectionView>(
      `${FUND}/corrections`,
      { seq: posted.body.seq, note: '金额录入错误，应为 123.45 元' },
      { idempotencyKey: key() },
    );
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', entrySeq: posted.body.seq, entryFen: 12_345, proposedBy: { name: '李文华' }, reversalSeq: null });
    // nothing moved yet: the entry stands, the balance too
    expect((await new Client(t.app).get<EntryView>(`${FUND}/entries/${posted.body.seq}`)).body.reversedBy).toBeNull();
    expect(await balance()).toBe(before);
    const twice = await staff.client.post<Problem>(`${FUND}/corrections`, { seq: posted.body.seq, note: '再提一次' }, { idempotencyKey: key() });
    expect(twice.body.code).toBe('CORRECTION_PENDING');
    expect((await resident.client.post(`${FUND}/corrections`, { seq: posted.body.seq, note: 'x' }, { idempotencyKey: key() })).status).toBe(403);
    expect((await staff.client.post(`${FUND}/corrections/${proposed.body.id}/approve`)).status).toBe(403); // staff are not supervisors
    const told = await supervisor.client.get<{ notifications: { topic: string }[] }>('/api/v1/me/notifications');
    expect(told.body.notifications.map((n) => n.topic)).toContain('ledger.correction_to_approve');

    const approved = await supervisor.client.post<CorrectionView>(`${FUND}/corrections/${proposed.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: { name: '王建国' } });
    const original = await new Client(t.app).get<EntryView>(`${FUND}/entries/${posted.body.seq}`);
    expect(original.body.reversedBy).toBe(approved.body.reversalSeq);
    const reversal = await new Client(t.app).get<EntryView>(`${FUND}/entries/${approved.body.reversalSeq}`);
    expect(reversal.body).toMatchObject({ kind: 'correction', reverses: posted.body.seq, correctionNote: '金额录入错误，应为 123.45 元' });
    expect(reversal.body.postings.map((p) => p.fen)).toEqual([-12_345, 12_345]);
    expect(await balance()).toBe(before - 12_345);
    expect((await supervisor.client.post<Problem>(`${FUND}/corrections/${proposed.body.id}/approve`)).body.code).toBe('CORRECTION_DECIDED');
    const again = await staff.client.post<Problem>(`${FUND}/corrections`, { seq: posted.body.seq, note: '再次' }, { idempotencyKey: key() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENTRY_ALREADY_REVERSED');
  });

  it('leaves the entry standing when a supervisor rejects the correction', async () => {
    const posted = await staff.client.post<{ seq: number }>(`${FUND}/income`, donation({ amountFen: 500, payer: null }), { idempotencyKey: key() });
    const proposed = await staff.client.post<CorrectionView>(`${FUND}/corrections`, { seq: posted.body.seq, note: '录重了' }, { idempotencyKey: key() });
    const rejected = await supervisor.client.post<CorrectionView>(`${FUND}/corrections/${proposed.body.id}/reject`, { reason: '查过收据，没有录重' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '查过收据，没有录重', reversalSeq: null });
    expect((await new Client(t.app).get<EntryView>(`${FUND}/entries/${posted.body.seq}`)).body.reversedBy).toBeNull();
    const decided = await staff.client.get<{ corrections: CorrectionView[] }>(`${FUND}/corrections?status=rejected`);
    expect(decided.body.corrections.map((c) => c.id)).toContain(proposed.body.id);
    // the donation of 500 stands: the summary below counts it
  });

  it('summarises the balance and this month’s income by channel and expenses by purpose, matching the entries', async () => {
    const summary = await new Client(t.app).get<{
      balanceFen: number;
      month: {
        incomeFen: number;
        expenseFen: number;
        incomeByChannel: { account: string; fen: number }[];
        expenseByPurpose: { account: string; fen: number }[];
      };
    }>(`${FUND}/summary`);
    expect(summary.status).toBe(200);
    // donations 50,000 + 1,000 + 2,000 + 500 (+12,345 reversed), tuition 400,000; elderly care 30,000 paid from cash
    expect(summary.body.month.incomeByChannel.find((l) => l.account === 'income:donation')!.fen).toBe(53_500);
    expect(summary.body.month.incomeByChannel.find((l) => l.account === 'income:tuition')!.fen).toBe(400_000);
    expect(summary.body.month.expenseByPurpose.find((l) => l.account === 'expense:elderly_care')!.fen).toBe(30_000);
    expect(summary.body.month.incomeFen).toBe(453_500);
    expect(summary.body.balanceFen).toBe(453_500 - 30_000);
  });

  it('filters entries by kind, channel, purpose and period, and pages by seq', async () => {
    const anon = new Client(t.app);
    const byPurpose = await anon.get<{ entries: EntryView[] }>(`${FUND}/entries?purpose=expense:elderly_care`);
    expect(byPurpose.body.entries.length).toBe(1);
    const byChannel = await anon.get<{ entries: EntryView[] }>(`${FUND}/entries?channel=income:tuition`);
    expect(byChannel.body.entries.map((e) => e.postings[1]!.account)).toEqual(['income:tuition']);
    const corrections = await anon.get<{ entries: EntryView[] }>(`${FUND}/entries?kind=correction`);
    expect(corrections.body.entries.every((e) => e.kind === 'correction')).toBe(true);
    const past = await anon.get<{ entries: EntryView[] }>(`${FUND}/entries?to=2020-01-01`);
    expect(past.body.entries).toEqual([]);
    const page1 = await anon.get<{ entries: EntryView[]; nextBefore: number }>(`${FUND}/entries?limit=2`);
    const page2 = await anon.get<{ entries: EntryView[] }>(`${FUND}/entries?limit=2&before=${page1.body.nextBefore}`);
    expect(page2.body.entries[0]!.seq).toBe(page1.body.entries[1]!.seq - 1);
    expect((await anon.get(`/api/v1/communities/nowhere/fund/entries`)).status).toBe(404);
  });

  it('exports the whole book as JSONL that `weiyi ledger verify` accepts', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${FUND}/ledger.jsonl` });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/application\/x-ndjson/);
    const file = path.join(t.dataDir, 'book.jsonl');
    fs.writeFileSync(file, res.body);
    const out: string[] = [];
    expect(await ledgerCommand(['verify', file], (l) => out.push(l))).toBe(0);
    const lines = res.body.trim().split('\n');
    expect(out.join('\n')).toContain(`checked ${lines.length} entries`);
    expect(out.join('\n')).toContain(`OK: head entry ${lines.length}`);
  });

  it('catches a row changed behind the app’s back and names the entry', async () => {
    await t.handle.asOwner(async (o) => {
      await o.exec(`begin; set local session_replication_role = replica;
        update ledger_postings set amount_fen = amount_fen - 100 where community_id = ${nanhu.id} and seq = 2 and line = 1;
        update ledger_postings set amount_fen = amount_fen + 100 where community_id = ${nanhu.id} and seq = 2 and line = 2;
        commit;`);
    });
    const res = await t.app.inject({ method: 'GET', url: `${FUND}/ledger.jsonl` });
    const file = path.join(t.dataDir, 'tampered.jsonl');
    fs.writeFileSync(file, res.body);
    const out: string[] = [];
    expect(await ledgerCommand(['verify', file], (l) => out.push(l))).toBe(1);
    expect(out.join('\n')).toMatch(/FAILED at entry 2 \(line 2\): hash does not match/);
  });
});
