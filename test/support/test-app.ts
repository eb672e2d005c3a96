import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { ModuleDefinition } from '../../src/platform/module.ts';
import type { Database } from '../../src/database.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import type { Deps } from '../../src/platform/context.ts';
import type { DatabaseHandle } from '../../src/platform/db.ts';
import { startRuntime } from '../../src/platform/deps.ts';
import type { App } from '../../src/platform/routing.ts';
import { MemorySmsSender } from '../../src/platform/sms.ts';
import { createLogger } from '../../src/platform/log.ts';
import { withDatabase } from './global-setup.ts';
import { testLogDestination } from './log-scan.ts';

export interface TestApp {
  app: App;
  deps: Deps;
  handle: DatabaseHandle<Database>;
  sms: MemorySmsSender;
  dataDir: string;
  close(): Promise<void>;
}

/** A fresh database for one test file: a clone of the migrated template (PGlite or PostgreSQL). */
async function freshDatabaseUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `${inject('pgDatabasePrefix')}${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  } finally {
    await admin.end();
  }
  return withDatabase(url, name);
}

/**
 * The whole app on a fresh database (or on `database`: a PostgreSQL url, or a PGlite data folder
 * to start from), with SMS captured in memory and files in a temp folder.
 */
export async function createTestApp(
  options: { serveWeb?: boolean; database?: { url: string } | { pglite: Blob }; modules?: readonly ModuleDefinition[]; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-test-'));
  const given = options.database;
  const databaseUrl = given ? ('url' in given ? given.url : undefined) : await freshDatabaseUrl();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl, DB_POOL_SIZE: '8' } : {}) }),
    ...options.config,
  };
  const sms = new MemorySmsSender();
  // Logs go to test/.artifacts/logs, scanned for phone and ID numbers when the run ends (log-scan.ts).
  const log = process.env.TEST_LOG_LEVEL ? createLogger(process.env.TEST_LOG_LEVEL) : createLogger('info', testLogDestination());
  const template = databaseUrl ? undefined : given && 'pglite' in given ? given.pglite : new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const runtime = await startRuntime(config, options.modules ?? MODULES, { log, sms, ...(template ? { pgliteLoad: template } : {}) });
  const app = await buildApp(runtime.deps, { serveWeb: options.serveWeb ?? false });
  await app.ready();
  return {
    app,
    deps: runtime.deps,
    handle: runtime.handle,
    sms,
    dataDir,
    close: async () => {
      await app.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
