import crypto from 'node:crypto';
import type { Executor, Tx } from '../../database.ts';
import type { Community, CommunityContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireFiles } from '../../platform/files.ts';
import { MAX_AMOUNT_FEN } from '../../platform/money.ts';
import { getPeople, recordAudit } from '../identity/index.ts';
import { canonicalTemplate, hashEntry } from './ledger.chain.ts';
import { CHART, isUnder, maskName, parentOf } from './ledger.chart.ts';
import * as repo from './ledger.repository.ts';

export type EntryKind = 'sale' | 'refund' | 'payout' | 'income' | 'expense' | 'performance' | 'grant' | 'correction' | 'opening';
export const ENTRY_KINDS: readonly EntryKind[] = ['sale', 'refund', 'payout', 'income', 'expense', 'performance', 'grant', 'correction', 'opening'];

/** An account CODE and an amount: debit > 0, credit < 0. */
export interface PostingInput {
  account: string;
  amountFen: number;
}

/** Who the money came from or went to. A person's name is masked in public unless they agreed. */
export interface PartyInput {
  name: string;
  isPerson: boolean;
  showName: boolean;
}

export interface PostEntryInput {
  kind: EntryKind;
  /** Public text: put no personal names here (use `party`). */
  memo: string;
  /** What the entry comes from, e.g. {type: 'order', id: '123'}; shown as a link on the public page. */
  source: { type: string; id: string } | null;
  /** Two or more; they must sum to zero. */
  postings: PostingInput[];
  /** The seq of the entry this one reverses; needs `correctionNote`. */
  reverses?: number;
  correctionNote?: string;
  /** SHA-256 of files uploaded to this community (receipts, contracts). */
  attachments?: string[];
  party?: PartyInput | null;
  /** Default now; the demo history uses past dates. */
  at?: Date;
}

export interface PostedEntry {
  /** The same as seq: entries are numbered per community. */
  id: number;
  seq: number;
  hash: string;
}

export const sha256Hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

const SUB_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const SOURCE_TYPE = /^[a-z][a-z_]{0,39}$/;

/** The public form of a counterparty. */
export function publicParty(party: PartyInput | null | undefined): string | null {
  if (!party) return null;
  const name = party.name.trim().slice(0, 80);
  if (name === '') return null;
  return party.isPerson && !party.showName ? maskName(name) : name;
}

function checkAmount(fen: unknown) {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) throw new AppError('VALIDATION_FAILED', { detail: 'amounts are whole fen' });
  if (fen === 0 || Math.abs(fen) > MAX_AMOUNT_FEN) throw new AppError('AMOUNT_OUT_OF_RANGE');
}

/**
 * Account ids by code, per community, for accounts committed before the transaction that looked
 * them up. Accounts are never deleted and keep their code and id (the database refuses the
 * change), so an entry can only be missing: a miss queries, and an account created by a
 * transaction that may still roll back is not cached.
 */
const chartCache = new Map<number, Map<string, number>>();
const CHART_CACHE_COMMUNITIES = 10_000;

async function resolveAccounts(tx: Tx, communityId: number, postings: readonly PostingInput[]): Promise<Map<string, number>> {
  const cached = chartCache.get(communityId);
  const ids = new Map<string, number>();
  const unknown: string[] = [];
  for (const { account } of postings) {
    const id = cached?.get(account);
    if (id !== undefined) ids.set(account, id);
    else if (!ids.has(account) && !unknown.includes(account)) unknown.push(account);
  }
  if (unknown.length === 0) return ids;
  const rows = await repo.findAccountIds(tx, communityId, unknown);
  let chart = cached;
  if (!chart) {
    if (chartCache.size >= CHART_CACHE_COMMUNITIES) chartCache.delete(chartCache.keys().next().value!);
    chart = new Map();
    chartCache.set(communityId, chart);
  }
  for (const row of rows) {
    ids.set(row.code, row.id);
    if (row.settled) chart.set(row.code, row.id);
  }
  const missing = unknown.find((c) => !ids.has(c));
  if (missing) throw new AppError('ACCOUNT_NOT_FOUND', { code: missing });
  return ids;
}

/**
 * Posts one balanced, chained entry inside the CALLER's transaction (already scoped to the
 * community). The community's head row is locked from here until that transaction ends, so call
 * this as late as possible in the use case.
 */
