import crypto from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { ensureMember } from '../modules/identity/index.ts';
import { postEntry } from '../modules/ledger/index.ts';
import { transact } from './db.ts';
import { requireFiles } from './files.ts';
import { sweepUnreferencedFiles } from './files.sweep.ts';
import { fileReferencesOf } from './module.ts';

// Uploads as an attacker would use them: past a quota, all at once, as fast as possible, and left
// lying about; and the sweep of files nothing refers to, racing the references being made.

/** The suite runs on PGlite unless DATABASE_URL names a PostgreSQL server (test/support/test-app.ts). */
const onServer = Boolean(process.env.DATABASE_URL);
const KB = 1024;
const MB = 1024 * KB;

let t: TestApp;
let communityCounter = 0;
const files = (slug: string) => `/api/v1/communities/${slug}/files`;

/** A PDF of `size` bytes, different for each `tag`. */
function pdf(tag: string, size = 400 * KB): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${tag}\n`);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
}
const png = (colour: string) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .png()
    .toBuffer();
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function community() {
  return makeCommunity(t, `up${++communityCounter}`);
}
const resident = (c: { id: number }) => makePerson(t, { community: c, roles: ['resident'] });

/** A new community where a resident has uploaded one small PDF. */
async function oneUpload(tag: string) {
  const c = await community();
  const person = await resident(c);
  const bytes = pdf(tag, 2 * KB);
  expect((await person.client.upload(files(c.slug), `${tag}.pdf`, bytes)).status).toBe(201);
  return { c, person, bytes, sha: sha256(bytes) };
}

/** The hashes of a community's file rows, read behind the app's back. */
async function rowsOf(communityId: number): Promise<string[]> {
  const rows = await t.handle.asOwner((o) => o.query<{ sha256: string }>(`select sha256 from files where community_id = $1 order by sha256`, [communityId]));
  return rows.map((r) => r.sha256);
}
const onDisk = (sha: string, variant: 'original' | 'thumb' = 'original') => fs.existsSync(t.deps.files.pathOf(sha, variant));

/** Moves uploads back in time, past the sweep's grace period. */
async function age(communityId: number, shas: string[], hours = 25) {
  await t.handle.asOwner((o) =>
    o.query(`update files set uploaded_at = now() - make_interval(hours => $3) where community_id = $1 and sha256 = any($2)`, [communityId, shas, hours]),
  );
}

beforeAll(async () => {
  // Small quotas, so that a test reaches them with a few files of 400 KB.
  t = await createTestApp({
    config: { uploads: { personQuotaBytes: 1 * MB, communityQuotaBytes: 2.5 * MB, perPersonPerHour: 60, perAddressPerHour: 100_000 } },
  });
});
afterAll(() => t.close());

describe('upload quotas', () => {
  it('a person past their quota in a community stores nothing more there; bytes already kept are not counted twice', async () => {
    const c = await community();
    const person = await resident(c);
    for (const tag of ['a', 'b']) expect((await person.client.upload(files(c.slug), `${tag}.pdf`, pdf(tag))).status).toBe(201);
    const third = pdf('c');
    const refused = await person.client.upload<Problem>(files(c.slug), 'c.pdf', third);
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(refused.body.message).toContain('1 MB');
    expect(await rowsOf(c.id)).not.toContain(sha256(third));
    expect(onDisk(sha256(third))).toBe(false);

    // the same bytes again, by them or by a neighbour, take no more space
    expect((await person.client.upload(files(c.slug), 'a-again.pdf', pdf('a'))).status).toBe(201);
    const neighbour = await resident(c);
    expect((await neighbour.client.upload(files(c.slug), 'a.pdf', pdf('a'))).status).toBe(201);
    expect(await rowsOf(c.id)).toHaveLength(2);
    // the neighbour's own quota is untouched, and the person has a quota in another community of theirs
    expect((await neighbour.client.upload(files(c.slug), 'd.pdf', pdf('d'))).status).toBe(201);
    const elsewhere = await community();
    await transact(t.deps.db, { communityId: elsewhere.id }, (tx) => ensureMember(tx, elsewhere.id, person.userId, ['resident']));
    expect((await person.client.upload(files(elsewhere.slug), 'c.pdf', third)).status).toBe(201);
  });

  it('a community at its cap stores nothing more, whoever uploads', async () => {
    const c = await community();
    for (let i = 0; i < 3; i++) {
      const person = await resident(c);
      for (const n of [1, 2]) expect((await person.client.upload(files(c.slug), 'f.pdf', pdf(`cap-${i}-${n}`))).status).toBe(201);
    }
    const newcomer = await resident(c);
    const bytes = pdf('cap-newcomer');
    const refused = await newcomer.client.upload<Problem>(files(c.slug), 'f.pdf', bytes);
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(refused.body.message).toContain('本社区');
    expect(refused.body.message).toContain('2.5 MB');
    expect(await rowsOf(c.id)).toHaveLength(6);
    expect(onDisk(sha256(bytes))).toBe(false);
  });

  it('uploads at once are counted one after the other: one person, then many people', async () => {
    const c = await community();
    const person = await resident(c);
    const attempts = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((tag) => pdf(tag));
    const answers = await Promise.all(attempts.map((bytes) => person.client.upload(files(c.slug), 'p.pdf', bytes)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 413, 413, 413, 413]);
    expect(await rowsOf(c.id)).toHaveLength(2);
    expect(attempts.filter((bytes) => onDisk(sha256(bytes)))).toHaveLength(2);

    // 2.5 MB: four more of 400 KB fit beside the 800 KB, from seven people at once
    const people = await Promise.all(Array.from({ length: 7 }, () => resident(c)));
    const many = await Promise.all(people.map((p, i) => p.client.upload(files(c.slug), 'm.pdf', pdf(`m${i}`))));
    expect(many.filter((a) => a.status === 201)).toHaveLength(4);
    expect(many.filter((a) => a.status === 413)).toHaveLength(3);
    expect(await rowsOf(c.id)).toHaveLength(6);
  });
});

describe('upload rate limits', () => {
  it('refuses a person’s uploads past the hourly limit, and an address’s, with 429 RATE_LIMITED', async () => {
    const limited = await createTestApp({
      config: { uploads: { personQuotaBytes: 200 * MB, communityQuotaBytes: 5 * 1024 * MB, perPersonPerHour: 3, perAddressPerHour: 6 } },
    });
    try {
      const c = await makeCommunity(limited, 'limited');
      const url = files('limited');
      const first = await makePerson(limited, { community: c, roles: ['resident'] });
      for (const tag of ['r1', 'r2', 'r3']) expect((await first.client.upload(url, 'r.pdf', pdf(tag, 1 * KB))).status).toBe(201);
      const fourth = await first.client.upload<Problem>(url, 'r.pdf', pdf('r4', 1 * KB));
      expect(fourth.status).toBe(429);
      expect(fourth.body.code).toBe('RATE_LIMITED');
      // every test client comes from 127.0.0.1: the address counted four (the refused one too), two are left, whoever sends them
      const second = await makePerson(limited, { community: c, roles: ['resident'] });
      for (const tag of ['s1', 's2']) expect((await second.client.upload(url, 's.pdf', pdf(tag, 1 * KB))).status).toBe(201);
      expect((await second.client.upload<Problem>(url, 's.pdf', pdf('s3', 1 * KB))).body.code).toBe('RATE_LIMITED');
      expect(await limited.handle.asOwner((o) => o.query(`select 1 from files where community_id = $1`, [c.id]))).toHaveLength(5);
    } finally {
      await limited.close();
    }
  });
});

describe('the sweep of files nothing refers to', () => {
  it('deletes an old unreferenced file (row, bytes, thumbnail); keeps referenced ones, young ones, and bytes another community keeps', async () => {
    const c = await community();
    const other = await community();
    const staff = await makePerson(t, { community: c, roles: ['staff', 'resident'] });
    const maker = await resident(c);
    const M = `/api/v1/communities/${c.slug}/market`;
    const up = async (who: typeof staff, bytes: Buffer, slug = c.slug) => {
      const res = await who.client.upload<{ sha256: string }>(files(slug), 'f', bytes);
      expect(res.status).toBe(201);
      return res.body.sha256;
    };
    const makerPhoto = await up(maker, await png('#884400'));
    const listingPhoto = await up(maker, await png('#448800'));
    const droppedPhoto = await up(maker, await png('#004488'));
    const receipt = await up(staff, pdf('receipt', 2 * KB));
    const loose = await up(maker, await png('#aa0000'));
    const young = await up(maker, pdf('young', 2 * KB));
    const shared = await up(maker, pdf('shared', 2 * KB));
    await up(await makePerson(t, { community: other, roles: ['resident'] }), pdf('shared', 2 * KB), other.slug);

    // a maker's photo (a foreign key), a listing's photos (an array), a fund entry's receipt (an array)
    const applied = await maker.client.post<{ id: number }>(`${M}/makers/apply`, { story: '剪纸', crafts: '剪纸', photoSha256: makerPhoto });
    expect(applied.status).toBe(201);
    expect((await staff.client.post(`${M}/makers/${applied.body.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const listing = await maker.client.post<{ id: number }>(`${M}/listings`, {
      kind: 'good',
      title: '剪纸窗花',
      category: '剪纸',
      makerTakeFen: 2000,
      photos: [listingPhoto, droppedPhoto],
    });
    expect(listing.status).toBe(201);
    expect((await maker.client.patch(`${M}/listings/${listing.body.id}`, { photos: [listingPhoto] })).status).toBe(200);
    await postIncome(c.id, [receipt]);
    await age(c.id, [makerPhoto, listingPhoto, droppedPhoto, receipt, loose, shared]);

    // the job, as the schedule queues it
    await transact(t.deps.db, {}, (tx) => t.deps.jobs.enqueue(tx, 'platform.sweepFiles', {}, { communityId: null }));
    expect(await t.deps.jobs.drain(t.deps, { only: ['platform.sweepFiles'] })).toEqual({ ran: 1, failed: 0 });

    expect(await rowsOf(c.id)).toEqual([makerPhoto, listingPhoto, receipt, young].sort());
    for (const gone of [loose, droppedPhoto]) {
      expect(onDisk(gone)).toBe(false);
      expect(onDisk(gone, 'thumb')).toBe(false);
    }
    for (const kept of [makerPhoto, listingPhoto, receipt, young, shared]) expect(onDisk(kept)).toBe(true);
    expect(onDisk(makerPhoto, 'thumb')).toBe(true);
    expect(await rowsOf(other.id)).toEqual([shared]);
    expect((await t.app.inject({ method: 'GET', url: `/files/${shared}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/files/${loose}` })).statusCode).toBe(404);
  });

  it('uploading a file again starts its grace period again; referring to a swept one is refused', async () => {
    const { c, person, bytes, sha } = await oneUpload('again');
    await age(c.id, [sha]);
    expect((await person.client.upload(files(c.slug), 'a.pdf', bytes)).status).toBe(201);
    await sweepUnreferencedFiles(t.deps);
    expect(await rowsOf(c.id)).toEqual([sha]);

    await age(c.id, [sha]);
    expect(await sweepUnreferencedFiles(t.deps)).toMatchObject({ rows: 1, bytes: 1 });
    const late = await postIncome(c.id, [sha]).catch((error: unknown) => error);
    expect(late).toMatchObject({ code: 'FILE_NOT_FOUND' });
    // uploaded once more, it is stored afresh
    expect((await person.client.upload(files(c.slug), 'a.pdf', bytes)).status).toBe(201);
    expect(onDisk(sha)).toBe(true);
  });

  it.skipIf(!onServer)('a reference being made while the sweep runs keeps its file (PostgreSQL: two transactions at once)', async () => {
    const { c, sha } = await oneUpload('racing');
    await age(c.id, [sha]);

    // A module's transaction has checked the file (and holds it) and is about to refer to it.
    let held!: () => void;
    let release!: () => void;
    const checked = new Promise<void>((resolve) => (held = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const referring = postIncome(c.id, [sha], async () => {
      held();
      await gate;
    });
    await checked;
    const swept = await sweepUnreferencedFiles(t.deps);
    release();
    await referring;
    expect(swept).toEqual({ rows: 0, bytes: 0 });
    expect(await rowsOf(c.id)).toEqual([sha]);
    expect(onDisk(sha)).toBe(true);
    expect(await sweepUnreferencedFiles(t.deps)).toEqual({ rows: 0, bytes: 0 });
  });

  it('references and uploads racing the sweep: every file referred to or kept by a community has its row and bytes', async () => {
    const c = await community();
    const other = await community();
    const person = await resident(c);
    const neighbour = await makePerson(t, { community: other, roles: ['resident'] });
    const referred = Array.from({ length: 6 }, (_, i) => pdf(`ref-${i}`, 2 * KB));
    const reuploaded = Array.from({ length: 12 }, (_, i) => pdf(`re-${i}`, 2 * KB));
    for (const bytes of [...referred, ...reuploaded]) expect((await person.client.upload(files(c.slug), 'f.pdf', bytes)).status).toBe(201);
    await age(c.id, [...referred, ...reuploaded].map(sha256));

    const [, incomes, uploads] = await Promise.all([
      sweepUnreferencedFiles(t.deps),
      Promise.all(
        referred.map((bytes) =>
          postIncome(c.id, [sha256(bytes)]).then(
            () => 'kept',
            (error: { code?: string }) => error.code,
          ),
        ),
      ),
      Promise.all(reuploaded.map((bytes) => neighbour.client.upload(files(other.slug), 'f.pdf', bytes))),
    ]);
    const rows = await rowsOf(c.id);
    referred.forEach((bytes, i) => {
      // either the reference came first and the file stayed, or the sweep did and the reference was refused
      expect(incomes[i]).toBe(rows.includes(sha256(bytes)) ? 'kept' : 'FILE_NOT_FOUND');
      if (incomes[i] === 'kept') expect(onDisk(sha256(bytes))).toBe(true);
    });
    expect(uploads.map((u) => u.status)).toEqual(reuploaded.map(() => 201));
    for (const bytes of reuploaded) expect(onDisk(sha256(bytes))).toBe(true);
    expect(await rowsOf(other.id)).toEqual(reuploaded.map(sha256).sort());
  });
});

