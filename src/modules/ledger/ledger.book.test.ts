import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity, makePerson, postMakerSale } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { transact } from '../../platform/db.ts';
import { ChainVerifier } from './ledger.chain.ts';
import { getBalances, postEntry, sha256Hex } from './ledger.service.ts';
import { exportBook, getAccounts, listEntries } from './ledger.public.service.ts';
import { systemContext } from '../../platform/context.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;
let other: Awaited<ReturnType<typeof makeCommunity>>;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  other = await makeCommunity(t, 'other');
});
afterAll(() => t.close());

function sale(communityId: number, maker: string, at?: Date) {
  return postMakerSale(
    t,
    communityId,
    { key: maker, name: { zh: `手艺人 ${maker}`, en: `Maker ${maker}` } },
    { source: { type: 'order', id: '123' }, ...(at ? { at } : {}) },
  );
}

async function entryCount(communityId: number) {
  const rows = await t.handle.asOwner((o) => o.query<{ n: number }>('select count(*)::int as n from ledger_entries where community_id = $1', [communityId]));
  return rows[0]!.n;
}

describe('the book', () => {
  it('opens every new community with the chart of accounts and posts the ¥150 sale and its payout', async () => {
    const first = await sale(nanhu.id, '7');
    expect(first.seq).toBe(1);
    const payout = await transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
      postEntry(tx, nanhu.id, {
        kind: 'payout',
        memo: '手艺人结算',
        source: null,
        postings: [
          { account: 'maker_payable:7', amountFen: 12000 },
          { account: 'cash', amountFen: -12000 },
        ],
      }),
    );
    expect(payout.seq).toBe(2);
    const balances = await transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
      getBalances(tx, nanhu.id, ['cash', 'maker_payable', 'maker_payable:7', 'income:sale_margin']),
    );
    expect(balances).toEqual({ cash: 3000, maker_payable: 0, 'maker_payable:7': 0, 'income:sale_margin': -3000 });
  });

  it('numbers each community from 1 and chains each entry to the previous hash', async () => {
    const a = await sale(other.id, '1');
    const b = await sale(other.id, '1');
    expect([a.seq, b.seq]).toEqual([1, 2]);
    const verifier = new ChainVerifier(sha256Hex);
    for await (const entry of exportBook(systemContext(t.deps, other))) expect(await verifier.add(entry)).toBe(true);
    const report = verifier.report();
    expect(report).toMatchObject({ ok: true, entries: 2, headSeq: 2, headHash: b.hash, fundBalanceFen: 30000 });
    expect(report.balances['maker_payable:1']).toBe(-24000);
  });

  it('refuses unbalanced postings, an unknown account and amounts that are not whole fen in range, writing nothing', async () => {
    const before = await entryCount(nanhu.id);
    const attempt = (postings: { account: string; amountFen: number }[]) =>
      transact(t.deps.db, { communityId: nanhu.id }, (tx) => postEntry(tx, nanhu.id, { kind: 'income', memo: 'x', source: null, postings }));
    await expect(
      attempt([
        { account: 'cash', amountFen: 100 },
        { account: 'income:donation', amountFen: -99 },
      ]),
    ).rejects.toMatchObject({ code: 'UNBALANCED_ENTRY' });
    await expect(attempt([{ account: 'cash', amountFen: 100 }])).rejects.toMatchObject({ code: 'UNBALANCED_ENTRY' });
    await expect(
      attempt([
        { account: 'cash', amountFen: 100 },
        { account: 'income:nothing', amountFen: -100 },
      ]),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    await expect(
      attempt([
        { account: 'cash', amountFen: 1.5 },
        { account: 'income:donation', amountFen: -1.5 },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      attempt([
        { account: 'cash', amountFen: 10_000_000_001 },
        { account: 'income:donation', amountFen: -10_000_000_001 },
      ]),
    ).rejects.toMatchObject({
      code: 'AMOUNT_OUT_OF_RANGE',
    });
    await expect(
      attempt([
        { account: 'cash', amountFen: 0 },
        { account: 'income:donation', amountFen: 0 },
      ]),
    ).rejects.toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE' });
    expect(await entryCount(nanhu.id)).toBe(before);
  });
});

describe('the database keeps the rules (as the app role)', () => {
  async function head(communityId: number) {
    return transact(t.deps.db, { communityId }, (tx) =>
      tx.selectFrom('ledger_heads').select(['seq', 'hash']).where('community_id', '=', communityId).executeTakeFirstOrThrow(),
    );
  }
  async function account(communityId: number, code: string) {
    return transact(t.deps.db, { communityId }, (tx) =>
      tx.selectFrom('ledger_accounts').select('id').where('community_id', '=', communityId).where('code', '=', code).executeTakeFirstOrThrow(),
    );
  }
  async function rawEntry(communityId: number, postings: { accountId: number; fen: number }[]) {
    const h = await head(communityId);
    return transact(t.deps.db, { communityId }, async (tx) => {
      await tx
        .insertInto('ledger_entries')
        .values({
          community_id: communityId,
          seq: h.seq + 1,
          at: new Date(),
          kind: 'income',
          memo: 'raw',
          party: null,
          source_type: null,
          source_id: null,
          reverses: null,
          correction_note: null,
          attachments: [],
          prev_hash: h.hash,
          hash: 'a'.repeat(64),
        })
        .execute();
      if (postings.length > 0)
        await tx
          .insertInto('ledger_postings')
          .values(postings.map((p, i) => ({ community_id: communityId, seq: h.seq + 1, line: i + 1, account_id: p.accountId, amount_fen: p.fen })))
          .execute();
      await tx
        .updateTable('ledger_heads')
        .set({ seq: h.seq + 1, hash: 'a'.repeat(64) })
        .where('community_id', '=', communityId)
        .execute();
    });
  }

  it('refuses at commit an entry whose postings do not sum to zero, or that has fewer than two', async () => {
    const before = await entryCount(nanhu.id);
    const cash = await account(nanhu.id, 'cash');
    const donation = await account(nanhu.id, 'income:donation');
    await expect(
      rawEntry(nanhu.id, [
        { accountId: cash.id, fen: 100 },
        { accountId: donation.id, fen: -90 },
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(rawEntry(nanhu.id, [])).rejects.toThrow(/two or more/);
    expect(await entryCount(nanhu.id)).toBe(before);
  });

  it('refuses postings added to an entry of an earlier transaction, even balanced ones, and keeps the totals equal to the postings', async () => {
    const own = await makeCommunity(t, 'closed-postings');
    await sale(own.id, '3');
    const cash = await account(own.id, 'cash');
    const donation = await account(own.id, 'income:donation');
    await expect(
      transact(t.deps.db, { communityId: own.id }, (tx) =>
        tx
          .insertInto('ledger_postings')
          .values([
            { community_id: own.id, seq: 1, line: 8, account_id: cash.id, amount_fen: 500 },
            { community_id: own.id, seq: 1, line: 9, account_id: donation.id, amount_fen: -500 },
          ])
          .execute(),
      ),
    ).rejects.toThrow(/postings are closed/);
    // an entry and its postings written in a savepoint of the posting transaction are its own
    await transact(t.deps.db, { communityId: own.id }, async (tx) => {
      const h = await tx.selectFrom('ledger_heads').select(['seq', 'hash']).where('community_id', '=', own.id).forUpdate().executeTakeFirstOrThrow();
      await sql`savepoint inner_write`.execute(tx);
      await tx
        .insertInto('ledger_entries')
        .values({
          community_id: own.id,
          seq: h.seq + 1,
          at: new Date(),
          kind: 'income',
          memo: 'raw',
          party: null,
          source_type: null,
          source_id: null,
          reverses: null,
          correction_note: null,
          attachments: [],
          prev_hash: h.hash,
          hash: 'd'.repeat(64),
        })
        .execute();
      await tx
        .insertInto('ledger_postings')
        .values([
          { community_id: own.id, seq: h.seq + 1, line: 1, account_id: cash.id, amount_fen: 700 },
          { community_id: own.id, seq: h.seq + 1, line: 2, account_id: donation.id, amount_fen: -700 },
        ])
        .execute();
      await sql`release savepoint inner_write`.execute(tx);
      await tx
        .updateTable('ledger_heads')
        .set({ seq: h.seq + 1, hash: 'd'.repeat(64) })
        .where('community_id', '=', own.id)
        .execute();
    });
    const mismatches = await transact(t.deps.db, { communityId: own.id }, (tx) => sql`select * from ledger_totals_mismatches(${own.id})`.execute(tx));
    expect(mismatches.rows).toEqual([]);
    const balances = await transact(t.deps.db, { communityId: own.id }, (tx) => getBalances(tx, own.id, ['cash', 'income']));
    expect(balances).toEqual({ cash: 15700, income: -3700 });
  });

  it('refuses a posting to another community’s account', async () => {
    const foreignCash = await account(other.id, 'cash');
    const donation = await account(nanhu.id, 'income:donation');
    await expect(
      rawEntry(nanhu.id, [
        { accountId: foreignCash.id, fen: 100 },
        { accountId: donation.id, fen: -100 },
      ]),
    ).rejects.toThrow(/foreign key|violates/);
  });

  it('refuses an entry that leaves a gap or does not link to the previous hash', async () => {
    const h = await head(nanhu.id);
    const insert = (seq: number, prev: string) =>
      transact(t.deps.db, { communityId: nanhu.id }, (tx) =>
        tx
          .insertInto('ledger_entries')
          .values({
            community_id: nanhu.id,
            seq,
            at: new Date(),
            kind: 'income',
            memo: 'raw',
            party: null,
            source_type: null,
            source_id: null,
            reverses: null,
            correction_note: null,
            attachments: [],
            prev_hash: prev,
            hash: 'b'.repeat(64),
          })
          .execute(),
      );
    await expect(insert(h.seq + 2, h.hash)).rejects.toThrow(/gap/);
    await expect(insert(h.seq + 1, 'c'.repeat(64))).rejects.toThrow(/does not link/);
  });

  it.each([
    ['UPDATE an entry', sql`update ledger_entries set memo = 'changed' where seq = 1`],
    ['DELETE an entry', sql`delete from ledger_entries where seq = 2`],
    ['UPDATE a posting', sql`update ledger_postings set amount_fen = amount_fen * 2 where seq = 1`],
    ['DELETE a posting', sql`delete from ledger_postings where seq = 1`],
    ['TRUNCATE the postings', sql`truncate ledger_postings`],
  ])('refuses to %s', async (_label, statement) => {
    await expect(transact(t.deps.db, { communityId: nanhu.id }, (tx) => statement.execute(tx))).rejects.toThrow(/permission denied|append-only/);
    const rows = await t.handle.asOwner((o) =>
      o.query<{ memo: string; n: number }>(
        `select memo, (select count(*)::int from ledger_postings where community_id = $1) as n from ledger_entries where community_id = $1 and seq = 1`,
        [nanhu.id],
      ),
    );
    expect(rows[0]).toEqual({ memo: '竹编篮子 ×1', n: 5 });
  });

  it('refuses UPDATE even to the owner while triggers are on', async () => {
    await expect(t.handle.asOwner((o) => o.exec(`update ledger_entries set memo = 'x' where community_id = ${nanhu.id} and seq = 1`))).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('privacy of the public book', () => {
  it('masks a maker’s name in public postings and accounts unless the maker agreed to show it', async () => {
    const shop = await makeCommunity(t, 'privacy');
    const agreed = await makePerson(t, { name: '周明德' });
    await t.handle.asOwner((o) => o.query('update users set name_public = true where id = $1', [agreed.userId]));
    const hidden = await makePerson(t, { name: '张秀兰' });
    const post = (key: number, name: string, userId?: number) =>
      postMakerSale(t, shop.id, { key, name: { zh: `应付手艺人款：${name}`, en: `Maker #${key}` }, ...(userId ? { userId } : {}) });
    await post(1, '张秀兰', hidden.userId);
    await post(2, '周明德', agreed.userId);
    await post(3, '李桂芳');
    const ctx = systemContext(t.deps, shop);
    const page = await listEntries(ctx, { limit: 10 });
    const names = page.entries.flatMap((e) => e.postings.map((p) => p.name)).filter((n) => n.startsWith('应付手艺人款'));
    expect(names.sort()).toEqual(['应付手艺人款：周明德', '应付手艺人款：张*兰', '应付手艺人款：李*芳'].sort());
    const accounts = (await getAccounts(ctx)).accounts.filter((a) => a.code.startsWith('maker_payable:')).map((a) => a.name);
    expect(accounts.sort()).toEqual(['应付手艺人款：周明德', '应付手艺人款：张*兰', '应付手艺人款：李*芳'].sort());
  });
});