export async function postEntry(tx: Tx, communityId: number, input: PostEntryInput): Promise<PostedEntry> {
  if (input.postings.length < 2) throw new AppError('UNBALANCED_ENTRY');
  for (const p of input.postings) checkAmount(p.amountFen);
  if (input.postings.reduce((sum, p) => sum + p.amountFen, 0) !== 0) throw new AppError('UNBALANCED_ENTRY');
  const memo = input.memo.trim();
  if (memo.length < 1 || memo.length > 500) throw new AppError('VALIDATION_FAILED', { detail: 'memo' });
  if (input.source && (!SOURCE_TYPE.test(input.source.type) || input.source.id.length < 1 || input.source.id.length > 80))
    throw new AppError('VALIDATION_FAILED', { detail: 'source' });
  const correctionNote = input.correctionNote?.trim() || null;
  if (input.reverses !== undefined && !correctionNote) throw new AppError('VALIDATION_FAILED', { detail: 'correctionNote' });
  if (correctionNote && correctionNote.length > 500) throw new AppError('VALIDATION_FAILED', { detail: 'correctionNote' });

  const accountIds = await resolveAccounts(tx, communityId, input.postings);
  const attachments = [...new Set(input.attachments ?? [])];
  await requireFiles(tx, communityId, attachments);

  // From here to commit the community's numbering is held: one statement (lock, number, hash,
  // append), or two for a reversal, which must find its original unreversed under the lock.
  if (input.reverses !== undefined) {
    if (!(await repo.lockHead(tx, communityId))) throw new Error(`community ${communityId} has no ledger: openBooks did not run`);
    const original = await repo.getEntry(tx, communityId, input.reverses);
    if (!original) throw new AppError('NOT_FOUND', { what: 'ledger entry', whatZh: '分录' });
    if (original.reversed_by !== null) throw new AppError('ENTRY_ALREADY_REVERSED');
  }
  const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
  const fields = {
    at: at.toISOString(),
    kind: input.kind,
    memo,
    party: publicParty(input.party),
    source: input.source ? { type: input.source.type, id: input.source.id } : null,
    reverses: input.reverses ?? null,
    correctionNote,
    attachments,
    postings: input.postings.map((p) => ({ account: p.account, fen: p.amountFen })),
  };
  const appended = await repo.appendNextEntry(
    tx,
    communityId,
    {
      at,
      kind: fields.kind,
      memo,
      party: fields.party,
      source_type: fields.source?.type ?? null,
      source_id: fields.source?.id ?? null,
      reverses: fields.reverses,
      correction_note: correctionNote,
      attachments,
    },
    input.postings.map((p) => ({ account_id: accountIds.get(p.account)!, amount_fen: p.amountFen })),
    canonicalTemplate(fields),
  );
  if (!appended) throw new Error(`community ${communityId} has no ledger: openBooks did not run`);
  const { seq, hash } = appended;
  return { id: seq, seq, hash };
}

/**
 * Posts the reversal of entry `entryId` (its seq) with a public correction note, and audits it.
 * The caller authorises; an entry is reversed at most once.
 */
export async function reverseEntry(tx: Tx, ctx: CommunityContext, entryId: number, note: string, kind: EntryKind = 'correction'): Promise<PostedEntry> {
  const communityId = ctx.community.id;
  const original = await repo.getEntry(tx, communityId, entryId);
  if (!original) throw new AppError('NOT_FOUND', { what: 'ledger entry', whatZh: '分录' });
  if (original.reversed_by !== null) throw new AppError('ENTRY_ALREADY_REVERSED');
  const postings = await repo.listPostings(tx, communityId, [entryId]);
  const posted = await postEntry(tx, communityId, {
    kind,
    memo: `更正第 ${entryId} 号分录：${original.memo}`.slice(0, 500),
    source: original.source_type && original.source_id ? { type: original.source_type, id: original.source_id } : null,
    postings: postings.map((p) => ({ account: p.code, amountFen: -p.amount_fen })),
    reverses: entryId,
    correctionNote: note,
    party: original.party ? { name: original.party, isPerson: false, showName: true } : null,
  });
  await recordAudit(tx, ctx, { action: 'ledger.entry_reversed', subjectType: 'ledger_entry', subjectId: entryId, detail: { reversal: posted.seq, note } });
  return posted;
}

/**
 * The code of the per-maker / per-organisation sub-account, created on first use. `person`
 * links a maker's account to their user, whose name_public decides whether public views show
 * the name; a maker account without it is always shown masked.
 */
export async function ensureSubAccount(
  tx: Tx,
  communityId: number,
  parent: 'maker_payable' | 'org_payable',
  key: string | number,
  name: { zh: string; en: string },
  person?: { userId: number },
): Promise<string> {
  const k = String(key).toLowerCase();
  if (!SUB_KEY.test(k)) throw new AppError('VALIDATION_FAILED', { detail: 'sub-account key' });
  const code = `${parent}:${k}`;
  await repo.insertAccountIfAbsent(tx, communityId, {
    code,
    parent_code: parent,
    kind: 'liability',
    name_zh: name.zh.slice(0, 80),
    name_en: name.en.slice(0, 80),
  });
  if (person) await repo.linkAccountPerson(tx, communityId, code, person.userId);
  return code;
}

