// §3 setup: a minimal Medusa 2 project in bench/.medusa (git-ignored), on its own database on the
// bench's PostgreSQL server, seeded through Medusa's own admin API with the comparison catalogue.
//
//   node --import tsx bench/medusa/setup.ts          (one command; rerun it freely)
//
// Idempotent: npm install runs only when the pinned version is not installed; Medusa is migrated
// and seeded (into weiyi_bench_medusa, then kept as the template weiyi_bench_medusa_seed) only
// when bench/.medusa/seed-state.json does not match a template that holds the catalogue. Every
// run then starts Medusa on a fresh copy of the template, so orders of earlier runs do not pile
// up. `--fresh` migrates and seeds again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl, withAdmin } from '../lib/db.ts';
import { startService, type AppServer } from '../lib/server.ts';
import { seedMedusa, type SeedState } from './seed.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MEDUSA_DIR = path.join(ROOT, 'bench/.medusa');
/** Latest Medusa 2 on the registry when this was written; its engines: node ^20.19.0 || >=22.12.0. */
export const MEDUSA_VERSION = '2.21.2';
/** The database Medusa runs on; every setup makes it anew as a copy of MEDUSA_SEED_DB. */
export const MEDUSA_DB = 'weiyi_bench_medusa';
/** Migrated and seeded once, never served: each run starts from the same state, as our side does. */
export const MEDUSA_SEED_DB = 'weiyi_bench_medusa_seed';
export const MEDUSA_ADMIN = { email: 'bench@weiyi.invalid', password: 'bench-medusa-2026' };
const STATE_FILE = path.join(MEDUSA_DIR, 'seed-state.json');
const CLI = path.join(MEDUSA_DIR, 'node_modules/@medusajs/cli/cli.js');

const PACKAGE_JSON = {
  name: 'weiyi-bench-medusa',
  version: '0.0.0',
  private: true,
  description: 'Medusa 2 for the Weiyi benchmark (§3); written by bench/medusa/setup.ts',
  dependencies: {
    '@medusajs/cli': MEDUSA_VERSION,
    '@medusajs/framework': MEDUSA_VERSION,
    '@medusajs/medusa': MEDUSA_VERSION,
  },
};

// CommonJS, so Medusa loads it without a TypeScript loader. No redisUrl: Medusa 2 then uses its
// in-memory event bus, cache, workflow engine and locking. The admin dashboard is off, so
// nothing is built. The secrets only sign this local bench's tokens.
const MEDUSA_CONFIG = `// Written by bench/medusa/setup.ts; edit that file instead.
const { defineConfig } = require('@medusajs/framework/utils');

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseLogging: false,
    workerMode: 'shared',
    http: {
      storeCors: 'http://127.0.0.1',
      adminCors: 'http://127.0.0.1',
      authCors: 'http://127.0.0.1',
      jwtSecret: 'weiyi-bench-medusa-jwt',
      cookieSecret: 'weiyi-bench-medusa-cookie',
    },
  },
  admin: { disable: true },
});
`;

/** The environment every Medusa command runs with: production, no telemetry, its config store kept in bench/.medusa. */
export function medusaEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(MEDUSA_DB),
    MEDUSA_DISABLE_TELEMETRY: '1',
    DO_NOT_TRACK: '1',
    // @medusajs/telemetry keeps a machine id in a configstore under XDG_CONFIG_HOME: keep it here, not in ~
    XDG_CONFIG_HOME: path.join(MEDUSA_DIR, '.config'),
    LOG_LEVEL: 'info',
    ...extra,
  };
  delete env.REDIS_URL;
  return env;
}

