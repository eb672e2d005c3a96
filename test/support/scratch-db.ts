import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { OwnerConnection } from '../../src/platform/db.ts';
import { withDatabase } from './global-setup.ts';

/** An empty database with an owner's connection: embedded PGlite, or a new database on DATABASE_URL's server. */
export interface ScratchDatabase {
  owner: OwnerConnection;
  /** What createTestApp's `database` option takes to start the app on this database as it is now. */
  forApp(): Promise<{ url: string } | { pglite: Blob }>;
  close(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const pglite = await PGlite.create('memory://');
    return {
      owner: {
        exec: async (text) => void (await pglite.exec(text)),
        query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
      },
      forApp: async () => ({ pglite: await pglite.dumpDataDir('gzip') }),
      close: () => pglite.close(),
    };
  }
  const name = `${inject('pgDatabasePrefix')}${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const client = new pg.Client({ connectionString: withDatabase(url, name) });
  await client.connect();
  return {
    owner: {
      exec: async (text) => void (await client.query(text)),
      query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
    },
    forApp: async () => ({ url: withDatabase(url, name) }),
    close: () => client.end(),
  };
}
