import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMS_TEMPLATE_NAMES } from '../../src/platform/sms.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Production mode refuses to start without a real SMS provider. The benchmarks send no text
 * message, so they name Alibaba Cloud with placeholder keys and an endpoint nothing listens on.
 */
export const BENCH_SMS_ENV: Record<string, string> = {
  SMS_PROVIDER: 'aliyun',
  SMS_ALIYUN_ACCESS_KEY_ID: 'bench-sends-no-sms',
  SMS_ALIYUN_ACCESS_KEY_SECRET: 'bench-sends-no-sms',
  SMS_SIGN_NAME: 'bench',
  SMS_ALIYUN_ENDPOINT: 'https://127.0.0.1:9/',
  ...Object.fromEntries(SMS_TEMPLATE_NAMES.map((name) => [`SMS_TEMPLATE_${name.toUpperCase()}`, 'SMS_0'])),
};

export interface AppServer {
  base: string;
  pid: number;
  /** Peak resident memory so far (VmHWM), MB. */
  peakRssMb(): number;
  /** Current resident memory (VmRSS), MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * A server as a child process with its output in `logFile`: resolves once `healthPath` answers
 * 2xx; if it exits first or takes longer than `timeoutMs`, it is stopped and the error names the
 * log. `stop()` sends SIGTERM, then SIGKILL after 20 s.
 */
export async function startService(o: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  logFile: string;
  healthPath: string;
  timeoutMs: number;
}): Promise<AppServer> {
  const out = fs.openSync(o.logFile, 'w');
  const child: ChildProcess = spawn(o.command, o.args, { cwd: o.cwd, env: o.env, stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${o.port}`;
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  let closed = false;
  const stop = async () => {
    if (exited === null) {
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
    }
    if (!closed) fs.closeSync(out);
    closed = true;
  };
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${o.name} exited with ${exited} while starting; see ${o.logFile}:\n${fs.readFileSync(o.logFile, 'utf8').slice(-3000)}`);
    }
    try {
      if ((await fetch(`${base}${o.healthPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${o.name} did not answer ${o.healthPath} within ${o.timeoutMs / 1000} s; see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid!;
  return { base, pid, peakRssMb: () => statusField(pid, 'VmHWM'), rssMb: () => statusField(pid, 'VmRSS'), stop };
}

/**
 * `node bin/weiyi.js serve` as a child process, the way it runs in production: its own
 * process, its own pool, logs at info level to a file in bench/.work.
 */
export async function startServer(o: {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  logFile: string;
  env?: Record<string, string>;
}): Promise<AppServer> {
  fs.mkdirSync(o.dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ...BENCH_SMS_ENV,
    PORT: String(o.port),
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    HOST: '127.0.0.1',
    DATA_DIR: o.dataDir,
    LOG_LEVEL: 'info',
    // every bench client logs in from 127.0.0.1
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    ...o.env,
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  // Production seeds nothing by itself: the demo community is asked for, as an operator would (a no-op once it is there).
  const seeded = spawnSync(process.execPath, [path.join(ROOT, 'bin/weiyi.js'), 'seed', '--demo'], { cwd: ROOT, env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`weiyi seed --demo exited with ${seeded.status}: ${seeded.stderr}`);
  return startService({
    name: 'the app',
    command: process.execPath,
    args: [path.join(ROOT, 'bin/weiyi.js'), 'serve'],
    cwd: ROOT,
    env,
    port: o.port,
    logFile: o.logFile,
    healthPath: '/healthz',
    timeoutMs: 120_000,
  });
}
