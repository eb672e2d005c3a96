import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGLITE_SETTINGS, PGliteDialect } from './pglite-dialect.ts';
import { TenantBeginDialect, withTenantBegin } from './scoped-begin.ts';

/** The role the application runs as: it owns no table, so row-level security always applies. */
export const APP_ROLE = 'weiyi_app';

/** A connection that can run several statements at once, as the owner (migrations, tests). */
export interface OwnerConnection {
  exec(text: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

/**
 * Runs SQL text as the app role outside Kysely: one statement with parameters, or several
 * without (for libraries that send scripts, like the job queue). Returns the last statement's rows.
 */
export type SqlRunner = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface DatabaseHandle<DB> {
  kind: 'pglite' | 'postgres';
  /** Queries run as APP_ROLE. */
  db: Kysely<DB>;
  /** SQL text as APP_ROLE, in turn with the app's other queries. */
  run: SqlRunner;
  /** Runs `fn` with owner rights: migrations, maintenance, tests that go behind the app's back. */
  asOwner<T>(fn: (owner: OwnerConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** int8 comes back as a JS number: fen and ids stay far below 2^53, and we refuse to lose precision. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} exceeds the safe integer range`);
  return value;
}
const parseDate = (text: string) => text; // a calendar date stays 'YYYY-MM-DD', free of time zones

pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);
pg.types.setTypeParser(pg.types.builtins.DATE, parseDate);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` for a throwaway database. */
  pgliteDir?: string;
  /** PGlite starting state, e.g. a migrated template (tests). */
  pgliteLoad?: Blob;
  poolSize?: number;
}

export async function openDatabase<DB>(options: OpenOptions): Promise<DatabaseHandle<DB>> {
  return options.databaseUrl ? openPostgres<DB>(options.databaseUrl, options.poolSize ?? 10) : openPGlite<DB>(options);
}

async function openPGlite<DB>(options: OpenOptions): Promise<DatabaseHandle<DB>> {
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pglite = await PGlite.create(dir, {
    parsers: { 20: parseInt8, 1082: parseDate },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
    ...(options.pgliteLoad ? { loadDataDir: options.pgliteLoad } : {}),
  });
  const db = new Kysely<DB>({ dialect: new TenantBeginDialect(new PGliteDialect(pglite), false) });
  let appRoleReady = false;
  const setAppRole = async () => {
    const exists = await pglite.query<{ ok: boolean }>(`select true as ok from pg_roles where rolname = $1`, [APP_ROLE]);
    appRoleReady = exists.rows.length > 0;
    if (appRoleReady) await pglite.exec(`set role ${APP_ROLE}`);
  };
  await setAppRole();
  const owner: OwnerConnection = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
  };
  const run: SqlRunner = (text, values = []) =>
    // The single session is taken in turn through Kysely's driver, so this never runs inside another caller's transaction.
    db.connection().execute(async () => {
      if (values.length > 0) return { rows: (await pglite.query<Record<string, unknown>>(text, values)).rows };
      const results = await pglite.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    });
  return {
    kind: 'pglite',
    db,
    run,
    // The single PGlite session switches role for the duration; the Kysely driver's queue keeps
    // app queries out meanwhile.
    asOwner: async (fn) => {
      const conn = await db.connection().execute(async (c) => {
        await sql`reset role`.execute(c);
        try {
          return await fn(owner);
        } finally {
          await setAppRole();
        }
      });
      return conn;
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres<DB>(url: string, poolSize: number): Promise<DatabaseHandle<DB>> {
  // The role is a startup parameter, so a connection that cannot take it fails rather than
  // running with the owner's rights.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    options: `-c role=${APP_ROLE}`,
  });
  // A dropped connection (database restart, terminated backend) must not crash the process:
  // the pool discards the client and the next query opens a new one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new TenantBeginDialect(new PostgresDialect({ pool }), true) });
  const run: SqlRunner = async (text, values = []) => {
    // Without parameters node-postgres uses the simple protocol, which takes several statements and answers each.
    const result = (await pool.query(text, values.length > 0 ? values : undefined)) as unknown as pg.QueryResult | pg.QueryResult[];
    const last = Array.isArray(result) ? result.at(-1) : result;
    return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
  };
  return {
    kind: 'postgres',
    db,
    run,
    asOwner: async (fn) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      try {
        return await fn({
          exec: async (text) => {
            await client.query(text);
          },
          query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        });
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}

export interface TxScope {
  communityId?: number | undefined;
  userId?: number | undefined;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 5;

/**
 * Runs `fn` in a transaction with the tenant context set for row-level security (in the same
 * round trip as `begin`: see scoped-begin.ts).
 * Serialization failures and deadlocks are retried a bounded number of times, so a user never
 * sees them; anything else propagates.
 */
export async function transact<DB, T>(db: Kysely<DB>, scope: TxScope, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenantBegin(scope, () => db.transaction().execute(fn));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** True when the error means the database is unreachable rather than that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i.test(message);
}
