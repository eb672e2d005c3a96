import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The PostgreSQL server the fault tests break: the CI cluster at 127.0.0.1:5432 unless DATABASE_URL says otherwise. */
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Short in CI; `npm run soak` sets FAULTS_SOAK=1 for the long version. */
export const SOAK = process.env.FAULTS_SOAK === '1';
export const SEED = Number(process.env.FAULTS_SEED ?? 20261122);
export const DEMO_PASSWORD = 'weiyi2026';
export const CLERK_PHONE = '13800000004';
export const STAFF_PHONE = '13800000001';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A deterministic pseudo-random source (mulberry32) so each run injects faults at the same moments. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function adminQuery<R extends pg.QueryResultRow>(text: string, params: unknown[] = [], url = SERVER_URL): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** A new empty database on the server; the app migrates and seeds it on first start. */
export async function freshDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `weiyi_fault_${label}_${process.pid}`;
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  return { name, url: withDatabase(SERVER_URL, name), drop: () => adminQuery(`drop database if exists ${name} with (force)`).then(() => undefined) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `weiyi serve` as a child process on its own port and data folder, its log kept in a file. */
export class AppProcess {
  proc: ChildProcess | null = null;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-fault-'));
  readonly logFile = path.join(this.dataDir, 'app.log');
  starts = 0;
  exits: (number | null)[] = [];
  private constructor(
    readonly databaseUrl: string,
    readonly port: number,
  ) {}

  static async create(databaseUrl: string) {
    return new AppProcess(databaseUrl, await freePort());
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000) {
    const log = fs.openSync(this.logFile, 'a');
    this.proc = spawn(process.execPath, ['bin/weiyi.js', 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        DB_POOL_SIZE: '8',
      },
      stdio: ['ignore', log, log],
    });
    this.starts += 1;
    const proc = this.proc;
    proc.on('exit', (code) => this.exits.push(code));
    fs.closeSync(log);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`the app exited with ${proc.exitCode} while starting; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await sleep(100);
    }
    throw new Error(`the app did not answer /healthz within ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** Sends a signal and waits for the process to be gone. */
  async signal(signal: NodeJS.Signals, timeoutMs = 20_000): Promise<number | null> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  async stop() {
    await this.signal('SIGKILL');
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }
}

/** A small HTTP client with cookies and the CSRF header, over fetch. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly app: { base: string }) {}

  async request(method: string, url: string, options: { body?: unknown; key?: string; timeoutMs?: number } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('weiyi_csrf') ?? '';
    if (options.key) headers['idempotency-key'] = options.key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.app.base}${url}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
  }

  async login(phone: string, password = DEMO_PASSWORD) {
    await this.request('GET', '/healthz');
    const res = await this.request('POST', '/api/v1/auth/login', { body: { phone, password } });
    if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${res.text}`);
  }
}

export function newKey(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(9).toString('hex')}`;
}

/** Runs `weiyi ledger verify <url>`; resolves to its exit code and output. */
export async function ledgerVerify(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['bin/weiyi.js', 'ledger', 'verify', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.on('exit', (code) => resolve({ code, output }));
  });
}

/** A stack trace or SQL in a response body is a leak. */
export const INTERNALS = /(\bat \S+ \(|node_modules|\.ts:\d+|"stack"|syntax error|relation "|violates|duplicate key)/i;
