import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { App, firstDataUrls, pageSource, preloadPage } from './app.tsx';
import { serialiseFirstData, setServerFirstData } from './first-data.ts';
import i18n from './i18n/index.ts';
import { setServerElderMode } from './prefs.ts';
import { setServerUrl } from './router.tsx';
import { filledShell, shellWithPreloads } from './shell-html.ts';
import { SessionProvider } from './session.tsx';

/**
 * The server's first render of the public pages (community home, store, product, fund): the page's
 * first API answers, rendered to HTML with the same components, sent with those answers so the
 * browser shows the page before any script runs and then renders the same thing over it. Built by
 * web/vite.config.ts into web/dist/server/entry-server.js; src/app.ts calls renderPage().
 */

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ManifestChunk {
  file: string;
  imports?: string[];
}
let template: string | null = null;
let manifest: Record<string, ManifestChunk> = {};

function load() {
  if (template !== null) return template;
  template = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  } catch {
    manifest = {};
  }
  return template;
}

/** The app's chunks and the page's, for main.tsx to fetch after the first paint. */
function chunksOf(srcs: string[]): string {
  const files = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const i of chunk.imports ?? []) walk(i);
  };
  for (const src of srcs) walk(src);
  return [...files].map((f) => `/${f}`).join(' ');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface RenderRequest {
  /** The request's path and query. */
  url: string;
  cookies: Record<string, string | undefined>;
  /** A GET of our own API with the request's cookies. */
  get(url: string): Promise<{ status: number; body: string }>;
}

/**
 * The whole HTML document for a path: a public page rendered with its first data; any other page
 * as the empty shell with its chunks preloaded (nothing to paint before the script, so no reason
 * to wait for a paint).
 */
export async function renderPage(req: RenderRequest): Promise<string | null> {
  const where = new URL(req.url, 'http://localhost');
  const urls = firstDataUrls(where.pathname);
  const html = load();
  const chunks = chunksOf(['src/client.tsx', pageSource(where.pathname)]);
  if (!urls) return shellWithPreloads(html, chunks);
  const data: Record<string, unknown> = {};
  await Promise.all(
    urls.map(async (u) => {
      const res = await req.get(u);
      if (res.status === 200) data[u] = JSON.parse(res.body) as unknown;
    }),
  );
  await preloadPage(where.pathname);
  const language = req.cookies.weiyi_lang === 'en' ? 'en' : 'zh-CN';
  const elder = req.cookies.weiyi_elder === '1';
  const t = i18n.getFixedT(language);
  const instance = i18n.cloneInstance({ lng: language });
  // Rendering is synchronous: these module-level settings hold for this page only.
  setServerUrl(req.url);
  setServerElderMode(elder);
  setServerFirstData(data);
  let body: string;
  try {
    body = renderToString(
      <I18nextProvider i18n={instance}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nextProvider>,
    );
  } finally {
    setServerFirstData(null);
    setServerElderMode(false);
  }
  // Until the script takes over, the page reads and its links work; its buttons and fields wait
  // (disabled) instead of swallowing a tap.
  return filledShell(html, { language, elder, title: escapeHtml(t('app.title')), body, chunks, firstData: serialiseFirstData(data) });
}
