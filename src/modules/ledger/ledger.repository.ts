import { sql, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../database.ts';
import type { AccountKind, ExpenseStatus, LedgerTables } from './ledger.tables.ts';

export interface AccountRow {
  id: number;
  code: string;
  parent_code: string | null;
  kind: AccountKind;
  name_zh: string;
  name_en: string;
}

export async function insertAccounts(
  tx: Tx,
  communityId: number,
  rows: { code: string; parent_code: string | null; kind: AccountKind; name_zh: string; name_en: string }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto('ledger_accounts')
    .values(rows.map((r) => ({ community_id: communityId, ...r })))
    .execute();
}

/** Inserts an account unless the code exists; returns whether it was created. */
export async function insertAccountIfAbsent(
  tx: Tx,
  communityId: number,
  row: { code: string; parent_code: string | null; kind: AccountKind; name_zh: string; name_en: string },
): Promise<boolean> {
  const inserted = await tx
    .insertInto('ledger_accounts')
    .values({ community_id: communityId, ...row })
    .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Links a sub-account to the person it pays (kept once: the first link stays). */
export async function linkAccountPerson(tx: Tx, communityId: number, code: string, userId: number) {
  await sql`insert into ledger_account_people (community_id, account_id, user_id)
            select community_id, id, ${userId} from ledger_accounts where community_id = ${communityId} and code = ${code}
            on conflict do nothing`.execute(tx);
}

/** Every maker sub-account (maker_payable:…) with the person it pays, when one is linked. */
export async function listPersonAccounts(db: Executor, communityId: number): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_account_people as lp', (j) => j.onRef('lp.community_id', '=', 'a.community_id').onRef('lp.account_id', '=', 'a.id'))
    .select(['a.code', 'lp.user_id'])
    .where('a.community_id', '=', communityId)
    .where('a.code', 'like', 'maker\\_payable:%')
    .execute();
  return new Map(rows.map((r) => [r.code, r.user_id]));
}

export async function insertHead(tx: Tx, communityId: number) {
  await tx
    .insertInto('ledger_heads')
    .values({ community_id: communityId })
    .onConflict((oc) => oc.column('community_id').doNothing())
    .execute();
}

export async function findAccounts(db: Executor, communityId: number, codes: readonly string[]): Promise<AccountRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'code', 'parent_code', 'kind', 'name_zh', 'name_en'])
    .where('community_id', '=', communityId)
    .where('code', 'in', codes)
    .execute();
}

/** Accounts by code, each with whether it was committed before this transaction began (safe to cache). */
export async function findAccountIds(db: Executor, communityId: number, codes: readonly string[]): Promise<{ id: number; code: string; settled: boolean }[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'code', sql<boolean>`created_at < now()`.as('settled')])
    .where('community_id', '=', communityId)
    .where('code', 'in', codes)
    .execute();
}

/** Ids of an account and its sub-accounts. */
export async function findAccountIdsUnder(db: Executor, communityId: number, code: string): Promise<number[]> {
  const rows = await db
    .selectFrom('ledger_accounts')
    .select('id')
    .where('community_id', '=', communityId)
    .where((w) => w.or([w('code', '=', code), w('code', 'like', `${code.replace(/[\\%_]/g, '\\$&')}:%`)]))
    .execute();
  return rows.map((r) => r.id);
}

export async function listAccounts(db: Executor, communityId: number): Promise<AccountRow[]> {
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'code', 'parent_code', 'kind', 'name_zh', 'name_en'])
    .where('community_id', '=', communityId)
    .orderBy('code')
    .execute();
}

/** The head row, locked until the transaction ends: serialises numbering within one community. */
export async function lockHead(tx: Tx, communityId: number): Promise<{ seq: number; hash: string } | undefined> {
  return tx.selectFrom('ledger_heads').select(['seq', 'hash']).where('community_id', '=', communityId).forUpdate().executeTakeFirst();
}

/** What the community's public pages depend on (head, accounts, public names), one round trip outside any transaction. */
export async function getPublicVersion(db: Executor, communityId: number): Promise<string> {
  const result = await sql<{ version: string }>`select ledger_public_version(${communityId}) as version`.execute(db);
  return result.rows[0]!.version;
}

export async function getHead(db: Executor, communityId: number): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom('ledger_heads').select(['seq', 'hash']).where('community_id', '=', communityId).executeTakeFirst();
}

export async function advanceHead(tx: Tx, communityId: number, head: { seq: number; hash: string }) {
  await tx.updateTable('ledger_heads').set({ seq: head.seq, hash: head.hash }).where('community_id', '=', communityId).execute();
}

