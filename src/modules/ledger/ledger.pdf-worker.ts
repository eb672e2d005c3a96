// Renders 公示 PDFs in a worker thread: a month of 10,000 entries takes seconds of CPU, which on
// the request thread would stall every other request of the server meanwhile.
import { renderOffThread } from '../../platform/pdf.ts';
import type { DisclosureData } from './ledger.disclosure.ts';

const RENDERER = new URL('./ledger.disclosure-pdf.ts', import.meta.url).href;

/** renderPdf in the worker thread; the request thread stays free meanwhile. */
export function renderPdfOffThread(data: DisclosureData): Promise<Buffer> {
  return renderOffThread(RENDERER, 'renderPdf', data);
}
