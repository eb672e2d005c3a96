#!/usr/bin/env node
// A production install from the packed package, as an operator would make it: `npm pack`, then in
// a fresh folder `npm install <tarball> --omit=dev`, then on the PostgreSQL server in production
// mode: migrate, add an administrator, seed the demo on request, serve, sign in, make a sale, fetch
// a server-rendered page and a 公示 PDF, verify the book. Exits non-zero on the first failure.
// Needs the PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-install-'));
const database = `weiyi_install_${process.pid}`;
const step = (text) => console.log(`\n--> ${text}`);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });

async function admin(sql) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function check(condition, what) {
  if (!condition) throw new Error(`install check failed: ${what}`);
  console.log(`ok: ${what}`);
}

let app = null;
try {
  step('npm pack (its prepack builds the server and the web app)');
  const tarball = path.join(work, run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root }).trim().split('\n').pop());
  const files = run('tar', ['-tzf', tarball]).split('\n');
  check(files.includes('package/dist/server/main.js'), 'the tarball holds the built server');
  check(
    files.some((f) => f.startsWith('package/web/dist/server/')),
    'the tarball holds the server-side render',
  );
  check(
    files.some((f) => f.endsWith('migrations/0100_ledger_book.sql')),
    'the tarball holds the modules’ migrations',
  );
  check(!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'the tarball holds no TypeScript sources');
  console.log(`${files.length} files, ${Math.round(fs.statSync(tarball).size / 1024)} KB`);

  step('npm install of the tarball in a fresh folder, without dev dependencies');
  const install = path.join(work, 'install');
  fs.mkdirSync(install);
  fs.writeFileSync(path.join(install, 'package.json'), JSON.stringify({ name: 'weiyi-install', private: true }));
  run('npm', ['install', tarball, '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: install, stdio: ['ignore', 'inherit', 'inherit'] });
  const modules = path.join(install, 'node_modules');
  for (const devOnly of ['typescript', 'tsx', 'esbuild', 'vite', 'vitest', 'react', 'react-dom'])
    check(!fs.existsSync(path.join(modules, devOnly)), `no ${devOnly} installed`);

  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: (() => {
      const u = new URL(server);
      u.pathname = `/${database}`;
      return u.toString();
    })(),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(work, 'data'),
    SMS_PROVIDER: 'aliyun',
    SMS_ALIYUN_ACCESS_KEY_ID: 'install-test',
    SMS_ALIYUN_ACCESS_KEY_SECRET: 'install-test',
    SMS_SIGN_NAME: '微益',
    SMS_TEMPLATE_LOGIN_CODE: 'SMS_1',
    SMS_TEMPLATE_RESET_CODE: 'SMS_2',
    SMS_TEMPLATE_NOTICE: 'SMS_3',
    SMS_TEMPLATE_REGISTER_CODE: 'SMS_4',
    SMS_TEMPLATE_LINK_CODE: 'SMS_5',
    SMS_TEMPLATE_CONSENT_CODE: 'SMS_6',
  };
  const weiyi = path.join(modules, '.bin', 'weiyi');
  await admin(`drop database if exists ${database}`);
  await admin(`create database ${database}`);

  step('production refuses what is unsafe there');
  let refused = '';
  try {
    run(weiyi, ['migrate'], { cwd: install, env: { ...env, PUBLIC_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    refused = String(error.stderr);
  }
  check(/PUBLIC_URL is required in production/.test(refused), 'no PUBLIC_URL: refused with a message naming it');

  step('weiyi migrate, weiyi admin add, weiyi seed --demo');
  console.log(run(weiyi, ['migrate'], { cwd: install, env }).trim());
  console.log(run(weiyi, ['admin', 'add', '13700000001', '运维管理员'], { cwd: install, env: { ...env, WEIYI_ADMIN_PASSWORD: 'install-admin-2026' } }).trim());
  console.log(run(weiyi, ['seed', '--demo'], { cwd: install, env }).trim());

  step('weiyi serve');
  app = spawn(weiyi, ['serve'], { cwd: install, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  app.stdout.on('data', (d) => (log += d));
  app.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (app.exitCode !== null) throw new Error(`weiyi serve exited with ${app.exitCode}:\n${log.slice(-3000)}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`weiyi serve did not answer in 60 s:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  check(!/bundling|tsx|esbuild/i.test(log), 'no bundler or TypeScript loader at start');

  const cookies = new Map();
  const request = async (method, url, body, headers = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': cookies.get('weiyi_csrf') ?? '',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };

  step('the administrator and the demo clerk sign in; the clerk sells at the counter');
  await request('GET', '/healthz');
  check((await request('POST', '/api/v1/auth/login', { phone: '13700000001', password: 'install-admin-2026' })).status === 200, 'the administrator signs in');
  check(((await (await request('GET', '/api/v1/me')).json()).user ?? {}).isPlatformAdmin === true, 'and is a platform administrator');
  cookies.clear();
  await request('GET', '/healthz');
  check((await request('POST', '/api/v1/auth/login', { phone: '13800000004', password: 'weiyi2026' })).status === 200, 'the demo clerk signs in');
  const listings = (await (await request('GET', '/api/v1/communities/nanhu/market/listings?limit=50')).json()).listings;
  const item = listings.find((l) => l.kind === 'good' && l.stock > 0);
  const before = (await (await request('GET', '/api/v1/communities/nanhu/fund/summary')).json()).head.seq;
  const sale = await request(
    'POST',
    '/api/v1/communities/nanhu/market/counter/sales',
    { items: [{ listingId: item.id, quantity: 1 }], payment: { method: 'cash' } },
    { 'idempotency-key': `install-${crypto.randomBytes(6).toString('hex')}` },
  );
  check(sale.status === 201, `a counter sale of ${item.title} is made (${sale.status})`);
  const after = (await (await request('GET', '/api/v1/communities/nanhu/fund/summary')).json()).head.seq;
  check(after === before + 1, 'the fund’s book takes the sale');

  step('a server-rendered page, a 公示 PDF and the book’s verification');
  const page = await (await fetch(`${base}/c/nanhu/fund`)).text();
  check(
    page.includes('南湖社区') && page.includes('class="first-screen"') && page.includes('id="weiyi-first"'),
    'the fund page arrives rendered by the server, with its first data',
  );
  const month = new Date().toISOString().slice(0, 7);
  const pdf = await fetch(`${base}/api/v1/communities/nanhu/fund/disclosures/${month}.pdf`);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  check(pdf.status === 200 && bytes.subarray(0, 5).toString() === '%PDF-', `the ${month} 公示 PDF is rendered (${Math.round(bytes.length / 1024)} KB)`);
  const text = run('pdftotext', ['-', '-'], { input: bytes, stdio: ['pipe', 'pipe', 'inherit'] });
  check(text.includes(`127.0.0.1:${port}/c/nanhu/fund`) && text.includes('公示'), 'the PDF prints its Chinese text and the PUBLIC_URL link');
  console.log(run(weiyi, ['ledger', 'verify', `${base}/api/v1/communities/nanhu/fund/ledger.jsonl`], { cwd: install, env }).trim());
  console.log('\nthe packed install works');
} finally {
  app?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await admin(`drop database if exists ${database} with (force)`).catch(() => {});
  fs.rmSync(work, { recursive: true, force: true });
}
