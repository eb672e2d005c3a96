import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { transact } from '../../platform/db.ts';
import { formatFen } from '../../platform/money.ts';
import { systemContext } from '../../platform/context.ts';
import { chinaMidnight } from './ledger.periods.ts';
import { periodTotals, fundBalance } from './ledger.public.service.ts';
import { parsePeriod } from './ledger.periods.ts';
import { ensureSubAccount, postEntry, reverseEntry } from './ledger.service.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu', '南湖社区');
  const day = (m: number, d: number) => new Date(chinaMidnight(2026, m, d).getTime() + 10 * 3600_000);
  await transact(t.deps.db, { communityId: nanhu.id }, async (tx) => {
    const post = (at: Date, kind: Parameters<typeof postEntry>[2]['kind'], memo: string, postings: [string, number][], party?: string) =>
      postEntry(tx, nanhu.id, {
        kind,
        memo,
        source: null,
        at,
        postings: postings.map(([account, amountFen]) => ({ account, amountFen })),
        party: party ? { name: party, isPerson: true, showName: false } : null,
      });
    await post(day(9, 20), 'grant', '基金会“邻里守望”项目首期拨款', [
      ['bank', 5_000_000],
      ['income:foundation', -5_000_000],
    ]);
    const maker = await ensureSubAccount(tx, nanhu.id, 'maker_payable', 'm1', { zh: '张秀兰', en: 'Zhang Xiulan' });
    for (let i = 1; i <= 20; i++)
      await post(day(10, 1 + (i % 28)), 'sale', `竹编篮子 ×1（订单 ${i}）`, [
        ['cash', 15000],
        [maker, -12000],
        ['income:sale_margin', -3000],
      ]);
    await post(
      day(10, 8),
      'income',
      '爱心捐赠',
      [
        ['bank', 88_800],
        ['income:donation', -88_800],
      ],
      '张小明',
    );
    await post(day(10, 12), 'expense', '重阳节老人慰问品', [
      ['expense:elderly_care', 123_456],
      ['bank', -123_456],
    ]);
    const wrong = await post(day(10, 15), 'expense', '楼道灯泡', [
      ['expense:upkeep', 9_900],
      ['cash', -9_900],
    ]);
    await reverseEntry(tx, { ...systemContext(t.deps, nanhu) }, wrong.seq, '金额录入错误，重新入账');
    await post(day(10, 16), 'expense', '楼道灯泡', [
      ['expense:upkeep', 990],
      ['cash', -990],
    ]);
    await post(day(11, 2), 'income', '下月捐赠', [
      ['cash', 777],
      ['income:donation', -777],
    ]);
  });
});
afterAll(() => t.close());

const FUND = '/api/v1/communities/nanhu/fund';

