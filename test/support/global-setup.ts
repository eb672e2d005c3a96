import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { TestProject } from 'vitest/node';

export const ARTIFACTS = path.resolve('test/.artifacts');

/**
 * Migrates once per run: into a PGlite data-folder tarball, or into a PostgreSQL template
 * database that each test file clones. Test files then start in milliseconds.
 */
export default async function setup(project: TestProject) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const url = process.env.DATABASE_URL;
  if (!url) {
    const pglite = await PGlite.create('memory://');
    await migrate(
      {
        exec: async (text) => void (await pglite.exec(text)),
        query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
      },
      MODULES,
    );
    const tarball = path.join(ARTIFACTS, `pglite-template-${process.pid}.tar.gz`);
    fs.writeFileSync(tarball, Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer()));
    await pglite.close();
    project.provide('pgliteTemplate', tarball);
    return () => fs.rmSync(tarball, { force: true });
  }
  const template = `weiyi_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const handle = await openDatabase({ databaseUrl: templateUrl });
  await handle.asOwner((owner) => migrate(owner, MODULES));
  await handle.close();
  project.provide('pgTemplate', template);
  project.provide('pgDatabasePrefix', `weiyi_t_${process.pid}_`);
  return async () => {
    const rows = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname = $2`, [
      `weiyi_t_${process.pid}_%`,
      template,
    ]);
    for (const row of rows.rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    pgDatabasePrefix: string;
  }
}
