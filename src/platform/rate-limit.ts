import crypto from 'node:crypto';
import type { SqlRunner } from './db.ts';
import { AppError } from './errors.ts';

/**
 * A sliding-window limit kept in PostgreSQL (rate_limit_hits), so that every app process on one
 * database counts the same attempts: `max` accepted attempts per key in any `windowMs`. A refused
 * attempt is not counted. Keys are stored as SHA-256 digests, never as the phone or address.
 */
export class RateLimiter {
  constructor(
    private readonly run: SqlRunner,
    /** Names the limit, so that one key under two limits is counted apart. */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt for `key`, or throws RATE_LIMITED with the seconds to wait. */
  async hit(key: string, now = Date.now()): Promise<void> {
    const digest = crypto.createHash('sha256').update(`${this.name}\n${key}`).digest();
    const { rows } = await this.run(`select rate_limit_hit($1, $2, $3, $4) as wait`, [digest, new Date(now), this.windowMs, this.max]);
    const wait = Number(rows[0]?.wait ?? 0);
    if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfter: wait });
  }
}