/** An entry as written: every column but the community (an argument) and the time it was recorded. */
export type EntryInsert = Omit<Selectable<LedgerTables['ledger_entries']>, 'community_id' | 'recorded_at'>;

/** The entry, then its postings: two statements (bench/lib/sale.ts composes a sale with it). */
export async function insertEntry(tx: Tx, communityId: number, entry: EntryInsert, postings: { account_id: number; amount_fen: number }[]) {
  await tx
    .insertInto('ledger_entries')
    .values({ community_id: communityId, ...entry })
    .execute();
  await tx
    .insertInto('ledger_postings')
    .values(postings.map((p, i) => ({ community_id: communityId, seq: entry.seq, line: i + 1, account_id: p.account_id, amount_fen: p.amount_fen })))
    .execute();
}

/**
 * Appends the community's next entry in ONE statement, so the head is locked for a single round
 * trip: locks the head, numbers the entry, hashes it (SHA-256 of `head + seq + middle + prevHash +
 * tail`, the canonical encoding: see canonicalTemplate), writes it, its postings and the new head.
 * The postings trigger adds them to ledger_account_months. Undefined when the community has no book.
 */
export async function appendNextEntry(
  tx: Tx,
  communityId: number,
  entry: Omit<EntryInsert, 'seq' | 'prev_hash' | 'hash'>,
  postings: { account_id: number; amount_fen: number }[],
  encoding: { head: string; middle: string; tail: string },
): Promise<{ seq: number; hash: string } | undefined> {
  const result = await sql<{ seq: number; hash: string }>`
    with head as (
      select seq + 1 as seq, hash as prev_hash from ledger_heads where community_id = ${communityId} for update
    ), next as (
      select seq, prev_hash,
             encode(sha256(convert_to(${encoding.head} || seq::text || ${encoding.middle} || prev_hash || ${encoding.tail}, 'UTF8')), 'hex') as hash
        from head
    ), entry as (
      insert into ledger_entries (community_id, seq, at, kind, memo, party, source_type, source_id, reverses, correction_note, attachments, prev_hash, hash)
      select ${communityId}, next.seq, ${entry.at}, ${entry.kind}, ${entry.memo}, ${entry.party}, ${entry.source_type}, ${entry.source_id},
             ${entry.reverses}, ${entry.correction_note}, ${entry.attachments}::text[], next.prev_hash, next.hash
        from next
    ), postings as (
      insert into ledger_postings (community_id, seq, line, account_id, amount_fen)
      select ${communityId}, next.seq, l.line, l.account_id, l.amount_fen
        from next, unnest(${postings.map((p) => p.account_id)}::int8[], ${postings.map((p) => p.amount_fen)}::int8[]) with ordinality as l(account_id, amount_fen, line)
    ), moved as (
      update ledger_heads set seq = next.seq, hash = next.hash from next where ledger_heads.community_id = ${communityId}
    )
    select seq, hash from next`.execute(tx);
  return result.rows[0];
}

/** Many entries and their postings in a few multi-row statements, in seq order. */
export async function insertEntries(tx: Tx, communityId: number, entries: (EntryInsert & { postings: { account_id: number; amount_fen: number }[] })[]) {
  for (let i = 0; i < entries.length; i += 500) {
    const batch = entries.slice(i, i + 500);
    await tx
      .insertInto('ledger_entries')
      .values(batch.map(({ postings: _postings, ...e }) => ({ community_id: communityId, ...e })))
      .execute();
    await tx
      .insertInto('ledger_postings')
      .values(
        batch.flatMap((e) =>
          e.postings.map((p, line) => ({ community_id: communityId, seq: e.seq, line: line + 1, account_id: p.account_id, amount_fen: p.amount_fen })),
        ),
      )
      .execute();
  }
}

/** An entry as read, with the entry that reverses it, if any. */
export type EntryRow = EntryInsert & { reversed_by: number | null };

export interface PostingRow {
  seq: number;
  line: number;
  code: string;
  name_zh: string;
  name_en: string;
  amount_fen: number;
}

const entryColumns = [
  'e.seq',
  'e.at',
  'e.kind',
  'e.memo',
  'e.party',
  'e.source_type',
  'e.source_id',
  'e.reverses',
  'e.correction_note',
  'e.attachments',
  'e.prev_hash',
  'e.hash',
] as const;

/** Entries of one community with their columns and the seq of the entry that reverses each. */
export function selectEntries(db: Executor, communityId: number) {
  return db
    .selectFrom('ledger_entries as e')
    .select(entryColumns)
    .select((eb) =>
      eb
        .selectFrom('ledger_entries as r')
        .select('r.seq')
        .whereRef('r.community_id', '=', 'e.community_id')
        .whereRef('r.reverses', '=', 'e.seq')
        .as('reversed_by'),
    )
    .where('e.community_id', '=', communityId);
}

