import { createHash } from 'node:crypto';
import type { Executor } from '../../database.ts';
import { COMPRESS_FROM_BYTES, encode, type Encoding } from '../../platform/compression.ts';
import type { CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { ChainEntry } from './ledger.chain.ts';
import { CHART, FUND_ACCOUNTS, isUnder, publicAccountName, rollUp } from './ledger.chart.ts';

const chartOrder = (code: string) => {
  const i = CHART.findIndex((a) => a.code === code);
  return i < 0 ? CHART.length : i;
};
import { chinaDate, dateBound, monthStartOf, periodsAt, type Period } from './ledger.periods.ts';
import * as repo from './ledger.repository.ts';
import { getPersonAccounts } from './ledger.service.ts';
import { getPeople } from '../identity/index.ts';
import type { EntriesQueryInput, EntryView, PeriodTotalsView } from './ledger.schemas.ts';

type Language = CommunityContext['language'];

/** A read of the public book: no login, scoped to the community by row-level security. */
function read<T>(ctx: CommunityContext, fn: (db: Executor) => Promise<T>): Promise<T> {
  return transact(ctx.deps.db, { communityId: ctx.community.id }, fn);
}

/** A public answer as sent: its JSON text, encoded once (UTF-8), and an entity tag for `If-None-Match`. */
export interface SharedAnswer {
  body: Buffer;
  etag: string;
  /** The body compressed in each encoding, made with the answer from COMPRESS_FROM_BYTES up. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/** Turns an answer into its JSON text (the route's response serialiser, so the text is what the route would send). */
export type Serialise = (value: unknown) => string;

const KEEP_BYTES = 16 * 2 ** 20;

/**
 * Rendered public answers of one database, least recently used first. Each is kept with the
 * community's public version it was read at (`ledger_public_version`: the head, the accounts and
 * who shows their name), so an answer is served again only while none of those has changed. The
 * key holds the community's id, so no answer crosses communities.
 */
class SharedAnswers {
  private readonly kept = new Map<string, { version: string; answer: Promise<SharedAnswer>; bytes: number }>();
  private bytes = 0;

  get(key: string, version: string): Promise<SharedAnswer> | undefined {
    const hit = this.kept.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.kept.delete(key);
    this.kept.set(key, hit);
    return hit.answer;
  }

  /** Keeps `answer` (still being read: concurrent readers of the same page wait for one read); forgets it if the read fails. */
  keep(key: string, version: string, answer: Promise<SharedAnswer>) {
    this.forget(key);
    const slot = { version, answer, bytes: 0 };
    this.kept.set(key, slot);
    answer.then(
      (a) => {
        if (this.kept.get(key) !== slot) return;
        slot.bytes = a.body.length + (a.encoded.br?.length ?? 0) + (a.encoded.gzip?.length ?? 0) + key.length * 2 + 200;
        this.bytes += slot.bytes;
        for (const [oldest] of this.kept) {
          if (this.bytes <= KEEP_BYTES || oldest === key) break;
          this.forget(oldest);
        }
      },
      () => {
        if (this.kept.get(key) === slot) this.forget(key);
      },
    );
  }

  private forget(key: string) {
    const slot = this.kept.get(key);
    if (!slot) return;
    this.bytes -= slot.bytes;
    this.kept.delete(key);
  }
}

const sharedAnswers = new WeakMap<object, SharedAnswers>();

/**
 * A public answer that is the same for every reader until the community's book changes: one
 * round trip checks the community's public version and, while it is unchanged, the answer
 * rendered for it is sent again; otherwise `compute` reads it afresh. The version is read before
 * the answer, so an answer is never older than the check that serves it.
 */
async function shared(ctx: CommunityContext, what: string, compute: (db: Executor) => Promise<unknown>, serialise: Serialise): Promise<SharedAnswer> {
  let answers = sharedAnswers.get(ctx.deps.db);
  if (!answers) sharedAnswers.set(ctx.deps.db, (answers = new SharedAnswers()));
  const { id, slug, name } = ctx.community;
  const key = JSON.stringify([id, slug, name, ctx.language, what]);
  const version = await repo.getPublicVersion(ctx.deps.db, id);
  const hit = answers.get(key, version);
  if (hit) return hit;
  const answer = read(ctx, compute).then((value) => {
    const body = Buffer.from(serialise(value));
    const encoded = body.length >= COMPRESS_FROM_BYTES ? { br: encode(body, 'br'), gzip: encode(body, 'gzip') } : {};
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, encoded };
  });
  // Every community has a head row. None seen means the version function cannot read the book
  // (e.g. it is owned by a role that row-level security does not exempt): then it would never
  // change, so nothing is kept and every answer is read afresh.
  if (!version.startsWith('-/')) answers.keep(key, version, answer);
  return answer;
}

export function sourceHref(slug: string, source: { type: string; id: string }): string {
  return `/c/${slug}/fund/source/${source.type}/${encodeURIComponent(source.id)}`;
}

export function presentEntry(
  slug: string,
  language: Language,
  row: repo.EntryRow,
  postings: repo.PostingRow[],
  people: ReadonlyMap<string, boolean>,
): EntryView {
  const source = row.source_type && row.source_id ? { type: row.source_type, id: row.source_id } : null;
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind,
    memo: row.memo,
    party: row.party,
    source: source ? { ...source, href: sourceHref(slug, source) } : null,
    reverses: row.reverses,
    reversedBy: row.reversed_by,
    correctionNote: row.correction_note,
    attachments: row.attachments.map((sha256) => ({ sha256, url: `/files/${sha256}` })),
    postings: postings.map((p) => ({ account: p.code, name: publicAccountName(p.code, language === 'en' ? p.name_en : p.name_zh, people), fen: p.amount_fen })),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function withPostings(db: Executor, ctx: CommunityContext, rows: repo.EntryRow[]): Promise<EntryView[]> {
  const postings = await repo.listPostingsWithPeople(
    db,
    ctx.community.id,
    rows.map((r) => r.seq),
  );
  // the page's maker accounts and whether each shows its person's name: getPersonAccounts, for these accounts
  const shown = await getPeople(
    db,
    postings.map((p) => p.person_id),
  );
  const people = new Map<string, boolean>();
  const bySeq = new Map<number, repo.PostingRow[]>();
  for (const p of postings) {
    if (p.is_person_account) people.set(p.code, p.person_id !== null && (shown.get(p.person_id)?.namePublic ?? false));
    const list = bySeq.get(p.seq);
    if (list) list.push(p);
    else bySeq.set(p.seq, [p]);
  }
  return rows.map((r) => presentEntry(ctx.community.slug, ctx.language, r, bySeq.get(r.seq) ?? [], people));
}

function checkEntriesQuery(query: EntriesQueryInput) {
  for (const [name, code, root] of [
    ['channel', query.channel, 'income'],
    ['purpose', query.purpose, 'expense'],
  ] as const) {
    if (code !== undefined && !isUnder(code, root)) throw new AppError('VALIDATION_FAILED', { detail: `${name} must be an ${root}:… account` });
  }
}

/** Entries newest first, keyset-paged by seq, filtered by period, kind, channel and purpose. */
export async function listEntries(ctx: CommunityContext, query: EntriesQueryInput) {
  checkEntriesQuery(query);
  return read(ctx, (db) => readEntries(db, ctx, query));
}

/** `listEntries` as sent, kept until the community's book changes. */
export async function listEntriesShared(ctx: CommunityContext, query: EntriesQueryInput, serialise: Serialise): Promise<SharedAnswer> {
  checkEntriesQuery(query);
  const { limit, before, from, to, kind, channel, purpose } = query;
  return shared(ctx, JSON.stringify(['entries', limit, before, from, to, kind, channel, purpose]), (db) => readEntries(db, ctx, query), serialise);
}

async function readEntries(db: Executor, ctx: CommunityContext, query: EntriesQueryInput) {
  const account = query.channel ?? query.purpose;
  const filter = {
    beforeSeq: query.before,
    from: query.from ? dateBound(query.from, 'from') : undefined,
    to: query.to ? dateBound(query.to, 'to') : undefined,
    kind: query.kind,
    limit: query.limit + 1,
  };
  let rows = account
    ? await repo.listEntriesByAccounts(db, ctx.community.id, await repo.findAccountIdsUnder(db, ctx.community.id, account), filter)
    : await repo.listEntries(db, ctx.community.id, { ...filter, order: 'desc' });
  // both a channel and a purpose: entries touching both (rare; e.g. a refund of a grant)
  if (query.channel && query.purpose) {
    const seqs = new Set(
      (
        await repo.listPostings(
          db,
          ctx.community.id,
          rows.map((r) => r.seq),
        )
      )
        .filter((p) => isUnder(p.code, query.purpose!))
        .map((p) => p.seq),
    );
    rows = rows.filter((r) => seqs.has(r.seq));
  }
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return { entries: await withPostings(db, ctx, page), nextBefore: more ? page[page.length - 1]!.seq : null };
}

export async function getEntry(ctx: CommunityContext, seq: number): Promise<EntryView> {
  return read(ctx, (db) => readEntry(db, ctx, seq));
}

/** `getEntry` as sent, kept until the community's book changes. */
export async function getEntryShared(ctx: CommunityContext, seq: number, serialise: Serialise): Promise<SharedAnswer> {
  return shared(ctx, JSON.stringify(['entry', seq]), (db) => readEntry(db, ctx, seq), serialise);
}

async function readEntry(db: Executor, ctx: CommunityContext, seq: number): Promise<EntryView> {
  const row = await repo.getEntry(db, ctx.community.id, seq);
  if (!row) throw new AppError('NOT_FOUND', { what: 'ledger entry', whatZh: '分录' });
  return (await withPostings(db, ctx, [row]))[0]!;
}

/**
 * Sums per account code for entries in [from, to): from the per-month totals when both bounds
 * are month starts (every period and disclosure), else from the postings.
 */
async function sumsBetween(db: Executor, communityId: number, range: { from?: Date | undefined; to?: Date | undefined }) {
  const from = range.from ? monthStartOf(range.from) : undefined;
  const to = range.to ? monthStartOf(range.to) : undefined;
  if (from === null || to === null)
    return repo.sumByAccount(db, communityId, { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) });
  return repo.sumMonths(db, communityId, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
}

/** Income by channel and expenses by purpose over a period, sub-accounts rolled up. */
export async function periodTotals(db: Executor, communityId: number, language: Language, period: Period): Promise<PeriodTotalsView> {
  const sums = await sumsBetween(db, communityId, { from: period.from, to: period.to });
  return presentTotals(sums, await repo.listAccounts(db, communityId), language, period);
}

function presentTotals(sums: { code: string; fen: number }[], chart: repo.AccountRow[], language: Language, period: Period): PeriodTotalsView {
  const accounts = new Map(chart.map((a) => [a.code, a]));
  const nameOf = (code: string) => {
    const a = accounts.get(code);
    return a ? (language === 'en' ? a.name_en : a.name_zh) : code;
  };
  const lines = (root: 'income' | 'expense', sign: number) => {
    const totals = new Map<string, number>();
    for (const s of sums) if (isUnder(s.code, root) && s.code !== root) totals.set(rollUp(s.code), (totals.get(rollUp(s.code)) ?? 0) + sign * s.fen);
    return [...accounts.keys()]
      .filter((code) => isUnder(code, root) && code.split(':').length === 2)
      .sort((a, b) => chartOrder(a) - chartOrder(b) || (a < b ? -1 : 1))
      .map((code) => ({ account: code, name: nameOf(code), fen: totals.get(code) ?? 0 }));
  };
  const incomeByChannel = lines('income', -1);
  const expenseByPurpose = lines('expense', 1);
  return {
    label: period.label,
    from: period.firstDay,
    to: period.lastDay,
    incomeFen: incomeByChannel.reduce((t, l) => t + l.fen, 0),
    expenseFen: expenseByPurpose.reduce((t, l) => t + l.fen, 0),
    incomeByChannel,
    expenseByPurpose,
  };
}

const isFundAccount = (code: string) => FUND_ACCOUNTS.some((f) => isUnder(code, f));

/** Cash + bank + clearing (with any sub-accounts) as of an instant (exclusive), or now. */
export async function fundBalance(db: Executor, communityId: number, before?: Date): Promise<number> {
  const sums = await sumsBetween(db, communityId, { to: before });
  return sums.filter((s) => isFundAccount(s.code)).reduce((t, s) => t + s.fen, 0);
}

/** Balance, and month, quarter and year totals: one small read of the per-month totals. */
export async function getSummary(ctx: CommunityContext, now = new Date()) {
  return read(ctx, (db) => readSummary(db, ctx, now));
}

/** `getSummary` as sent, kept until the community's book changes or a new month begins. */
export async function getSummaryShared(ctx: CommunityContext, serialise: Serialise, now = new Date()): Promise<SharedAnswer> {
  return shared(ctx, JSON.stringify(['summary', chinaDate(now).slice(0, 7)]), (db) => readSummary(db, ctx, now), serialise);
}

async function readSummary(db: Executor, ctx: CommunityContext, now: Date) {
  const communityId = ctx.community.id;
  const periods = periodsAt(now);
  const head = (await repo.getHead(db, communityId)) ?? { seq: 0, hash: '0'.repeat(64) };
  const chart = await repo.listAccounts(db, communityId);
  const totals = await repo.listMonthTotalsAfterOpening(db, communityId, monthStartOf(periods.year.from)!);
  const balanceFen = totals.filter((s) => isFundAccount(s.code)).reduce((t, s) => t + s.fen, 0);
  const within = (period: Period) => {
    const from = monthStartOf(period.from)!;
    const to = monthStartOf(period.to)!;
    const sums = new Map<string, number>();
    for (const m of totals) if (m.month !== null && m.month >= from && m.month < to) sums.set(m.code, (sums.get(m.code) ?? 0) + m.fen);
    return presentTotals(
      [...sums].map(([code, fen]) => ({ code, fen })),
      chart,
      ctx.language,
      period,
    );
  };
  return {
    community: { slug: ctx.community.slug, name: ctx.community.name },
    balanceFen,
    head,
    month: within(periods.month),
    quarter: within(periods.quarter),
    year: within(periods.year),
  };
}

/** The chart of accounts with each balance (own postings only, debit-positive) and the head. */
export async function getAccounts(ctx: CommunityContext) {
  return read(ctx, (db) => readAccounts(db, ctx));
}

/** `getAccounts` as sent, kept until the community's book changes. */
export async function getAccountsShared(ctx: CommunityContext, serialise: Serialise): Promise<SharedAnswer> {
  return shared(ctx, JSON.stringify(['accounts']), (db) => readAccounts(db, ctx), serialise);
}

async function readAccounts(db: Executor, ctx: CommunityContext) {
  const sums = new Map((await repo.sumMonths(db, ctx.community.id)).map((s) => [s.code, s.fen]));
  const head = (await repo.getHead(db, ctx.community.id)) ?? { seq: 0, hash: '0'.repeat(64) };
  const people = await getPersonAccounts(db, ctx.community.id);
  const accounts = (await repo.listAccounts(db, ctx.community.id)).map((a) => ({
    code: a.code,
    parent: a.parent_code,
    kind: a.kind,
    name: publicAccountName(a.code, ctx.language === 'en' ? a.name_en : a.name_zh, people),
    balanceFen: sums.get(a.code) ?? 0,
  }));
  return { head, accounts };
}

export function toChainEntry(row: repo.EntryRow, postings: repo.PostingRow[]): ChainEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind,
    memo: row.memo,
    party: row.party,
    source: row.source_type && row.source_id ? { type: row.source_type, id: row.source_id } : null,
    reverses: row.reverses,
    correctionNote: row.correction_note,
    attachments: row.attachments,
    postings: postings.map((p) => ({ account: p.code, fen: p.amount_fen })),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const EXPORT_BATCH = 2000;

/**
 * The whole book in seq order, one batch of entries at a time (each batch its own short read),
 * so a book of any size streams in constant memory. Stops at the head seen when it started.
 */
export async function* exportBook(ctx: CommunityContext, range: { from?: Date; to?: Date } = {}): AsyncGenerator<ChainEntry> {
  const communityId = ctx.community.id;
  const head = await read(ctx, (db) => repo.getHead(db, communityId));
  const lastSeq = head?.seq ?? 0;
  let after = 0;
  while (after < lastSeq) {
    const batch = await read(ctx, async (db) => {
      const rows = await repo.listEntries(db, communityId, { afterSeq: after, limit: EXPORT_BATCH, order: 'asc', from: range.from, to: range.to });
      const inRange = rows.filter((r) => r.seq <= lastSeq);
      if (inRange.length === 0) return { rows: inRange, postings: [] };
      const postings = await repo.listPostingsBetween(db, communityId, inRange[0]!.seq, inRange[inRange.length - 1]!.seq);
      return { rows: inRange, postings };
    });
    if (batch.rows.length === 0) break;
    const bySeq = new Map<number, repo.PostingRow[]>();
    for (const p of batch.postings) {
      const list = bySeq.get(p.seq);
      if (list) list.push(p);
      else bySeq.set(p.seq, [p]);
    }
    for (const row of batch.rows) yield toChainEntry(row, bySeq.get(row.seq) ?? []);
    after = batch.rows[batch.rows.length - 1]!.seq;
  }
}
