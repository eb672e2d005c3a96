import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Executor, Tx } from '../database.ts';
import { AppError } from './errors.ts';
import * as repo from './files.repository.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
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

/**
 * The one place uploads are kept: under the data folder by content hash, so the same bytes are
 * stored once and a URL never changes meaning. Images get a 480 px WebP thumbnail.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string, variant: 'original' | 'thumb' = 'original'): string {
    return path.join(this.root, sha256.slice(0, 2), variant === 'thumb' ? `${sha256}.thumb.webp` : sha256);
  }

  /** Checks, writes and records a file for a community; returns the existing record for bytes already stored. */
  async store(db: Executor, input: { communityId: number; bytes: Buffer; originalName: string; uploadedBy: number | null }): Promise<StoredFile> {
    if (input.bytes.length === 0) throw new AppError('FILE_TYPE_REFUSED');
    if (input.bytes.length > MAX_FILE_BYTES) throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
    const mime = sniffMime(input.bytes);
    if (!mime) throw new AppError('FILE_TYPE_REFUSED');
    const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex');
    let width: number | null = null;
    let height: number | null = null;
    if (mime !== 'application/pdf') {
      // loaded with the first image: libvips would otherwise sit in the server's memory from the start
      const { default: sharp } = await import('sharp');
      try {
        const image = sharp(input.bytes, { limitInputPixels: 40_000_000 });
        const meta = await image.metadata();
        width = meta.width ?? null;
        height = meta.height ?? null;
        await this.write(this.pathOf(sha256, 'thumb'), await image.rotate().resize({ width: 480, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer());
      } catch {
        throw new AppError('FILE_TYPE_REFUSED'); // the header said image, the body is not one
      }
    }
    await this.write(this.pathOf(sha256), input.bytes);
    const row = {
      community_id: input.communityId,
      sha256,
      mime,
      size_bytes: input.bytes.length,
      width,
      height,
      original_name: input.originalName.slice(0, 200),
      uploaded_by: input.uploadedBy,
    };
    await db
      .insertInto('files')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
    return presentFile(row);
  }

  private async write(file: string, bytes: Buffer) {
    if (fs.existsSync(file)) return;
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, file);
  }
}
