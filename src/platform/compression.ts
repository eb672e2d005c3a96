import zlib from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

// Answers go out compressed when the client accepts it: residents read the fund and the store on
// phones, often on a weak signal, and a page of JSON shrinks to a quarter or less
// (the demo fund's first page of entries: 28.7 KB, 4.1 KB as brotli).

export type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];
/** Smaller answers are sent as they are: compressing them saves less than it costs. */
export const COMPRESS_FROM_BYTES = 1024;
/** Brotli at quality 5: most of what quality 11 saves, at a small part of its CPU (most answers are compressed as sent). */
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };

/** Text, JSON (the book export's NDJSON too), SVG and XML; not PDF, images, XLSX or unknown bytes. */
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|\/x-ndjson(?:;|$)|(?:\+|\/)xml(?:;|$)/u;

/** The encoding to answer with for an Accept-Encoding header (q-values honoured), or null for none. */
export function preferredEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return null;
  const chosen = negotiate(header, ENCODINGS);
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

export function encode(body: string | Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? zlib.brotliCompressSync(body, BROTLI) : zlib.gzipSync(body);
}

/**
 * Compresses every answer of a COMPRESSIBLE type from COMPRESS_FROM_BYTES up, streams included.
 * An answer that already names its encoding (kept fund answers encoded once, the server-rendered
 * pages, pre-compressed assets) is left as it is.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, { global: true, threshold: COMPRESS_FROM_BYTES, encodings: ENCODINGS, brotliOptions: BROTLI, customTypes: COMPRESSIBLE });
}
