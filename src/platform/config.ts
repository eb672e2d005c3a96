import path from 'node:path';

/** Everything the process reads from its environment, read once and checked. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir/pg` is used. */
  databaseUrl: string | undefined;
  /** Origins allowed to make state-changing requests, besides the request's own host. */
  allowedOrigins: string[];
  /** Secure cookies when served over HTTPS. */
  secureCookies: boolean;
  logLevel: string;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  /** Payment provider for online orders: `dev` is refused when env is production. */
  paymentProvider: string;
  dbPoolSize: number;
  /** Login and registration attempts per client address in 15 minutes (a shared NAT may need more). */
  loginAttemptsPerAddress: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    env: mode,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    secureCookies: env.SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    sessionIdleDays: Number(env.SESSION_IDLE_DAYS ?? 14),
    sessionAbsoluteDays: Number(env.SESSION_ABSOLUTE_DAYS ?? 60),
    paymentProvider: env.PAYMENT_PROVIDER ?? 'dev',
    dbPoolSize: Number(env.DB_POOL_SIZE ?? 10),
    // Tests and benchmarks run every client from 127.0.0.1.
    loginAttemptsPerAddress: Number(env.LOGIN_ATTEMPTS_PER_ADDRESS ?? (mode === 'test' ? 100_000 : 30)),
  };
}
