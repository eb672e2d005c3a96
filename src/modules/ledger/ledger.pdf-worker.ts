// Renders 公示 PDFs in a worker thread: a month of 10,000 entries takes seconds of CPU, which on
// the request thread would stall every other request of the server meanwhile.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DisclosureData } from './ledger.disclosure.ts';

// The worker loads the TypeScript renderer through tsx, as bin/weiyi.js does for the app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import(workerData.tsx);
  register();
  const { renderPdf } = await import(workerData.renderer);
  parentPort.on('message', async ({ id, data }) => {
    try {
      const pdf = await renderPdf(data);
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
      renderer: new URL('./ledger.disclosure-pdf.ts', import.meta.url).href,
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

/** renderPdf in the worker thread; the request thread stays free meanwhile. */
export function renderPdfOffThread(data: DisclosureData): Promise<Buffer> {
  const id = nextId++;
  const target = getWorker();
  return new Promise<Buffer>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    // keep the process alive while a PDF is owed to someone
    target.ref();
    target.postMessage({ id, data });
  });
}
