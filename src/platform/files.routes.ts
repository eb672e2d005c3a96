import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireRole } from './context.ts';
import { transact } from './db.ts';
import { AppError } from './errors.ts';
import { MAX_FILE_BYTES, sniffMime } from './files.ts';
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
  app.post(
    '/api/v1/communities/:slug/files',
    {
      access: 'member',
      schema: {
        tags: ['files'],
        summary: 'Upload a JPEG, PNG or WebP image or a PDF (multipart field "file", 10 MB at most)',
        params: Type.Object({ slug: Type.String() }),
        consumes: ['multipart/form-data'],
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      const actor = requireRole(ctx);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const part = await req.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { detail: 'file' });
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
      const stored = await transact(deps.db, { communityId: ctx.community.id }, (tx) =>
        deps.files.store(tx, { communityId: ctx.community.id, bytes, originalName: part.filename, uploadedBy: (ctx.agent ?? actor).userId }),
      );
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
