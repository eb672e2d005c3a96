// The public fund pages are kept per community and served again while the book is unchanged:
// these tests show that a new entry, a correction, a new account or a maker's choice to show
// their name is on the very next request, that no community is sent another's page, and that a
// reader holding the current page gets 304.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../../test/support/client.ts';
import { makeCommunity, makePerson, postMakerSale } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { EntryView } from './ledger.schemas.ts';

let t: TestApp;
let east: Awaited<ReturnType<typeof makeCommunity>>;
let west: Awaited<ReturnType<typeof makeCommunity>>;
let eastStaff: Awaited<ReturnType<typeof makePerson>>;
let eastSupervisor: Awaited<ReturnType<typeof makePerson>>;
let westStaff: Awaited<ReturnType<typeof makePerson>>;

const fund = (slug: string) => `/api/v1/communities/${slug}/fund`;
let keyCounter = 0;
const key = () => `public-cache-${process.pid}-${++keyCounter}`;
const reader = () => new Client(t.app);

interface Page {
  entries: EntryView[];
  nextBefore: number | null;
}
interface Summary {
  head: { seq: number; hash: string };
  balanceFen: number;
  community: { slug: string };
  month: { incomeFen: number; incomeByChannel: { account: string; fen: number }[] };
}

async function donate(staff: Awaited<ReturnType<typeof makePerson>>, slug: string, memo: string, amountFen = 10_000) {
  const res = await staff.client.post<{ seq: number }>(
    `${fund(slug)}/income`,
    { channel: 'donation', amountFen, receivedInto: 'bank', memo, payer: null },
    { idempotencyKey: key() },
  );
  expect(res.status).toBe(201);
  return res.body.seq;
}

beforeAll(async () => {
  t = await createTestApp();
  east = await makeCommunity(t, 'east');
  west = await makeCommunity(t, 'west');
  eastStaff = await makePerson(t, { community: east, roles: ['staff'] });
  eastSupervisor = await makePerson(t, { community: east, roles: ['supervisor'] });
  westStaff = await makePerson(t, { community: west, roles: ['staff'] });
});
afterAll(() => t.close());

