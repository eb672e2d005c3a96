import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) / 1024 : Number.NaN;
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
  const out = fs.openSync(o.logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    DATA_DIR: o.dataDir,
    LOG_LEVEL: 'info',
    // every bench client logs in from 127.0.0.1
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    ...o.env,
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/weiyi.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${o.port}`;
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`the app exited with ${exited} while starting; see ${o.logFile}:\n${fs.readFileSync(o.logFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer /healthz within 120 s; see ${o.logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid!;
  return {
    base,
    pid,
    peakRssMb: () => statusField(pid, 'VmHWM'),
    rssMb: () => statusField(pid, 'VmRSS'),
    stop: async () => {
      if (exited !== null) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
      fs.closeSync(out);
    },
  };
}
