// PDF plumbing shared by modules: an A4 pdfkit document with the Chinese font registered (only
// the glyphs used are embedded, as a subset), and rendering in a worker thread so that a long
// document does not stall every other request of the server. No domain logic here: each module
// keeps its own renderer, a module exporting `render(data): Promise<Buffer>`-style functions.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import PDFDocument from 'pdfkit';

const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
let fontBytes: Buffer | null = null;
const font = () => (fontBytes ??= fs.readFileSync(FONT));

/** The name the CJK font is registered under in documents from `openA4`. */
export const CJK_FONT = 'cjk';

/**
 * A new A4 document, buffered pages, with Noto Sans SC registered as `CJK_FONT` and selected.
 * Call `doc.end()` when done; `done` resolves with the PDF bytes.
 */
export function openA4(options: { title: string; margins?: { top: number; bottom: number; left: number; right: number } }): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  const doc = new PDFDocument({
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
  return { doc, done };
}

// The worker loads TypeScript renderers through tsx, as bin/weiyi.js does for the app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import(workerData.tsx);
  register();
  parentPort.on('message', async ({ id, module, name, data }) => {
    try {
      const render = (await import(module))[name];
      if (typeof render !== 'function') throw new Error(module + ' has no function ' + name);
      const pdf = await render(data);
      parentPort.postMessage({ id, pdf });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.stack || error.message : String(error) });
    }
  });
})().catch((error) => {
  throw error;
});
`;

interface Job {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
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
  const require = createRequire(import.meta.url);
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      // the ES module build of tsx/esm/api: its CommonJS build registers a path that is wrong from a worker
      tsx: pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href,
    },
  });
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
 * Calls `name(data)` of the renderer module at `module` (a file URL, e.g.
 * `new URL('./x-pdf.ts', import.meta.url).href`) in the worker thread. `data` must survive
 * structured cloning (plain objects, arrays, Maps, Dates).
 */
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

export function renderOffThread(module: string, name: string, data: unknown): Promise<Buffer> {
  const id = nextId++;
  const target = getWorker();
  return new Promise<Buffer>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    // keep the process alive while a PDF is owed to someone
    target.ref();
    target.postMessage({ id, module, name, data });
  });
}
