import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { MODULES } from '../../src/modules/index.ts';
import { startRuntime, type Runtime } from '../../src/platform/deps.ts';
import { createLogger } from '../../src/platform/log.ts';
import { BENCH_SMS_ENV } from './server.ts';

/** The PostgreSQL server the bench runs against (trust auth); each bench database is dropped and made anew. */
export const SERVER_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, url = SERVER_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(name: string): Promise<string> {
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`).then(() => undefined));
}

/** The app's own runtime (migrated) on a database: the PostgreSQL server, or PGlite in `dataDir` when url is undefined. */
export async function openRuntime(options: { url: string | undefined; dataDir: string; poolSize: number }): Promise<Runtime> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    ...BENCH_SMS_ENV,
    PUBLIC_URL: 'http://127.0.0.1',
    DATA_DIR: options.dataDir,
    DB_POOL_SIZE: String(options.poolSize),
    LOG_LEVEL: 'warn',
  };
  if (options.url) env.DATABASE_URL = options.url;
  const config: Config = loadConfig(env);
  return startRuntime(config, MODULES, { log: createLogger('warn') });
}