function run(cmd: string, args: string[], log: (s: string) => void, env: NodeJS.ProcessEnv = medusaEnv()) {
  // paths inside the checkout are shown relative to it, so RESULTS.md names no machine's folders
  log(`  $ ${[path.basename(cmd), ...args.map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a))].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: MEDUSA_DIR, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${r.status}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r.stdout;
}

function installedVersion(): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(MEDUSA_DIR, 'node_modules/@medusajs/medusa/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/**
 * npm install of the pinned packages, with install scripts off: of the 1,065 packages only
 * @medusajs/telemetry (a notice), esbuild (checks the binary npm already installed),
 * protobufjs (a version check) and msgpackr-extract (an optional native build with a JS
 * fallback) have one, and none is needed; so nothing is fetched from outside the npm registry.
 */
export function installMedusa(log: (s: string) => void) {
  fs.mkdirSync(MEDUSA_DIR, { recursive: true });
  const pkg = `${JSON.stringify(PACKAGE_JSON, null, 2)}\n`;
  const pkgFile = path.join(MEDUSA_DIR, 'package.json');
  if (!fs.existsSync(pkgFile) || fs.readFileSync(pkgFile, 'utf8') !== pkg) fs.writeFileSync(pkgFile, pkg);
  fs.writeFileSync(path.join(MEDUSA_DIR, 'medusa-config.js'), MEDUSA_CONFIG);
  if (installedVersion() === MEDUSA_VERSION) {
    log(`medusa: @medusajs/medusa ${MEDUSA_VERSION} already installed in bench/.medusa`);
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const t0 = Date.now();
  run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], log, { ...process.env });
  log(`medusa: installed @medusajs/medusa ${installedVersion()} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** `medusa <args>` in bench/.medusa. */
export function medusaCli(args: string[], log: (s: string) => void) {
  return run(process.execPath, [CLI, ...args], log);
}

/** `medusa start` (production, one process: no --cluster), logs to a file; resolves when /health answers. */
export function startMedusa(o: { port: number; logFile: string }): Promise<AppServer> {
  return startService({
    name: 'medusa',
    command: process.execPath,
    args: [CLI, 'start', '--port', String(o.port), '--host', '127.0.0.1'],
    cwd: MEDUSA_DIR,
    env: medusaEnv(),
    port: o.port,
    logFile: o.logFile,
    healthPath: '/health',
    timeoutMs: 300_000,
  });
}

export function readState(): SeedState | null {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as SeedState;
  } catch {
    return null;
  }
}

/** Whether the seed template still holds what the state file says was seeded. */
async function stateHolds(state: SeedState | null): Promise<boolean> {
  if (!state || state.medusaVersion !== MEDUSA_VERSION) return false;
  try {
    return await withAdmin(async (c) => {
      const r = await c.query<{ n: string }>(`select count(*) as n from product where deleted_at is null and status = 'published'`);
      return Number(r.rows[0]!.n) === state.products;
    }, databaseUrl(MEDUSA_SEED_DB));
  } catch {
    return false;
  }
}

/** `to` made anew as a copy of `from` (no one may be connected to `from`). */
async function copyDatabase(from: string, to: string) {
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${to} with (force)`);
    await c.query(`create database ${to} template ${from}`);
  });
}

/**
 * Everything §3 needs on Medusa's side, done only where missing. Returns the seeded ids
 * (region, sales channel, publishable key, shipping option, category, variants).
 */
export async function setUpMedusa(o: { port: number; logFile: string; fresh?: boolean; log: (s: string) => void }): Promise<SeedState> {
  const { log } = o;
  installMedusa(log);
  const existing = readState();
  if (!o.fresh && (await stateHolds(existing))) {
    await copyDatabase(MEDUSA_SEED_DB, MEDUSA_DB);
    log(`medusa: ${MEDUSA_DB} copied afresh from ${MEDUSA_SEED_DB} (seeded: ${existing!.products} products)`);
    return existing!;
  }
  fs.rmSync(STATE_FILE, { force: true });
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${MEDUSA_SEED_DB} with (force)`);
    await c.query(`drop database if exists ${MEDUSA_DB} with (force)`);
    await c.query(`create database ${MEDUSA_DB}`);
  });
  let t0 = Date.now();
  medusaCli(['db:migrate'], log);
  log(`medusa: db:migrate in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  medusaCli(['user', '-e', MEDUSA_ADMIN.email, '-p', MEDUSA_ADMIN.password], log);
  const server = await startMedusa({ port: o.port, logFile: o.logFile });
  let state: SeedState;
  try {
    t0 = Date.now();
    state = await seedMedusa(server.base, { ...MEDUSA_ADMIN, medusaVersion: MEDUSA_VERSION, log });
    log(`medusa: seeded ${state.products} products through the admin API in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await server.stop();
  }
  await copyDatabase(MEDUSA_DB, MEDUSA_SEED_DB);
  fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.BENCH_MEDUSA_PORT ?? 9917);
  fs.mkdirSync(MEDUSA_DIR, { recursive: true });
  setUpMedusa({ port, logFile: path.join(MEDUSA_DIR, 'setup-server.log'), fresh: process.argv.includes('--fresh'), log: (s) => console.log(s) }).then(
    (state) => {
      console.log(`medusa ready: ${state.products} products, region ${state.regionId}, shipping option ${state.shippingOptionId}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