describe('kept public pages', () => {
  it('show a new entry on the next request: first page, filtered page, one entry, summary and accounts', async () => {
    await donate(eastStaff, 'east', '第一笔捐赠');
    const urls = ['/entries', '/entries?channel=income:donation', '/summary', '/accounts'].map((u) => `${fund('east')}${u}`);
    const before = await Promise.all(urls.map((u) => reader().get(u)));
    const again = await Promise.all(urls.map((u) => reader().get(u)));
    for (const [i, res] of again.entries()) {
      expect(res.status).toBe(200);
      expect(res.text).toBe(before[i]!.text);
    }

    const seq = await donate(eastStaff, 'east', '第二笔捐赠', 25_000);
    const [page, filtered, summary, accounts] = await Promise.all(urls.map((u) => reader().get(u)));
    expect((page!.body as Page).entries[0]).toMatchObject({ seq, memo: '第二笔捐赠' });
    expect((filtered!.body as Page).entries[0]).toMatchObject({ seq, memo: '第二笔捐赠' });
    expect((summary!.body as Summary).head.seq).toBe(seq);
    expect((summary!.body as Summary).month.incomeFen - (before[2]!.body as Summary).month.incomeFen).toBe(25_000);
    expect(accounts!.text).not.toBe(before[3]!.text);
    expect((await reader().get<EntryView>(`${fund('east')}/entries/${seq}`)).body.memo).toBe('第二笔捐赠');
  });

  it('show a correction on the next request, on the corrected entry too', async () => {
    const seq = await donate(eastStaff, 'east', '录错的捐赠', 999);
    expect((await reader().get<EntryView>(`${fund('east')}/entries/${seq}`)).body.reversedBy).toBeNull();
    expect((await reader().get<Page>(`${fund('east')}/entries`)).body.entries[0]!.seq).toBe(seq);

    const proposed = await eastStaff.client.post<{ id: number }>(`${fund('east')}/corrections`, { seq, note: '金额录错' }, { idempotencyKey: key() });
    expect(proposed.status).toBe(201);
    const approved = await eastSupervisor.client.post<{ reversalSeq: number }>(`${fund('east')}/corrections/${proposed.body.id}/approve`);
    expect(approved.status).toBe(200);
    const rev = { body: { seq: approved.body.reversalSeq } };
    expect((await reader().get<EntryView>(`${fund('east')}/entries/${seq}`)).body.reversedBy).toBe(rev.body.seq);
    const page = (await reader().get<Page>(`${fund('east')}/entries`)).body;
    expect(page.entries[0]).toMatchObject({ seq: rev.body.seq, kind: 'correction', reverses: seq, correctionNote: '金额录错' });
    expect(page.entries[1]).toMatchObject({ seq, reversedBy: rev.body.seq });
  });

  it('never send one community the page kept for another with the same head and query', async () => {
    // Bring west to east's head with entries of its own, so both have the same seq and accounts.
    const eastHead = (await reader().get<Summary>(`${fund('east')}/summary`)).body.head.seq;
    let westHead = (await reader().get<Summary>(`${fund('west')}/summary`)).body.head.seq;
    while (westHead < eastHead) westHead = await donate(westStaff, 'west', `西区捐赠 ${westHead + 1}`);
    expect(westHead).toBe(eastHead);

    for (const url of ['/entries', '/entries?channel=income:donation', '/summary', '/accounts', `/entries/${eastHead}`]) {
      const a = await reader().get(`${fund('east')}${url}`);
      const b = await reader().get(`${fund('west')}${url}`);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(b.text).not.toBe(a.text);
      expect(b.headers.etag).not.toBe(a.headers.etag);
    }
    const westPage = (await reader().get<Page>(`${fund('west')}/entries`)).body;
    expect(westPage.entries.every((e) => e.memo.startsWith('西区捐赠'))).toBe(true);
    expect((await reader().get<Summary>(`${fund('west')}/summary`)).body.community.slug).toBe('west');
  });

  it('answer 304 to a reader holding the current page, and the new page once the book moves on', async () => {
    const first = await reader().get(`${fund('east')}/entries`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(String(first.headers['content-type'])).toBe('application/json; charset=utf-8');

    const held = await reader().request('GET', `${fund('east')}/entries`, { headers: { 'if-none-match': etag } });
    expect(held.status).toBe(304);
    expect(held.text).toBe('');
    expect((await reader().request('GET', `${fund('east')}/entries`, { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    // the same tag for another page or community is not a match
    expect((await reader().request('GET', `${fund('west')}/entries`, { headers: { 'if-none-match': etag } })).status).toBe(200);
    expect((await reader().request('GET', `${fund('east')}/entries?kind=correction`, { headers: { 'if-none-match': etag } })).status).toBe(200);

    await donate(eastStaff, 'east', '又一笔捐赠');
    const moved = await reader().request<Page>('GET', `${fund('east')}/entries`, { headers: { 'if-none-match': etag } });
    expect(moved.status).toBe(200);
    expect(moved.body.entries[0]!.memo).toBe('又一笔捐赠');
    expect(moved.headers.etag).not.toBe(etag);
  });

  it('keep each language apart', async () => {
    const zh = await reader().request<Summary>('GET', `${fund('east')}/summary`, { headers: { 'accept-language': 'zh-CN' } });
    const en = await reader().request<Summary>('GET', `${fund('east')}/summary`, { headers: { 'accept-language': 'en' } });
    expect(en.text).not.toBe(zh.text);
    expect(JSON.stringify(en.body)).toContain('Donation');
    expect(
      (await reader().request('GET', `${fund('east')}/summary`, { headers: { 'accept-language': 'en', 'if-none-match': String(zh.headers.etag) } })).status,
    ).toBe(200);
  });

  it('show a maker’s name on the next request once they agree to it, and a new account at once', async () => {
    const maker = await makePerson(t, { name: '刘德明' });
    await postMakerSale(t, east.id, { key: 'liu', name: { zh: '手艺人：刘德明', en: 'Maker: 刘德明' }, userId: maker.userId });
    const nameShown = async () =>
      (await reader().get<Page>(`${fund('east')}/entries`)).body.entries[0]!.postings.find((p) => p.account === 'maker_payable:liu')!.name;
    expect(await nameShown()).toBe('手艺人：刘*明');
    expect((await maker.client.patch('/api/v1/me', { namePublic: true })).status).toBe(200);
    expect(await nameShown()).toBe('手艺人：刘德明');
    expect((await maker.client.patch('/api/v1/me', { namePublic: false })).status).toBe(200);
    expect(await nameShown()).toBe('手艺人：刘*明');

    const accountsBefore = (await reader().get<{ accounts: { code: string }[] }>(`${fund('east')}/accounts`)).body.accounts;
    const added = await eastStaff.client.post(`${fund('east')}/accounts`, {
      parent: 'income:foundation',
      slug: 'spring',
      nameZh: '春季项目',
      nameEn: 'Spring project',
    });
    expect(added.status).toBe(201);
    const accountsAfter = (await reader().get<{ accounts: { code: string }[] }>(`${fund('east')}/accounts`)).body.accounts;
    expect(accountsAfter.length).toBe(accountsBefore.length + 1);
  });

  it('keep answering 404 for an entry that does not exist, and the entry once it does', async () => {
    const head = (await reader().get<Summary>(`${fund('east')}/summary`)).body.head.seq;
    expect((await reader().get(`${fund('east')}/entries/${head + 1}`)).status).toBe(404);
    const seq = await donate(eastStaff, 'east', '新的一笔');
    expect(seq).toBe(head + 1);
    expect((await reader().get<EntryView>(`${fund('east')}/entries/${seq}`)).body.memo).toBe('新的一笔');
  });
});
