import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Community, CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { csvDocument } from '../../platform/csv.ts';
import { AppError } from '../../platform/errors.ts';
import { settingsOf } from '../communities/index.ts';
import type { ChainEntry } from './ledger.chain.ts';
import { publicAccountName } from './ledger.chart.ts';
import { KIND_ZH, periodTitle } from './ledger.disclosure-pdf.ts';
import { renderPdfOffThread } from './ledger.pdf-worker.ts';
import { chinaDate, chinaDateTime, chinaMidnight, parsePeriod, type Period } from './ledger.periods.ts';
import { fundBalance, periodTotals, toChainEntry } from './ledger.public.service.ts';
import * as repo from './ledger.repository.ts';
import { getPersonAccounts } from './ledger.service.ts';
import type { PeriodTotalsView } from './ledger.schemas.ts';
import { writeXlsx, type Cell } from './ledger.xlsx.ts';

/** Days residents have to question a disclosure: the 1st to the 15th of the month after the period. */
const OBJECTION_DAYS = 15;

export interface DisclosureData {
  community: Pick<Community, 'slug' | 'name' | 'district' | 'street'>;
  contact: string;
  period: Period;
  /** 公示期: first and last day, China time. */
  noticeFrom: string;
  noticeTo: string;
  openingFen: number;
  closingFen: number;
  totals: PeriodTotalsView;
  entries: ChainEntry[];
  names: Map<string, string>;
  /** The chain's head at the end of the period. */
  head: { seq: number; hash: string };
  /** The online page at that head. */
  url: string;
}

