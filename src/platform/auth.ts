import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { Actor, Deps } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: number | null;
  }
}

export const SESSION_COOKIE = 'weiyi_session';

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest();
}

/** Creates a session row and returns the token for the cookie; only its hash is stored. */
export async function issueSession(db: Executor, deps: Deps, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.config.sessionAbsoluteDays * 86_400_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export function setSessionCookie(reply: FastifyReply, deps: Deps, session: { token: string; expiresAt: Date }) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Reads the session cookie on every request. A forged, revoked, idle or expired token simply
 * leaves the request anonymous; routes that need a person answer 401.
 */
export function installSessions(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  const idle = `${deps.config.sessionIdleDays} days`;
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const row = await deps.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.last_seen_at', 'u.id as user_id', 'u.display_name', 'u.is_platform_admin'])
      .where('s.token_hash', '=', hashToken(token))
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - ${idle}::interval`)
      .executeTakeFirst();
    if (!row) return;
    req.actor = { userId: row.user_id, displayName: row.display_name, isPlatformAdmin: row.is_platform_admin };
    req.sessionId = row.id;
    // Sliding idle expiry, written at most once a minute so that reads stay reads.
    if (Date.now() - row.last_seen_at.getTime() > 60_000) {
      await deps.db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', row.id).execute();
    }
  });
}
