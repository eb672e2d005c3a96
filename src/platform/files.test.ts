import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { ensureMember } from '../modules/identity/index.ts';
import { transact } from './db.ts';

// Uploads as an attacker would use them: past a quota, all at once, as fast as possible.

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
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function community() {
  return makeCommunity(t, `up${++communityCounter}`);
}
const resident = (c: { id: number }) => makePerson(t, { community: c, roles: ['resident'] });

/** The hashes of a community's file rows, read behind the app's back. */
async function rowsOf(communityId: number): Promise<string[]> {
  const rows = await t.handle.asOwner((o) => o.query<{ sha256: string }>(`select sha256 from files where community_id = $1 order by sha256`, [communityId]));
  return rows.map((r) => r.sha256);
}
const onDisk = (sha: string, variant: 'original' | 'thumb' = 'original') => fs.existsSync(t.deps.files.pathOf(sha, variant));

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