export interface RenderedDocument {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/** Everything a disclosure prints, read in one transaction so the parts agree. */
export async function loadDisclosure(db: Executor, community: Community, label: string, origin: string): Promise<DisclosureData> {
  const period = parsePeriod(label);
  if (!period || label.length === 4) throw new AppError('NOT_FOUND', { what: 'disclosure period', whatZh: '公示期间' });
  const totals = await periodTotals(db, community.id, 'zh-CN', period);
  const rows: repo.EntryRow[] = [];
  for (let after = 0; ;) {
    const batch = await repo.listEntries(db, community.id, { afterSeq: after, from: period.from, to: period.to, limit: 5000, order: 'asc' });
    rows.push(...batch);
    if (batch.length < 5000) break;
    after = batch[batch.length - 1]!.seq;
  }
  const postings = rows.length ? await repo.listPostingsBetween(db, community.id, rows[0]!.seq, rows[rows.length - 1]!.seq) : [];
  const bySeq = new Map<number, repo.PostingRow[]>();
  for (const p of postings) {
    const list = bySeq.get(p.seq);
    if (list) list.push(p);
    else bySeq.set(p.seq, [p]);
  }
  const people = await getPersonAccounts(db, community.id);
  const names = new Map((await repo.listAccounts(db, community.id)).map((a) => [a.code, publicAccountName(a.code, a.name_zh, people)]));
  const last = await repo.listEntries(db, community.id, { to: period.to, limit: 1, order: 'desc' });
  const head = last[0] ? { seq: last[0].seq, hash: last[0].hash } : { seq: 0, hash: '0'.repeat(64) };
  const [y, m] = period.lastDay.split('-').map(Number) as [number, number];
  const noticeStart = chinaMidnight(y, m + 1, 1);
  return {
    community: { slug: community.slug, name: community.name, district: community.district, street: community.street },
    contact: settingsOf(community).disclosureContact || `${community.name}居委会`,
    period,
    noticeFrom: chinaDate(noticeStart),
    noticeTo: chinaDate(chinaMidnight(y, m + 1, OBJECTION_DAYS)),
    openingFen: await fundBalance(db, community.id, period.from),
    closingFen: await fundBalance(db, community.id, period.to),
    totals,
    entries: rows.map((r) => toChainEntry(r, bySeq.get(r.seq) ?? [])),
    names,
    head,
    url: `${origin}/c/${community.slug}/fund?upto=${head.seq}`,
  };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** One row per posting, with the entry's fields repeated: easy to filter and sum in a spreadsheet. */
function postingRows(data: DisclosureData): Cell[][] {
  const head: Cell[] = [
    '序号',
    '时间',
    '类型',
    '摘要',
    '对方',
    '来源',
    '冲销分录',
    '更正说明',
    '科目代码',
    '科目名称',
    '金额（元）',
    '金额（分）',
    '附件',
    '哈希',
  ];
  const rows: Cell[][] = [head];
  for (const e of data.entries)
    for (const p of e.postings)
      rows.push([
        e.seq,
        chinaDateTime(new Date(e.at)),
        KIND_ZH[e.kind] ?? e.kind,
        e.memo,
        e.party,
        e.source ? `${e.source.type}:${e.source.id}` : null,
        e.reverses,
        e.correctionNote,
        p.account,
        data.names.get(p.account) ?? p.account,
        Number(yuan(p.fen)),
        p.fen,
        e.attachments.join(' '),
        e.hash,
      ]);
  return rows;
}

function summaryRows(data: DisclosureData): Cell[][] {
  return [
    [`${data.community.name}公益基金收支公示`, periodTitle(data.period)],
    ['期间', `${data.period.firstDay} 至 ${data.period.lastDay}`],
    ['公示期', `${data.noticeFrom} 至 ${data.noticeTo}`],
    ['联系', data.contact],
    ['期初余额（元）', Number(yuan(data.openingFen))],
    ['本期收入合计（元）', Number(yuan(data.totals.incomeFen))],
    ['本期支出合计（元）', Number(yuan(data.totals.expenseFen))],
    ['期末余额（元）', Number(yuan(data.closingFen))],
    [],
    ['收入渠道', '金额（元）'],
    ...data.totals.incomeByChannel.map((l): Cell[] => [l.name, Number(yuan(l.fen))]),
    [],
    ['支出用途', '金额（元）'],
    ...data.totals.expenseByPurpose.map((l): Cell[] => [l.name, Number(yuan(l.fen))]),
    [],
    ['链头分录', data.head.seq],
    ['链头哈希', data.head.hash],
    ['在线账本', data.url],
  ];
}

export function renderCsv(data: DisclosureData): string {
  return csvDocument(postingRows(data));
}

export function renderXlsx(data: DisclosureData): Buffer {
  return writeXlsx([
    { name: '汇总', rows: summaryRows(data), widths: [22, 70] },
    { name: '分录', rows: postingRows(data), widths: [7, 17, 8, 30, 12, 14, 8, 24, 22, 14, 12, 12, 20, 66] },
  ]);
}

const TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Rendered documents kept per process, by community, period, format and public version: at most this many. */
const KEEP = 32;
const kept = new Map<string, RenderedDocument & { etag: string }>();

/**
 * GET …/disclosures/2026-10.pdf and the like: only for a period that has begun; rendered once per
 * period, format and public version of the book (`ledger_public_version`: the head, the accounts,
 * whose names are shown) and served from that until the book changes. `beforeRender` runs only
 * when a document is rendered afresh (the route's rate limit).
 */
export async function renderDisclosure(
  ctx: CommunityContext,
  file: string,
  origin: string,
  beforeRender: () => Promise<void> = async () => {},
): Promise<RenderedDocument & { etag: string }> {
  const [label, ext] = file.split('.') as [string, keyof typeof TYPES];
  const period = parsePeriod(label);
  if (!period || label.length === 4) throw new AppError('NOT_FOUND', { what: 'disclosure period', whatZh: '公示期间' });
  if (period.from.getTime() > Date.now()) throw new AppError('PERIOD_NOT_BEGUN');
  const communityId = ctx.community.id;
  const version = await transact(ctx.deps.db, { communityId }, async (tx) => {
    const { rows } = await sql<{ v: string }>`select ledger_public_version(${communityId}) as v`.execute(tx);
    return rows[0]!.v;
  });
  const contact = settingsOf(ctx.community).disclosureContact;
  const key = [communityId, label, ext, version, origin, contact].join('\n');
  const etag = `"d-${createHash('sha256').update(key).digest('hex').slice(0, 32)}"`;
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit); // most recently used last
    return hit;
  }
  await beforeRender();
  const data = await transact(ctx.deps.db, { communityId }, (tx) => loadDisclosure(tx, ctx.community, label, origin));
  const fileName = `${ctx.community.slug}-fund-${label}.${ext}`;
  const body = ext === 'pdf' ? await renderPdfOffThread(data) : ext === 'csv' ? renderCsv(data) : renderXlsx(data);
  const doc = { contentType: TYPES[ext], fileName, body, etag };
  kept.set(key, doc);
  while (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  return doc;
}
