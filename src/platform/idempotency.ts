import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../database.ts';
import { AppError } from './errors.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[A-Za-z0-9_-]{8,100}$/;

export interface IdempotencyKey {
  key: string;
  /** SHA-256 of the route, its params and its body: the same key with another request is refused. */
  requestHash: Buffer;
}

/** The key and request fingerprint of a request that moves money or stock, or 400. */
export function idempotencyKeyOf(req: FastifyRequest): IdempotencyKey {
  const key = req.headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || !KEY_FORMAT.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  const fingerprint = JSON.stringify([req.method, req.routeOptions.url, req.params, req.body ?? null]);
  return { key, requestHash: crypto.createHash('sha256').update(fingerprint).digest() };
}

export interface IdempotentResult {
  status: number;
  /** The JSON text of the first answer, replayed byte for byte. */
  body: string;
  replayed: boolean;
}

/**
 * Runs `fn` once per key, inside the caller's transaction: the key row, the change and the stored
 * answer commit together or not at all. A concurrent request with the same key waits on the key's
 * unique index and then replays the committed answer.
 */
export async function runIdempotent(
  tx: Tx,
  scope: { communityId: number; userId: number; idempotency: IdempotencyKey; status?: number },
  fn: () => Promise<unknown>,
): Promise<IdempotentResult> {
  const { communityId, userId, idempotency } = scope;
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({ community_id: communityId, user_id: userId, key: idempotency.key, request_hash: idempotency.requestHash })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const first = await tx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response_body'])
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .where('key', '=', idempotency.key)
      .executeTakeFirstOrThrow();
    // PGlite returns bytea as a Uint8Array, pg as a Buffer
    if (!Buffer.from(first.request_hash).equals(idempotency.requestHash)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (first.status_code === null || first.response_body === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    return { status: first.status_code, body: first.response_body, replayed: true };
  }
  const status = scope.status ?? 200;
  const body = JSON.stringify(await fn());
  await tx
    .updateTable('idempotency_keys')
    .set({ status_code: status, response_body: body })
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .where('key', '=', idempotency.key)
    .execute();
  return { status, body, replayed: false };
}

export function sendIdempotent(reply: FastifyReply, result: IdempotentResult) {
  return reply.code(result.status).header('idempotent-replayed', String(result.replayed)).type('application/json; charset=utf-8').send(result.body);
}