export async function getEntry(db: Executor, communityId: number, seq: number, options: { forUpdate?: boolean } = {}): Promise<EntryRow | undefined> {
  let q = selectEntries(db, communityId).where('e.seq', '=', seq);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface EntryFilter {
  beforeSeq?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  kind?: string | undefined;
  /** An account code: entries with a posting to it or to one of its sub-accounts. */
  account?: string | undefined;
  limit: number;
  order: 'asc' | 'desc';
  afterSeq?: number | undefined;
}

export async function listEntries(db: Executor, communityId: number, filter: EntryFilter): Promise<EntryRow[]> {
  let q = selectEntries(db, communityId);
  if (filter.beforeSeq !== undefined) q = q.where('e.seq', '<', filter.beforeSeq);
  if (filter.afterSeq !== undefined) q = q.where('e.seq', '>', filter.afterSeq);
  if (filter.from) q = q.where('e.at', '>=', filter.from);
  if (filter.to) q = q.where('e.at', '<', filter.to);
  if (filter.kind) q = q.where('e.kind', '=', filter.kind);
  if (filter.account) {
    const account = filter.account;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ledger_postings as p')
          .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
          .select(sql<number>`1`.as('one'))
          .whereRef('p.community_id', '=', 'e.community_id')
          .whereRef('p.seq', '=', 'e.seq')
          .where((w) => w.or([w('a.code', '=', account), w('a.code', 'like', `${account}:%`)])),
      ),
    );
  }
  return q.orderBy('e.seq', filter.order).limit(filter.limit).execute();
}

/**
 * Entries with a posting to any of `accountIds`, newest first. Each account's postings are read
 * backwards on ledger_postings_account, `chunk` at a time, and merged; the entries of those
 * postings are then filtered by kind and period. A page reads about `limit` postings whatever
 * the size of the book (more when the other filters reject most of them). An entry posting
 * twice to the accounts comes once.
 */
export async function listEntriesByAccounts(
  db: Executor,
  communityId: number,
  accountIds: readonly number[],
  filter: Omit<EntryFilter, 'account' | 'order' | 'afterSeq'>,
): Promise<EntryRow[]> {
  if (accountIds.length === 0) return [];
  const rows: EntryRow[] = [];
  let before = filter.beforeSeq;
  for (let chunk = filter.limit; ; chunk = Math.min(chunk * 4, 20_000)) {
    const below = before;
    const postingsOf = (accountId: number) =>
      sql`(select p.seq from ledger_postings p
            where p.community_id = ${communityId} and p.account_id = ${accountId}${below !== undefined ? sql` and p.seq < ${below}` : sql``}
            order by p.seq desc limit ${chunk})`;
    const result = await sql<EntryRow & { candidate: number }>`
      select s.seq as candidate, e.seq, e.at, e.kind, e.memo, e.party, e.source_type, e.source_id, e.reverses, e.correction_note, e.attachments,
             e.prev_hash, e.hash, (select r.seq from ledger_entries r where r.community_id = e.community_id and r.reverses = e.seq) as reversed_by
        from (select u.seq from (${sql.join(accountIds.map(postingsOf), sql` union all `)}) u order by u.seq desc limit ${chunk}) s
        left join ledger_entries e on e.community_id = ${communityId} and e.seq = s.seq${filter.kind ? sql` and e.kind = ${filter.kind}` : sql``}${
          filter.from ? sql` and e.at >= ${filter.from}` : sql``
        }${filter.to ? sql` and e.at < ${filter.to}` : sql``}
       order by s.seq desc`.execute(db);
    for (const { candidate: _candidate, ...row } of result.rows) {
      if (row.seq === null || rows[rows.length - 1]?.seq === row.seq) continue;
      rows.push(row);
      if (rows.length === filter.limit) return rows;
    }
    if (result.rows.length < chunk) return rows;
    before = result.rows[result.rows.length - 1]!.candidate;
  }
}

export async function listPostings(db: Executor, communityId: number, seqs: readonly number[]): Promise<PostingRow[]> {
  if (seqs.length === 0) return [];
  return db
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
    .select(['p.seq', 'p.line', 'a.code', 'a.name_zh', 'a.name_en', 'p.amount_fen'])
    .where('p.community_id', '=', communityId)
    .where('p.seq', 'in', seqs)
    .orderBy('p.seq')
    .orderBy('p.line')
    .execute();
}