/** Adds a sub-account `<parent>:<slug>` under any account (a foundation project, a campaign). */
export async function addSubAccount(tx: Tx, communityId: number, input: { parent: string; slug: string; nameZh: string; nameEn: string }): Promise<string> {
  const [parent] = await repo.findAccounts(tx, communityId, [input.parent]);
  if (!parent) throw new AppError('ACCOUNT_NOT_FOUND', { code: input.parent });
  const code = `${input.parent}:${input.slug}`;
  if (!SUB_KEY.test(input.slug) || code.split(':').length > 4) throw new AppError('VALIDATION_FAILED', { detail: 'slug' });
  const created = await repo.insertAccountIfAbsent(tx, communityId, {
    code,
    parent_code: parent.code,
    kind: parent.kind,
    name_zh: input.nameZh,
    name_en: input.nameEn,
  });
  if (!created) throw new AppError('ACCOUNT_CODE_TAKEN', { code });
  return code;
}

/** Balances in fen, debit-positive; an account's balance includes its sub-accounts. */
export async function getBalances(tx: Tx, communityId: number, codes: string[]): Promise<Record<string, number>> {
  const sums = await repo.sumMonths(tx, communityId);
  const result: Record<string, number> = {};
  for (const code of codes) result[code] = sums.filter((s) => isUnder(s.code, code)).reduce((t, s) => t + s.fen, 0);
  return result;
}

/** Opens a new community's book: the chart of accounts and an empty head. Runs in the creating transaction. */
export async function openBooks(tx: Tx, community: Community): Promise<void> {
  await repo.insertAccounts(
    tx,
    community.id,
    CHART.map((a) => ({ code: a.code, parent_code: parentOf(a.code), kind: a.kind, name_zh: a.zh, name_en: a.en })),
  );
  await repo.insertHead(tx, community.id);
}

/**
 * Posts many entries at once, in order, inside the caller's transaction: one head lock and a few
 * multi-row inserts (history imports, the demo). The same checks as postEntry; no reversals.
 */
export async function postEntries(tx: Tx, communityId: number, inputs: PostEntryInput[]): Promise<PostedEntry[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) {
    if (input.reverses !== undefined) throw new Error('postEntries does not post reversals: use reverseEntry');
    if (input.postings.length < 2) throw new AppError('UNBALANCED_ENTRY');
    for (const p of input.postings) checkAmount(p.amountFen);
    if (input.postings.reduce((sum, p) => sum + p.amountFen, 0) !== 0) throw new AppError('UNBALANCED_ENTRY');
    const memo = input.memo.trim();
    if (memo.length < 1 || memo.length > 500) throw new AppError('VALIDATION_FAILED', { detail: 'memo' });
  }
  const accountIds = await resolveAccounts(
    tx,
    communityId,
    inputs.flatMap((i) => i.postings),
  );
  const attachments = [...new Set(inputs.flatMap((i) => i.attachments ?? []))];
  await requireFiles(tx, communityId, attachments);

  const head = await repo.lockHead(tx, communityId);
  if (!head) throw new Error(`community ${communityId} has no ledger: openBooks did not run`);
  let { seq, hash } = head;
  const entries: (repo.EntryInsert & { postings: { account_id: number; amount_fen: number }[] })[] = [];
  const posted: PostedEntry[] = [];
  for (const input of inputs) {
    const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
    const chain = {
      seq: seq + 1,
      at: at.toISOString(),
      kind: input.kind,
      memo: input.memo.trim(),
      party: publicParty(input.party),
      source: input.source ? { type: input.source.type, id: input.source.id } : null,
      reverses: null,
      correctionNote: null,
      attachments: [...new Set(input.attachments ?? [])],
      postings: input.postings.map((p) => ({ account: p.account, fen: p.amountFen })),
      prevHash: hash,
    };
    const next = await hashEntry(chain, sha256Hex);
    entries.push({
      seq: chain.seq,
      at,
      kind: chain.kind,
      memo: chain.memo,
      party: chain.party,
      source_type: chain.source?.type ?? null,
      source_id: chain.source?.id ?? null,
      reverses: null,
      correction_note: null,
      attachments: chain.attachments,
      prev_hash: hash,
      hash: next,
      postings: input.postings.map((p) => ({ account_id: accountIds.get(p.account)!, amount_fen: p.amountFen })),
    });
    seq = chain.seq;
    hash = next;
    posted.push({ id: seq, seq, hash });
  }
  await repo.insertEntries(tx, communityId, entries);
  await repo.advanceHead(tx, communityId, { seq, hash });
  return posted;
}

/**
 * Every maker sub-account (maker_payable:…) with whether its person agreed to show their name
 * (false when no person is linked): what public views mask by.
 */
export async function getPersonAccounts(db: Executor, communityId: number): Promise<Map<string, boolean>> {
  const accounts = await repo.listPersonAccounts(db, communityId);
  const people = await getPeople(db, [...accounts.values()]);
  return new Map([...accounts].map(([code, userId]) => [code, userId !== null && (people.get(userId)?.namePublic ?? false)]));
}
