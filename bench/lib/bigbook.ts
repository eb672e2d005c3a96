import crypto from 'node:crypto';
import pg from 'pg';
import { canonicalEncoding, GENESIS_HASH } from '../../src/modules/ledger/ledger.chain.ts';
import { seededRandom } from './stats.ts';

/**
 * Writes a large, valid, hash-chained book straight into the tables as the database owner, in
 * batches of `unnest` inserts. Triggers are off for the load (session_replication_role =
 * replica) because the per-row link check and the per-posting deferred balance check would
 * make a million entries take an hour; the rows are built to satisfy every one of those rules
 * (numbering, links, balance, accounts of the same community), and `weiyi ledger verify` on
 * the exported book checks that they do.
 */
export interface SqlRunner {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export async function loadBook(url: string, o: Parameters<typeof loadBookWith>[1]): Promise<{ headSeq: number; headHash: string; months: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await loadBookWith(client as unknown as SqlRunner, o);
  } finally {
    await client.end();
  }
}

/** The same load through any owner connection (a pg client, or PGlite as its owner). */
export async function loadBookWith(
  client: SqlRunner,
  o: { communityId: number; entries: number; perMonth: number; seed: number; now: Date; onProgress?: (done: number) => void },
): Promise<{ headSeq: number; headHash: string; months: string[] }> {
  {
    await client.query(`set session_replication_role = replica`);
    const accounts = new Map(
      (await client.query<{ code: string; id: string }>(`select code, id::text from ledger_accounts where community_id = $1`, [o.communityId])).rows.map(
        (r) => [r.code, Number(r.id)],
      ),
    );
    const head = (await client.query<{ seq: string; hash: string }>(`select seq::text, hash from ledger_heads where community_id = $1`, [o.communityId]))
      .rows[0]!;
    let seq = Number(head.seq);
    let prevHash = head.hash;
    if (seq === 0) prevHash = GENESIS_HASH;
    const random = seededRandom(o.seed);
    const times = timeline(o.entries, o.perMonth, o.now);
    const months = [...new Set(times.map((t) => t.toISOString().slice(0, 7)))];
    const BATCH = 5000;
    for (let start = 0; start < o.entries; start += BATCH) {
      const e = {
        seq: [] as number[],
        at: [] as string[],
        kind: [] as string[],
        memo: [] as string[],
        party: [] as (string | null)[],
        st: [] as (string | null)[],
        sid: [] as (string | null)[],
        prev: [] as string[],
        hash: [] as string[],
      };
      const p = { seq: [] as number[], line: [] as number[], account: [] as number[], fen: [] as number[] };
      for (let k = start; k < Math.min(o.entries, start + BATCH); k++) {
        seq += 1;
        const at = times[k]!.toISOString();
        const draft = makeEntry(random, seq);
        const postings = draft.postings;
        const hash = crypto
          .createHash('sha256')
          .update(
            canonicalEncoding({
              seq,
              at,
              kind: draft.kind,
              memo: draft.memo,
              party: draft.party,
              source: draft.source,
              reverses: null,
              correctionNote: null,
              attachments: [],
              postings,
              prevHash,
            }),
            'utf8',
          )
          .digest('hex');
        e.seq.push(seq);
        e.at.push(at);
        e.kind.push(draft.kind);
        e.memo.push(draft.memo);
        e.party.push(draft.party);
        e.st.push(draft.source?.type ?? null);
        e.sid.push(draft.source?.id ?? null);
        e.prev.push(prevHash);
        e.hash.push(hash);
        postings.forEach((posting, i) => {
          const id = accounts.get(posting.account);
          if (id === undefined) throw new Error(`no account ${posting.account} in community ${o.communityId}`);
          p.seq.push(seq);
          p.line.push(i + 1);
          p.account.push(id);
          p.fen.push(posting.fen);
        });
        prevHash = hash;
      }
      await client.query('begin');
      await client.query(
        `insert into ledger_entries (community_id, seq, at, kind, memo, party, source_type, source_id, prev_hash, hash)
         select $1, * from unnest($2::int8[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [o.communityId, e.seq, e.at, e.kind, e.memo, e.party, e.st, e.sid, e.prev, e.hash],
      );
      await client.query(
        `insert into ledger_postings (community_id, seq, line, account_id, amount_fen)
         select $1, * from unnest($2::int8[], $3::int2[], $4::int8[], $5::int8[])`,
        [o.communityId, p.seq, p.line, p.account, p.fen],
      );
      await client.query(`update ledger_heads set seq = $2, hash = $3 where community_id = $1`, [o.communityId, seq, prevHash]);
      await client.query('commit');
      o.onProgress?.(Math.min(o.entries, start + BATCH));
    }
    await client.query(`set session_replication_role = origin`);
    // Triggers were off for the load, so the per-account monthly totals the fund pages read are rebuilt once.
    await client.query(`select ledger_rebuild_totals($1)`, [o.communityId]);
    return { headSeq: seq, headHash: prevHash, months };
  }
}

/** `entries` times, oldest first, `perMonth` to a calendar month (UTC), the last ones just before `now`. */
function timeline(entries: number, perMonth: number, now: Date): Date[] {
  const times: Date[] = [];
  let remaining = entries;
  let monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  let monthEnd = now.getTime() - 60_000;
  const chunks: Date[][] = [];
  while (remaining > 0) {
    const n = Math.min(perMonth, remaining);
    const span = monthEnd - monthStart;
    chunks.push(Array.from({ length: n }, (_, i) => new Date(monthStart + Math.floor((span * i) / n))));
    remaining -= n;
    const d = new Date(monthStart);
    monthEnd = monthStart;
    monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
  }
  for (const chunk of chunks.reverse()) times.push(...chunk);
  return times;
}

const DONORS = ['张*明', '李*华', '王*', '南湖商会', '重庆某慈善基金会', '刘*英', '陈*'];
const PURPOSES = ['expense:upkeep', 'expense:elderly_care', 'expense:health', 'expense:education', 'expense:hardship', 'expense:volunteer'];

/** A plausible fund entry: mostly sale margins, some donations, grants and expenses. Balanced by construction. */
function makeEntry(random: () => number, seq: number) {
  const r = random();
  const fen = 100 + Math.floor(random() * 50_000);
  if (r < 0.85) {
    const margin = Math.max(1, Math.round(fen * 0.2));
    return {
      kind: 'sale',
      memo: `柜台销售 订单 ${seq}`,
      party: null,
      source: { type: 'order', id: String(seq) },
      postings: [
        { account: 'cash', fen },
        { account: 'maker_payable', fen: -(fen - margin) },
        { account: 'income:sale_margin', fen: -margin },
      ].filter((p) => p.fen !== 0),
    };
  }
  if (r < 0.93)
    return {
      kind: 'income',
      memo: '居民捐赠',
      party: DONORS[Math.floor(random() * DONORS.length)]!,
      source: null,
      postings: [
        { account: 'bank', fen },
        { account: 'income:donation', fen: -fen },
      ],
    };
  if (r < 0.95)
    return {
      kind: 'grant',
      memo: '街道运行经费',
      party: '南坪街道办事处',
      source: null,
      postings: [
        { account: 'bank', fen: fen * 10 },
        { account: 'income:street_grant', fen: -fen * 10 },
      ],
    };
  const purpose = PURPOSES[Math.floor(random() * PURPOSES.length)]!;
  return {
    kind: 'expense',
    memo: '社区公益支出',
    party: null,
    source: null,
    postings: [
      { account: purpose, fen: Math.floor(fen / 2) + 1 },
      { account: 'cash', fen: -(Math.floor(fen / 2) + 1) },
    ],
  };
}
