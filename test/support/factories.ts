import { transact } from '../../src/platform/db.ts';
import type { Role } from '../../src/platform/context.ts';
import { createCommunityIn } from '../../src/modules/communities/index.ts';
import { ensureMember, insertUser } from '../../src/modules/identity/index.ts';
import { ensureSubAccount, postEntry, type PostedEntry } from '../../src/modules/ledger/index.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import { Client } from './client.ts';
import type { TestApp } from './test-app.ts';

export const PASSWORD = 'correct-horse-1';
let passwordHash: Promise<string> | null = null;
let phoneCounter = 0;

/** A unique, valid mainland mobile number for this test process. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `15${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(6, '0')}`;
}

export async function makeCommunity(t: TestApp, slug: string, name = `${slug} 社区`) {
  return transact(t.deps.db, {}, async (tx) => {
    const row = await createCommunityIn(t.deps, tx, { slug, name, district: '测试区', street: '测试街道' });
    return { id: row.id, slug: row.slug, name: row.name, district: row.district, street: row.street, settings: row.settings };
  });
}

/** A person with roles in a community (or none), already logged in through the API. */
export async function makePerson(t: TestApp, options: { community?: { id: number }; roles?: Role[]; name?: string; platformAdmin?: boolean } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  const phone = nextPhone();
  const userId = await transact(t.deps.db, {}, async (tx) => {
    const user = await insertUser(tx, { phone, display_name: options.name ?? `居民${phoneCounter}`, password_hash: await passwordHash! });
    if (options.platformAdmin) await tx.updateTable('users').set({ is_platform_admin: true }).where('id', '=', user.id).execute();
    return user.id;
  });
  if (options.community && options.roles && options.roles.length > 0) {
    const communityId = options.community.id;
    await transact(t.deps.db, { communityId }, (tx) => ensureMember(tx, communityId, userId, options.roles!));
  }
  const client = new Client(t.app);
  await client.login(phone, PASSWORD);
  return { userId, phone, client };
}

/**
 * The ¥150 sale of the seed article posted straight to a community's book: ¥150 cash, ¥120
 * owed to the maker (a sub-account named `name`, linked to `userId` when given), ¥30 to the fund.
 */
export async function postMakerSale(
  t: TestApp,
  communityId: number,
  maker: { key: string | number; name: { zh: string; en: string }; userId?: number },
  options: { at?: Date; source?: { type: string; id: string } } = {},
): Promise<PostedEntry> {
  return transact(t.deps.db, { communityId }, async (tx) => {
    const payable = await ensureSubAccount(tx, communityId, 'maker_payable', maker.key, maker.name, maker.userId ? { userId: maker.userId } : undefined);
    return postEntry(tx, communityId, {
      kind: 'sale',
      memo: '竹编篮子 ×1',
      source: options.source ?? null,
      postings: [
        { account: 'cash', amountFen: 15000 },
        { account: payable, amountFen: -12000 },
        { account: 'income:sale_margin', amountFen: -3000 },
      ],
      ...(options.at ? { at: options.at } : {}),
    });
  });
}

/** Registers through the API as a person does: a code texted to the number, then the account. */
export async function registerByApi(t: TestApp, body: { displayName: string; community?: string }, client = new Client(t.app)) {
  const phone = nextPhone();
  const sent = await client.post('/api/v1/auth/codes', { phone, purpose: 'register' });
  if (sent.status !== 202) throw new Error(`register code: ${sent.status}`);
  const res = await client.post<{ id: number }>('/api/v1/auth/register', { phone, code: t.sms.lastCodeFor(phone), password: PASSWORD, ...body });
  return { client, phone, res, userId: res.body.id };
}

/** Staff record a resident's consent to 代办 by the code texted to the resident and read back. */
export async function consentByCode(t: TestApp, staff: Client, slug: string, resident: { userId: number; phone: string }) {
  const url = `/api/v1/communities/${slug}/members/${resident.userId}`;
  const sent = await staff.post(`${url}/consent-codes`, { purpose: 'act_for' });
  if (sent.status !== 202) throw new Error(`consent code: ${sent.status} ${JSON.stringify(sent.body)}`);
  const code = t.sms.lastCodeFor(resident.phone)!;
  return staff.post<{ id: number; state: string }>(`${url}/consents`, {
    purpose: 'act_for',
    note: '本人同意由社区工作人员代办',
    evidence: { method: 'code', code },
  });
}