/**
 * `listPostings` with, for a maker's sub-account (maker_payable:…), the person it pays (null when
 * none is linked; undefined for every other account): what `listPersonAccounts` says of those
 * accounts, in the same round trip.
 */
export async function listPostingsWithPeople(
  db: Executor,
  communityId: number,
  seqs: readonly number[],
): Promise<(PostingRow & { person_id: number | null; is_person_account: boolean })[]> {
  if (seqs.length === 0) return [];
  return db
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
    .leftJoin('ledger_account_people as lp', (j) => j.onRef('lp.community_id', '=', 'a.community_id').onRef('lp.account_id', '=', 'a.id'))
    .select([
      'p.seq',
      'p.line',
      'a.code',
      'a.name_zh',
      'a.name_en',
      'p.amount_fen',
      'lp.user_id as person_id',
      sql<boolean>`a.code like 'maker\\_payable:%'`.as('is_person_account'),
    ])
    .where('p.community_id', '=', communityId)
    .where('p.seq', 'in', seqs)
    .orderBy('p.seq')
    .orderBy('p.line')
    .execute();
}

/** Postings of a seq range, for streaming the book in order. */
export async function listPostingsBetween(db: Executor, communityId: number, fromSeq: number, toSeq: number): Promise<PostingRow[]> {
  return db
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
    .select(['p.seq', 'p.line', 'a.code', 'a.name_zh', 'a.name_en', 'p.amount_fen'])
    .where('p.community_id', '=', communityId)
    .where('p.seq', '>=', fromSeq)
    .where('p.seq', '<=', toSeq)
    .orderBy('p.seq')
    .orderBy('p.line')
    .execute();
}

/**
 * Sum of postings per account code from the per-month totals, for entries in months
 * [fromMonth, toMonth) (YYYY-MM-01, China time), or all of them.
 */
export async function sumMonths(db: Executor, communityId: number, months: { from?: string; to?: string } = {}): Promise<{ code: string; fen: number }[]> {
  let q = db
    .selectFrom('ledger_account_months as t')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 't.community_id').onRef('a.id', '=', 't.account_id'))
    .select(['a.code', sql<number>`sum(t.fen)::bigint`.as('fen')])
    .where('t.community_id', '=', communityId)
    .groupBy('a.code');
  if (months.from) q = q.where('t.month', '>=', months.from);
  if (months.to) q = q.where('t.month', '<', months.to);
  return q.execute();
}

/**
 * Per account code, the total of every month before `fromMonth` (YYYY-MM-01) as one row with
 * month null, and each month from it on: a balance and this year's months in one read.
 */
export async function listMonthTotalsAfterOpening(
  db: Executor,
  communityId: number,
  fromMonth: string,
): Promise<{ code: string; month: string | null; fen: number }[]> {
  const result = await sql<{ code: string; month: string | null; fen: number }>`
    select a.code, case when t.month >= ${fromMonth}::date then to_char(t.month, 'YYYY-MM-DD') end as month, sum(t.fen)::bigint as fen
      from ledger_account_months t
      join ledger_accounts a on a.community_id = t.community_id and a.id = t.account_id
     where t.community_id = ${communityId}
     group by 1, 2`.execute(db);
  return result.rows;
}

/** Where ledger_account_months differs from the postings' sums (empty in a sound book). */
export async function findTotalsMismatches(db: Executor, communityId: number) {
  const result = await sql<{
    account_id: number;
    month: string;
    stored_fen: number | null;
    computed_fen: number | null;
  }>`select account_id, month, stored_fen, computed_fen from ledger_totals_mismatches(${communityId})`.execute(db);
  return result.rows;
}

/** Sum of postings per account code, optionally for entries in [from, to) (any instants: reads every posting). */
export async function sumByAccount(db: Executor, communityId: number, period: { from?: Date; to?: Date } = {}): Promise<{ code: string; fen: number }[]> {
  let q = db
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'p.community_id').onRef('a.id', '=', 'p.account_id'))
    .innerJoin('ledger_entries as e', (j) => j.onRef('e.community_id', '=', 'p.community_id').onRef('e.seq', '=', 'p.seq'))
    .select(['a.code', sql<number>`sum(p.amount_fen)::bigint`.as('fen')])
    .where('p.community_id', '=', communityId)
    .groupBy('a.code');
  if (period.from) q = q.where('e.at', '>=', period.from);
  if (period.to) q = q.where('e.at', '<', period.to);
  return q.execute();
}

// --- expenses

