import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalEncoding, GENESIS_HASH, type ChainEntry } from '../../src/modules/ledger/ledger.chain.ts';
import { seededRandom } from './stats.ts';

/**
 * Writes a valid ledger.jsonl export without a database, exactly as the export route writes it
 * (`JSON.stringify` of each entry, one a line), hashed with the reference `canonicalEncoding`.
 * For timing `weiyi ledger verify` on a big book:
 *
 *   node --import tsx bench/lib/export-gen.ts [entries=1000000] [file=bench/.work/verify-<entries>.jsonl]
 */

const PARTIES = ['张*明', '李*华', '王*', '南湖商会', '重庆某慈善基金会', '刘*英', '陈*', '匿名', '南坪街道办事处'];
const GOODS = ['竹编篮子', '手工布鞋', '蜀绣手帕', '土蜂蜜 500g', '腊肉', '手工挂面', '陶瓷茶杯', '剪纸'];
const PURPOSES = ['expense:upkeep', 'expense:elderly_care', 'expense:health', 'expense:education', 'expense:hardship', 'expense:volunteer'];
/** Strings JSON.stringify must escape, so the export holds \", \\, \n, \t and \u00xx now and then. */
const AWKWARD = ['“长者饭堂”项目 "第二期"', '路径 C:\\社区\\票据', '第一行\n第二行', '分类\t耗材', '控制字符\u0001结束', '表情 😀 与 ×'];

export interface ExportOptions {
  entries: number;
  seed: number;
  /** The first entry's time; later ones follow a few minutes apart. */
  start?: Date;
  /** The share of memos with a character JSON must escape (default 0.002). */
  awkwardShare?: number;
}

/** The entries of a sound book, one at a time, chained from the genesis hash. */
export function* generateEntries(o: ExportOptions): Generator<ChainEntry> {
  const random = seededRandom(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const reversible: { seq: number; postings: ChainEntry['postings'] }[] = [];
  let at = (o.start ?? new Date('2024-01-01T00:00:00.000Z')).getTime();
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= o.entries; seq++) {
    at += 1000 * Math.floor(30 + random() * 300);
    const draft = makeEntry(random, pick, seq, o.awkwardShare ?? 0.002);
    let entry: Omit<ChainEntry, 'hash'>;
    if (seq > 10 && random() < 0.01 && reversible.length > 0) {
      const target = reversible.splice(Math.floor(random() * reversible.length), 1)[0]!;
      entry = {
        seq,
        at: new Date(at).toISOString(),
        kind: 'correction',
        memo: `更正第 ${target.seq} 笔`,
        party: null,
        source: null,
        reverses: target.seq,
        correctionNote: random() < 0.1 ? '金额录入错误，按原凭证冲回。经办人说明："已核对"' : '金额录入错误，按原凭证冲回',
        attachments: [],
        postings: target.postings.map((p) => ({ account: p.account, fen: -p.fen })),
        prevHash,
      };
    } else {
      // The key order is the export route's (toChainEntry), which the verifier's fast path expects.
      entry = {
        seq,
        at: new Date(at).toISOString(),
        kind: draft.kind,
        memo: draft.memo,
        party: draft.party,
        source: draft.source,
        reverses: null,
        correctionNote: null,
        attachments: draft.attachments,
        postings: draft.postings,
        prevHash,
      };
      if (reversible.length < 5000) reversible.push({ seq, postings: draft.postings });
    }
    const hash = crypto.createHash('sha256').update(canonicalEncoding(entry), 'utf8').digest('hex');
    yield { ...entry, hash };
    prevHash = hash;
  }
}

/** A plausible entry: mostly counter sales (three postings), some donations, grants and expenses with receipts. */
function makeEntry(random: () => number, pick: <T>(list: readonly T[]) => T, seq: number, awkwardShare: number) {
  const r = random();
  const fen = 100 + Math.floor(random() * 50_000);
  const awkward = random() < awkwardShare ? ` ${pick(AWKWARD)}` : '';
  if (r < 0.8) {
    const margin = Math.max(1, Math.round(fen * 0.2));
    return {
      kind: 'sale',
      memo: `柜台销售 ${pick(GOODS)} ×${1 + Math.floor(random() * 3)}${awkward}`,
      party: null,
      source: { type: 'order', id: String(100_000 + seq) },
      attachments: [],
      postings: [
        { account: 'cash', fen },
        { account: `maker_payable:${1 + Math.floor(random() * 300)}`, fen: -(fen - margin) },
        { account: 'income:sale_margin', fen: -margin },
      ],
    };
  }
  if (r < 0.92)
    return {
      kind: 'income',
      memo: `居民捐赠${awkward}`,
      party: pick(PARTIES),
      source: null,
      attachments: [],
      postings: [
        { account: 'bank', fen },
        { account: 'income:donation', fen: -fen },
      ],
    };
  if (r < 0.94)
    return {
      kind: 'grant',
      memo: '街道运行经费',
      party: '南坪街道办事处',
      source: { type: 'grant_contract', id: `G-${seq}` },
      attachments: [sha256(`contract ${seq}`)],
      postings: [
        { account: 'bank', fen: fen * 10 },
        { account: 'income:street_grant', fen: -fen * 10 },
      ],
    };
  const half = Math.floor(fen / 2) + 1;
  return {
    kind: 'expense',
    memo: `社区公益支出：${pick(['老人午餐', '楼道照明', '义诊耗材', '课后托管'])}${awkward}`,
    party: pick(PARTIES),
    source: { type: 'expense', id: String(seq) },
    attachments: random() < 0.5 ? [sha256(`receipt ${seq}`)] : [sha256(`receipt ${seq}`), sha256(`photo ${seq}`)],
    postings: [
      { account: pick(PURPOSES), fen: half },
      { account: 'cash', fen: -half },
    ],
  };
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** Writes the export to `file` in large writes; returns its size in bytes. */
export function writeExport(file: string, o: ExportOptions): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk = '';
    for (const entry of generateEntries(o)) {
      chunk += `${JSON.stringify(entry)}\n`;
      if (chunk.length > 1 << 20) {
        bytes += fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk) bytes += fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const entries = Number(process.argv[2] ?? 1_000_000);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const file = process.argv[3] ?? path.join(root, 'bench/.work', `verify-${entries}.jsonl`);
  const started = Date.now();
  const bytes = writeExport(file, { entries, seed: 20261122 });
  console.log(
    `wrote ${entries} entries (${(bytes / 2 ** 20).toFixed(1)} MB) to ${path.relative(process.cwd(), file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
