import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireRole } from './context.ts';
import { AppError } from './errors.ts';
import { MAX_FILE_BYTES, sniffMime } from './files.ts';
import { RateLimiter } from './rate-limit.ts';
import type { ModuleRoutes } from './routing.ts';

const FileOut = Type.Object({
  sha256: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  url: Type.String(),
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
});
const ShaParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

/** Uploads (any member of the community) and content-addressed downloads with long cache lifetimes. */
export const fileRoutes: ModuleRoutes = (app, env) => {
  const { deps } = env;
  // Attempts per person (whoever uploads, across communities) and per address, counted before the
  // file is read: a refused upload costs no hashing and no thumbnail.
  const { perPersonPerHour, perAddressPerHour } = deps.config.uploads;
  const uploadsByPerson = new RateLimiter(deps.run, 'upload-person', perPersonPerHour, 60 * 60_000);
  const uploadsByAddress = new RateLimiter(deps.run, 'upload-address', perAddressPerHour, 60 * 60_000);
  app.post(
    '/api/v1/communities/:slug/files',
    {
      access: 'member',
      schema: {
        tags: ['files'],
        summary:
          'Upload a JPEG, PNG or WebP image or a PDF (multipart field "file", 10 MB at most), within the quotas per person and per community; a file nothing refers to is deleted after 24 hours',
        params: Type.Object({ slug: Type.String() }),
        consumes: ['multipart/form-data'],
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      const actor = requireRole(ctx);
      const uploadedBy = (ctx.agent ?? actor).userId;
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      await uploadsByAddress.hit(req.ip);
      await uploadsByPerson.hit(String(uploadedBy));
      const part = await req.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { detail: 'file' });
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
      const stored = await deps.files.store(deps.db, { communityId: ctx.community.id, bytes, originalName: part.filename, uploadedBy });
      return reply.code(201).send(stored);
    },
  );

  const serve = (variant: 'original' | 'thumb') => async (req: { params: { sha256: string } }, reply: FastifyReply) => {
    const file = deps.files.pathOf(req.params.sha256, variant);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch {
      throw new AppError('NOT_FOUND', { what: 'file', whatZh: '文件' });
    }
    const mime = sniffMime(bytes) ?? 'application/octet-stream';
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(mime).send(bytes);
  };
  app.get('/files/:sha256', { access: 'public', schema: { tags: ['files'], summary: 'A stored file by its SHA-256', params: ShaParams } }, serve('original'));
  app.get(
    '/files/:sha256/thumb',
    { access: 'public', schema: { tags: ['files'], summary: 'The 480 px WebP thumbnail of a stored image', params: ShaParams } },
    serve('thumb'),
  );
};
