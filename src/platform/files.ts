import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Tx } from '../database.ts';
import type { UploadLimits } from './config.ts';
import { transact } from './db.ts';
import { AppError } from './errors.ts';
import * as repo from './files.repository.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** How long an upload nothing refers to is kept (files.sweep.ts), so a form being filled in keeps its photo. */
export const FILE_GRACE_HOURS = 24;
export type FileMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** The type from the first bytes, never from the name the uploader gave. */
export function sniffMime(bytes: Buffer): FileMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

export interface StoredFile {
  sha256: string;
  mime: FileMime;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  url: string;
  thumbnailUrl: string | null;
}

export function presentFile(row: { sha256: string; mime: string; size_bytes: number; width: number | null; height: number | null }): StoredFile {
  const isImage = row.mime.startsWith('image/');
  return {
    sha256: row.sha256,
    mime: row.mime as FileMime,
    sizeBytes: row.size_bytes,
    width: row.width,
    height: row.height,
    url: `/files/${row.sha256}`,
    thumbnailUrl: isImage ? `/files/${row.sha256}/thumb` : null,
  };
}

/** An upload checked and measured, its thumbnail made, nothing stored yet. */
interface PreparedFile {
  sha256: string;
  mime: FileMime;
  bytes: Buffer;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
}

/** Type from the bytes, size, hash and (for an image) dimensions and thumbnail; refuses what is not a file we keep. */
async function prepare(bytes: Buffer): Promise<PreparedFile> {
  if (bytes.length === 0) throw new AppError('FILE_TYPE_REFUSED');
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
  const mime = sniffMime(bytes);
  if (!mime) throw new AppError('FILE_TYPE_REFUSED');
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (mime === 'application/pdf') return { sha256, mime, bytes, width: null, height: null, thumbnail: null };
  // loaded with the first image: libvips would otherwise sit in the server's memory from the start
  const { default: sharp } = await import('sharp');
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000 });
    const meta = await image.metadata();
    const thumbnail = await image.rotate().resize({ width: 480, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer();
    return { sha256, mime, bytes, width: meta.width ?? null, height: meta.height ?? null, thumbnail };
  } catch {
    throw new AppError('FILE_TYPE_REFUSED'); // the header said image, the body is not one
  }
}

/**
 * Checks that every attachment was uploaded to this community, or 422 naming the first missing
 * one. The files are held until the transaction ends, so the sweep cannot delete one that this
 * transaction is about to refer to: call it in the transaction that makes the reference.
 */
export async function requireFiles(tx: Tx, communityId: number, sha256s: readonly string[]): Promise<StoredFile[]> {
  const found = (await repo.holdFiles(tx, communityId, sha256s)).map(presentFile);
  const missing = sha256s.find((s) => !found.some((f) => f.sha256 === s));
  if (missing) throw new AppError('FILE_NOT_FOUND', { sha256: missing });
  return sha256s.map((s) => found.find((f) => f.sha256 === s)!);
}

/** "200 MB", "5 GB": a quota as people read it. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${Number((mb / 1024).toFixed(1))} GB` : `${Number(mb.toFixed(1))} MB`;
}

/** The advisory lock that orders writing and removing one content's bytes on disk. */
export const bytesLockKey = (sha256: string) => `files.bytes:${sha256}`;

/**
 * The one place uploads are kept: under the data folder by content hash, so the same bytes are
 * stored once and a URL never changes meaning. Images get a 480 px WebP thumbnail. A row per
 * community says that the community keeps the file and who uploaded it; uploads count against a
 * quota per person and per community, and files nothing refers to are swept (files.sweep.ts).
 */
export class FileStore {
  constructor(
    private readonly root: string,
    private readonly limits: Pick<UploadLimits, 'personQuotaBytes' | 'communityQuotaBytes'>,
  ) {}

  pathOf(sha256: string, variant: 'original' | 'thumb' = 'original'): string {
    return path.join(this.root, sha256.slice(0, 2), variant === 'thumb' ? `${sha256}.thumb.webp` : sha256);
  }

  /**
   * Checks, writes and records a file for a community in its own transaction; bytes the community
   * already keeps are not counted again (their grace period starts again). Over a quota, nothing
   * is written: 413 UPLOAD_QUOTA_EXCEEDED.
   */
  async store(db: Db, input: { communityId: number; bytes: Buffer; originalName: string; uploadedBy: number | null }): Promise<StoredFile> {
    const file = await prepare(input.bytes);
    const { communityId, uploadedBy } = input;
    return transact(db, { communityId }, async (tx) => {
      // one upload of the community at a time from here, so two at once cannot both fit under a quota
      await repo.lockKey(tx, `files.quota:${communityId}`);
      const kept = await repo.touchFile(tx, communityId, file.sha256);
      if (!kept) await this.checkQuota(tx, communityId, uploadedBy, file.bytes.length);
      // the sweep removes bytes under the same lock, after checking that no community keeps them
      await repo.lockKey(tx, bytesLockKey(file.sha256));
      if (file.thumbnail) await this.write(this.pathOf(file.sha256, 'thumb'), file.thumbnail);
      await this.write(this.pathOf(file.sha256), file.bytes);
      if (kept) return presentFile(kept);
      const row = {
        community_id: communityId,
        sha256: file.sha256,
        mime: file.mime,
        size_bytes: file.bytes.length,
        width: file.width,
        height: file.height,
        original_name: input.originalName.slice(0, 200),
        uploaded_by: uploadedBy,
      };
      await repo.insertFile(tx, row);
      return presentFile(row);
    });
  }

  private async checkQuota(tx: Tx, communityId: number, uploadedBy: number | null, size: number) {
    const used = await repo.usageOf(tx, communityId, uploadedBy);
    const { personQuotaBytes, communityQuotaBytes } = this.limits;
    const exceeded = (whose: string, whoseZh: string, limit: number) =>
      new AppError('UPLOAD_QUOTA_EXCEEDED', { whose, whoseZh, limit: formatBytes(limit), hours: FILE_GRACE_HOURS });
    if (uploadedBy !== null && used.person + size > personQuotaBytes) throw exceeded('each person in this community', '每人在本社区', personQuotaBytes);
    if (used.community + size > communityQuotaBytes) throw exceeded('this community', '本社区', communityQuotaBytes);
  }

  /** Removes a content's bytes and thumbnail from disk; call under its bytes lock, once no community keeps it. */
  async removeBytes(sha256: string): Promise<void> {
    for (const file of [this.pathOf(sha256), this.pathOf(sha256, 'thumb')]) await fs.promises.rm(file, { force: true });
  }

  private async write(file: string, bytes: Buffer) {
    if (fs.existsSync(file)) return;
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, file);
  }
}
