// PDF plumbing shared by modules: an A4 pdfkit document with the Chinese font registered (only
// the glyphs used are embedded in each document, as a subset of the subset the project ships), and rendering in a worker thread so that a long
// document does not stall every other request of the server. No domain logic here: each module
// keeps its own renderer, a module exporting `render(data): Promise<Buffer>`-style functions.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type PDFDocumentClass from 'pdfkit';

const require = createRequire(import.meta.url);
/** Noto Sans SC Regular cut to what the PDFs print (GB 2312 and more; scripts/subset-font.ts makes it). */
const FONT = fileURLToPath(new URL('../../assets/fonts/NotoSansSC-Regular-subset.ttf', import.meta.url));
let fontBytes: Buffer | null = null;
const font = () => (fontBytes ??= fs.readFileSync(FONT));
// pdfkit (with its font engine) is loaded where documents are made, in the worker: the server
// thread only hands work over and would carry it for nothing.
let pdfkit: typeof PDFDocumentClass | null = null;
const PDFDocument = () => (pdfkit ??= require('pdfkit') as typeof PDFDocumentClass);

/** The name the CJK font is registered under in documents from `openA4`. */
export const CJK_FONT = 'cjk';

/** An A4 document from `openA4` and what every renderer lays out with. */
export interface A4 {
  doc: PDFKit.PDFDocument;
  /** Resolves with the PDF bytes after `doc.end()`. */
  done: Promise<Buffer>;
  /** The left margin and the width between the margins. */
  left: number;
  width: number;
  /** Where the page's text must end. */
  bottom: () => number;
  /** A label with its value right-aligned beside it (a summary line). */
  line: (label: string, value: string, size?: number) => void;
}

/**
 * A new A4 document, buffered pages, with Noto Sans SC registered as `CJK_FONT` and selected.
 * Call `doc.end()` when done; `done` resolves with the PDF bytes.
 */
export function openA4(options: { title: string; margins?: { top: number; bottom: number; left: number; right: number } }): A4 {
  const doc = new (PDFDocument())({
    size: 'A4',
    margins: options.margins ?? { top: 48, bottom: 48, left: 46, right: 46 },
    bufferPages: true,
    info: { Title: options.title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont(CJK_FONT, font());
  doc.font(CJK_FONT);
  const left = doc.page.margins.left;
  const line = (label: string, value: string, size = 10.5) => {
    const y = doc.y;
    doc.fontSize(size).text(label, left, y, { lineBreak: false });
    doc.text(value, left + 200, y, { width: 160, align: 'right', lineBreak: false });
    doc.y = y + size * 1.6;
  };
  return { doc, done, left, width: doc.page.width - left - doc.page.margins.right, bottom: () => doc.page.height - doc.page.margins.bottom, line };
}

// The worker runs each renderer as a CommonJS bundle: the production build made it
// (dist/server/pdf/…, scripts/build.mjs); run from the sources (tests), esbuild makes it on first
// use. Registering tsx in the worker instead would add tsx's own loader thread to the process,
// ~35 MB for as long as the server runs.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const renderers = new Map();
parentPort.on('message', async ({ id, module, name, data, code, file }) => {
  try {
    if (code !== undefined) {
      const loaded = { exports: {} };
      new Function('require', 'module', 'exports', '__filename', '__dirname', code)(createRequire(file), loaded, loaded.exports, file, require('node:path').dirname(file));
      renderers.set(module, loaded.exports);
    }
    const render = renderers.get(module)?.[name];
    if (typeof render !== 'function') throw new Error(module + ' has no function ' + name);
    const pdf = await render(data);
    parentPort.postMessage({ id, pdf });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
`;

const bundles = new Map<string, Promise<{ code: string; file: string }>>();

/** Set to true by the production build (scripts/build.mjs). */
declare const WEIYI_BUNDLE: boolean | undefined;
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The renderer module and what it imports from src/, one CommonJS script; packages stay outside. */
function bundleRenderer(module: string): Promise<{ code: string; file: string }> {
  let bundle = bundles.get(module);
  if (!bundle) {
    const source = fileURLToPath(module);
    const prebuilt = path.join(PACKAGE_ROOT, 'dist/server/pdf', path.relative(PACKAGE_ROOT, source)).replace(/\.ts$/, '.cjs');
    bundle =
      typeof WEIYI_BUNDLE !== 'undefined' && WEIYI_BUNDLE
        ? fs.promises.readFile(prebuilt, 'utf8').then((code) => ({ code, file: prebuilt }))
        : buildRenderer(source).then((code) => ({ code, file: source }));
    bundle.catch(() => bundles.delete(module));
    bundles.set(module, bundle);
  }
  return bundle;
}

async function buildRenderer(file: string): Promise<string> {
  // A devDependency: reached only when running from the sources, never from the production build.
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'error',
      plugins: [
        {
          // CommonJS has no import.meta: each file keeps its own URL (fonts, files beside it)
          name: 'keep-import-meta-url',
          setup(build) {
            build.onLoad({ filter: /\.ts$/ }, async (args) => {
              const source = await fs.promises.readFile(args.path, 'utf8');
              return { contents: source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
            });
          },
        },
      ],
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}

interface Job {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
/** Renderer modules the current worker has been given. */
let loaded = new Set<string>();
let nextId = 1;
const jobs = new Map<number, Job>();

function failAll(error: Error) {
  for (const job of jobs.values()) job.reject(error);
  jobs.clear();
  worker = null;
}

/** One long-lived worker, started on first use; it does not keep the process alive. */
function getWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, { eval: true });
  loaded = new Set();
  started.unref();
  started.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
    const job = jobs.get(message.id);
    if (!job) return;
    jobs.delete(message.id);
    if (message.pdf) job.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
    else job.reject(new Error(`PDF worker: ${message.error ?? 'no result'}`));
    if (jobs.size === 0) started.unref();
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) => failAll(new Error(`PDF worker exited with code ${code}`)));
  worker = started;
  return started;
}

/**
 * Writes a small grey footer on every buffered page (the document must be opened with
 * `bufferPages`, as openA4 does), from the page number and the page count.
 */
export function stampFooters(doc: PDFKit.PDFDocument, text: (page: number, pages: number) => string) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // the footer sits in the bottom margin: without this pdfkit would start a new page for it
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(7.5)
      .fillColor('#666')
      .text(text(i + 1, range.count), left, doc.page.height - 32, { width, align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = margin;
  }
}

/**
 * Calls `name(data)` of the renderer module at `module` (a file URL, e.g.
 * `new URL('./x-pdf.ts', import.meta.url).href`) in the worker thread. `data` must survive
 * structured cloning (plain objects, arrays, Maps, Dates).
 */
export async function renderOffThread(module: string, name: string, data: unknown): Promise<Buffer> {
  const { code, file } = await bundleRenderer(module);
  const id = nextId++;
  const target = getWorker();
  const first = !loaded.has(module);
  loaded.add(module);
  return new Promise<Buffer>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    // keep the process alive while a PDF is owed to someone
    target.ref();
    target.postMessage(first ? { id, module, name, data, code, file } : { id, module, name, data });
  });
}
