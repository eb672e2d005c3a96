import { buildApp } from './app.ts';
import { MODULES } from './modules/index.ts';
import { loadConfig } from './platform/config.ts';
import { endLog } from './platform/log.ts';
import { startRuntime } from './platform/deps.ts';
import { seedDemo } from './seed.ts';
import { analyzeAll, keepStatistics } from './platform/statistics.ts';

const USAGE = `weiyi — community shop, public-welfare fund and co-governance

usage:
  weiyi serve         migrate and serve (PORT, default 3000); outside production, seed the demo community if the database is new
  weiyi migrate       apply pending database migrations
  weiyi seed --demo   seed the demo community 南湖社区 (nanhu) with its demo accounts, if it is not there
${MODULES.flatMap((m) => Object.values(m.commands ?? {}).map((c) => `  weiyi ${c.usage}`)).join('\n')}
environment: DATABASE_URL (PostgreSQL server; default embedded PGlite in DATA_DIR/pg), DATA_DIR (default ./data), PORT, LOG_LEVEL`;

async function serve(): Promise<number> {
  const config = loadConfig();
  const runtime = await startRuntime(config, MODULES);
  const { deps } = runtime;
  // Production never seeds the demo and its known passwords by itself: only `weiyi seed --demo` does.
  if (config.env !== 'production') {
    const { seeded } = await seedDemo(deps);
    if (seeded) deps.log.info('seeded the demo community 南湖社区 (nanhu)');
  }
  await analyzeAll(runtime.handle);
  const stopStatistics = keepStatistics(runtime.handle, deps.log);
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  await deps.jobs.start(deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'stopping: finishing requests in flight');
    stopStatistics();
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await Promise.all([app.stopGracefully(13_000), deps.jobs.stop(12_000)]);
    await runtime.close();
    await endLog(deps.log);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => {});
}

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate': {
      const runtime = await startRuntime(loadConfig(), MODULES);
      await runtime.close();
      console.log('migrations up to date');
      return 0;
    }
    case 'seed': {
      if (rest[0] !== '--demo') {
        console.error('usage: weiyi seed --demo   (the demo community and its demo accounts, whose password the README publishes)');
        return 2;
      }
      const runtime = await startRuntime(loadConfig(), MODULES);
      const { seeded } = await seedDemo(runtime.deps);
      await runtime.close();
      console.log(seeded ? 'seeded the demo community 南湖社区 (nanhu)' : 'the demo community is already there: nothing seeded');
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default: {
      const handler = MODULES.map((m) => m.commands?.[command]).find((c) => c !== undefined);
      if (handler) return handler.run(rest, () => startRuntime(loadConfig(), MODULES));
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A setting the process cannot run with: the message says which and what to do; a stack would bury it.
    if (error instanceof Error && error.name === 'ConfigError') console.error(`weiyi: ${error.message}`);
    else console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