describe('the columns that refer to files', () => {
  it('are all declared: every foreign key to files and every column named for files; each declared column is text (one) or text[] (many)', async () => {
    const declared = fileReferencesOf(t.deps.modules).map((r) => `${r.table}.${r.column}${r.many ? '[]' : ''}`);
    const columns = await t.handle.asOwner((o) =>
      o.query<{ name: string }>(
        `select table_name || '.' || column_name || case when udt_name = '_text' then '[]' else '' end as name
           from information_schema.columns where table_schema = 'public' and udt_name in ('text', '_text')`,
      ),
    );
    expect(declared.filter((d) => !columns.some((c) => c.name === d))).toEqual([]);
    const foreignKeys = await t.handle.asOwner((o) =>
      o.query<{ name: string }>(
        `select c.conrelid::regclass::text || '.' || a.attname as name
           from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
          where c.contype = 'f' and c.confrelid = 'files'::regclass and a.attname <> 'community_id'`,
      ),
    );
    expect(foreignKeys.length).toBeGreaterThan(0);
    expect(foreignKeys.filter((fk) => !declared.includes(fk.name))).toEqual([]);
    // and a column whose name says it holds files, foreign key or not (an array cannot have one)
    const named = columns.filter((c) => !c.name.startsWith('files.') && /\.(.*_)?(sha256|photos?|attachments?)(_|\[|$)/.test(c.name));
    expect(named.map((c) => c.name).filter((name) => !declared.includes(name))).toEqual([]);
  });
});

/**
 * Income with these attachments, in its own transaction as a module's use case makes it: the files
 * checked (and held) first, then `meanwhile`, then the entry that refers to them.
 */
function postIncome(communityId: number, attachments: string[], meanwhile?: () => Promise<void>) {
  return transact(t.deps.db, { communityId }, async (tx) => {
    await requireFiles(tx, communityId, attachments);
    await meanwhile?.();
    return postEntry(tx, communityId, {
      kind: 'income',
      memo: '捐赠',
      source: null,
      attachments,
      postings: [
        { account: 'cash', amountFen: 100 },
        { account: 'income:donation', amountFen: -100 },
      ],
    });
  });
}