describe('monthly and quarterly 公示', () => {
  it('prints in the PDF the same totals, balances and head hash the database computes, as selectable Chinese text', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-10.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = path.join(t.dataDir, '2026-10.pdf');
    fs.writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const period = parsePeriod('2026-10')!;
    const db = await transact(t.deps.db, { communityId: nanhu.id }, async (tx) => ({
      totals: await periodTotals(tx, nanhu.id, 'zh-CN', period),
      opening: await fundBalance(tx, nanhu.id, period.from),
      closing: await fundBalance(tx, nanhu.id, period.to),
      head: await tx
        .selectFrom('ledger_entries')
        .select(['seq', 'hash'])
        .where('community_id', '=', nanhu.id)
        .where('at', '<', period.to)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow(),
    }));
    const printed = (label: string) => {
      const m = new RegExp(`${label}\\s+(-?¥[\\d,]+\\.\\d\\d)`).exec(text);
      expect(m, `${label} in the PDF`).not.toBeNull();
      return m![1];
    };
    expect(text).toContain('南湖社区公益基金收支公示');
    expect(text).toMatch(/公示期：2026-11-01 至 2026-11-15/);
    expect(printed('期初余额')).toBe(formatFen(db.opening));
    expect(printed('期末余额')).toBe(formatFen(db.closing));
    expect(printed('本期收入合计')).toBe(formatFen(db.totals.incomeFen));
    expect(printed('本期支出合计')).toBe(formatFen(db.totals.expenseFen));
    for (const line of [...db.totals.incomeByChannel, ...db.totals.expenseByPurpose]) expect(printed(line.name)).toBe(formatFen(line.fen));
    // the numbers themselves, worked out by hand
    expect(db.totals.incomeFen).toBe(20 * 3000 + 88_800);
    // the wrong ¥99 entry stays in October; its reversal is posted when it was made (now), in a later period
    expect(db.totals.expenseFen).toBe(123_456 + 9_900 + 990);
    expect(db.opening).toBe(5_000_000);
    expect(text).toContain(db.head.hash);
    expect(text).toContain('张*明');
    expect(text).not.toContain('下月捐赠');
    if (process.env.LEDGER_PDF_PNG) execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(process.env.LEDGER_PDF_PNG, 'disclosure')]);
  });

  it('embeds a subset of the Chinese font, and prints a correction with its note in the period it was made', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-Q4.pdf` });
    expect(res.statusCode).toBe(200);
    const file = path.join(t.dataDir, 'q4.pdf');
    fs.writeFileSync(file, res.rawPayload);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC.*yes\s+yes/);
    expect(res.rawPayload.length).toBeLessThan(1_000_000);
    const now = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)}.pdf` });
    const nowFile = path.join(t.dataDir, 'now.pdf');
    fs.writeFileSync(nowFile, now.rawPayload);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', nowFile, '-'], { encoding: 'utf8' })).toContain('金额录入错误，重新入账');
  });

  it('gives the same period as CSV and XLSX, one row per posting', async () => {
    const csv = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-10.csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toMatch(/^序号,时间,类型,摘要/);
    const fen = rows.slice(1).map((r) => Number(r.split(',')[11]));
    expect(fen.reduce((a, b) => a + b, 0)).toBe(0);
    expect(rows.length - 1).toBe(20 * 3 + 2 + 2 + 2 + 2);
    const xlsx = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-10.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']));
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('本期收入合计');
  });

  it('makes a memo a spreadsheet would run inert in the CSV', async () => {
    await transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
      postEntry(tx, nanhu.id, {
        kind: 'income',
        memo: '=HYPERLINK("http://evil.example","点我领奖")',
        source: null,
        postings: [
          { account: 'cash', amountFen: 100 },
          { account: 'income:donation', amountFen: -100 },
        ],
        party: { name: '@SUM(1+1)', isPerson: false, showName: true },
      }),
    );
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const csv = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/${month}.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我领奖"")"`);
    expect(csv.body).toContain("'@SUM(1+1)");
    expect(csv.body).not.toMatch(/(^|,)[=@]/m);
  });

  it('answers 404 for a malformed period or an unknown community', async () => {
    expect((await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-13.pdf` })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/communities/nowhere/fund/disclosures/2026-10.pdf` })).statusCode).toBe(404);
  });

  it('is only for a period that has begun, rendered once per version of the book, and rendering is rate-limited', async () => {
    const next = new Date().getUTCFullYear() + 1;
    const future = await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/${next}-01.pdf`, headers: { 'accept-language': 'en' } });
    expect([future.statusCode, JSON.parse(future.body).code]).toEqual([404, 'PERIOD_NOT_BEGUN']);

    const get = (file: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: `${FUND}/disclosures/${file}`, remoteAddress: '203.0.113.50', headers });
    const first = await get('2026-09.csv');
    const again = await get('2026-09.csv');
    expect(first.statusCode).toBe(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await get('2026-09.csv', { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
    await transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
      postEntry(tx, nanhu.id, {
        kind: 'income',
        memo: '新的捐赠',
        source: null,
        postings: [
          { account: 'cash', amountFen: 100 },
          { account: 'income:donation', amountFen: -100 },
        ],
        party: null,
      }),
    );
    const changed = await get('2026-09.csv', { 'if-none-match': String(first.headers.etag) });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);

    // 20 fresh renders per address in 10 minutes (two used above); kept ones are still served
    const files = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-Q1', '2026-Q2', '2026-Q3'].flatMap((p) => [
      `${p}.csv`,
      `${p}.xlsx`,
    ]);
    const statuses: number[] = [];
    for (const file of files) statuses.push((await get(file)).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(18);
    expect(statuses.slice(18).every((s) => s === 429)).toBe(true);
    expect((await get('2026-09.csv')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${FUND}/disclosures/2026-08.pdf`, remoteAddress: '198.51.100.60' })).statusCode).toBe(200);
  });
});