export interface ExpenseRow {
  id: number;
  purpose: string;
  payee: string;
  payee_is_person: boolean;
  payee_name_public: boolean;
  amount_fen: number;
  memo: string;
  attachments: string[];
  status: ExpenseStatus;
  required_approvals: number;
  proposed_by: number;
  proposed_at: Date;
  rejected_by: number | null;
  reject_reason: string | null;
  decided_at: Date | null;
  paid_by: number | null;
  paid_at: Date | null;
  paid_from: 'cash' | 'bank' | null;
  entry_seq: number | null;
  approvals: number[];
}

const expenseColumns = [
  'x.id',
  'x.purpose',
  'x.payee',
  'x.payee_is_person',
  'x.payee_name_public',
  'x.amount_fen',
  'x.memo',
  'x.attachments',
  'x.status',
  'x.required_approvals',
  'x.proposed_by',
  'x.proposed_at',
  'x.rejected_by',
  'x.reject_reason',
  'x.decided_at',
  'x.paid_by',
  'x.paid_at',
  'x.paid_from',
  'x.entry_seq',
] as const;

export async function insertExpense(
  tx: Tx,
  row: {
    community_id: number;
    purpose: string;
    payee: string;
    payee_is_person: boolean;
    payee_name_public: boolean;
    amount_fen: number;
    memo: string;
    attachments: string[];
    required_approvals: number;
    proposed_by: number;
  },
): Promise<number> {
  const inserted = await tx.insertInto('ledger_expenses').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Expenses of one community with the ids of the supervisors who approved each, in order. */
function selectExpenses(db: Executor, communityId: number) {
  return db
    .selectFrom('ledger_expenses as x')
    .select(expenseColumns)
    .select((eb) =>
      eb
        .selectFrom('ledger_expense_approvals as ap')
        .select(sql<number[]>`coalesce(json_agg(ap.supervisor_id order by ap.at), '[]')`.as('ids'))
        .whereRef('ap.community_id', '=', 'x.community_id')
        .whereRef('ap.expense_id', '=', 'x.id')
        .as('approvals'),
    )
    .where('x.community_id', '=', communityId);
}

export async function getExpense(db: Executor, communityId: number, id: number, options: { forUpdate?: boolean } = {}): Promise<ExpenseRow | undefined> {
  let q = selectExpenses(db, communityId).where('x.id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...row, approvals: row.approvals ?? [] } : undefined;
}

export async function listExpenses(
  db: Executor,
  communityId: number,
  filter: { status?: ExpenseStatus | undefined; limit: number; beforeId?: number | undefined },
) {
  let q = selectExpenses(db, communityId);
  if (filter.status) q = q.where('x.status', '=', filter.status);
  if (filter.beforeId !== undefined) q = q.where('x.id', '<', filter.beforeId);
  const rows = await q.orderBy('x.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({ ...r, approvals: r.approvals ?? [] }));
}

export async function insertApproval(tx: Tx, communityId: number, expenseId: number, supervisorId: number): Promise<boolean> {
  const row = await tx
    .insertInto('ledger_expense_approvals')
    .values({ community_id: communityId, expense_id: expenseId, supervisor_id: supervisorId })
    .onConflict((oc) => oc.doNothing())
    .returning('supervisor_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateExpense(
  tx: Tx,
  communityId: number,
  id: number,
  set: Partial<{
    status: ExpenseStatus;
    rejected_by: number;
    reject_reason: string;
    decided_at: Date;
    paid_by: number;
    paid_at: Date;
    paid_from: 'cash' | 'bank';
    entry_seq: number;
  }>,
) {
  await tx.updateTable('ledger_expenses').set(set).where('community_id', '=', communityId).where('id', '=', id).execute();
}

// --- corrections waiting for a supervisor (ledger.corrections.ts)

export type CorrectionRow = Selectable<LedgerTables['ledger_corrections']>;

/** A new proposal, or undefined when one for this entry is already open. */
export function insertCorrection(tx: Tx, row: { community_id: number; entry_seq: number; note: string; proposed_by: number }) {
  return tx
    .insertInto('ledger_corrections')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'entry_seq']).where('status', '=', 'proposed').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function getCorrectionForUpdate(tx: Tx, communityId: number, id: number) {
  return tx.selectFrom('ledger_corrections').selectAll().where('community_id', '=', communityId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideCorrection(
  tx: Tx,
  communityId: number,
  id: number,
  decision: { status: 'approved' | 'rejected'; decided_by: number; reversal_seq?: number; reject_reason?: string },
) {
  return tx
    .updateTable('ledger_corrections')
    .set({ ...decision, decided_at: new Date() })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listCorrections(db: Executor, communityId: number, filter: { status: 'proposed' | 'approved' | 'rejected'; limit: number }) {
  return db
    .selectFrom('ledger_corrections')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('status', '=', filter.status)
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
