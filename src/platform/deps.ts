import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../database.ts';
import type { Config } from './config.ts';
import type { Deps } from './context.ts';
import { openDatabase, type DatabaseHandle } from './db.ts';
import { FileStore } from './files.ts';
import { createLogger } from './log.ts';
import { JobQueue } from './jobs.ts';
import { migrate } from './migrate.ts';
import { checkModules, errorCatalogueOf, rolesOf, type ModuleDefinition } from './module.ts';
import { createSmsSender, type SmsSender } from './sms.ts';
import { createWeChatMp } from './wechat.ts';

export interface Runtime {
  deps: Deps;
  handle: DatabaseHandle<Database>;
  close(): Promise<void>;
}

/**
 * Opens the database (PGlite in the data folder, or DATABASE_URL), migrates it for the platform
 * and `modules`, and builds the dependencies.
 */
export async function startRuntime(
  config: Config,
  modules: readonly ModuleDefinition[],
  overrides: { log?: Logger; sms?: SmsSender; pgliteLoad?: Blob } = {},
): Promise<Runtime> {
  checkModules(modules);
  const errors = errorCatalogueOf(modules);
  const roles = rolesOf(modules);
  const log = overrides.log ?? createLogger(config.logLevel);
  const handle = await openDatabase<Database>({
    databaseUrl: config.databaseUrl,
    ...(config.databaseUrl ? {} : { pgliteDir: path.join(config.dataDir, 'pg') }),
    poolSize: config.dbPoolSize,
    ...(overrides.pgliteLoad ? { pgliteLoad: overrides.pgliteLoad } : {}),
  });
  const { applied } = await handle.asOwner((owner) => migrate(owner, modules));
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  const deps: Deps = {
    db: handle.db,
    config,
    log,
    files: new FileStore(path.join(config.dataDir, 'files'), config.uploads),
    sms: overrides.sms ?? createSmsSender(config, log),
    wechat: createWeChatMp(config, handle.db, log),
    modules,
    errors,
    roles,
    jobs: new JobQueue(handle.run, modules, log),
    run: handle.run,
  };
  return {
    deps,
    handle,
    close: async () => {
      await deps.jobs.stop();
      await handle.close();
    },
  };
}
