import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity, postMakerSale } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Answers reach phones compressed when the browser accepts it, and unchanged once decoded.

let t: TestApp;
const FUND = '/api/v1/communities/east/fund';

beforeAll(async () => {
  t = await createTestApp();
  const east = await makeCommunity(t, 'east');
  for (let i = 0; i < 12; i++) await postMakerSale(t, east.id, { key: i % 3, name: { zh: `手艺人 ${i % 3}`, en: `Maker ${i % 3}` } });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

function decoded(res: Awaited<ReturnType<typeof get>>): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(res.rawPayload).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(res.rawPayload).toString('utf8');
  expect(encoding).toBeUndefined();
  return res.body;
}

describe('compressed answers', () => {
  it('send a kept fund page as brotli or gzip, as the browser asks, the same JSON once decoded', async () => {
    const plain = await get(`${FUND}/entries`);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);

    const br = await get(`${FUND}/entries`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(plain.body.length / 3);
    expect(decoded(br)).toBe(plain.body);

    const gzip = await get(`${FUND}/entries`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(plain.body);
  });

  it('tag each encoding as its own answer, and a reader holding any of them gets 304', async () => {
    const plain = await get(`${FUND}/entries`);
    const br = await get(`${FUND}/entries`, { 'accept-encoding': 'br' });
    const gzip = await get(`${FUND}/entries`, { 'accept-encoding': 'gzip' });
    const tags = [plain, br, gzip].map((r) => String(r.headers.etag));
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) {
      const again = await get(`${FUND}/entries`, { 'accept-encoding': 'br', 'if-none-match': tag });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    }
  });

  it('compress any JSON answer the route makes itself, and the book export as it streams', async () => {
    const plain = await get('/openapi.json');
    const br = await get('/openapi.json', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(br))).toEqual(JSON.parse(plain.body));

    const exportPlain = await get(`${FUND}/ledger.jsonl`);
    const exportGzip = await get(`${FUND}/ledger.jsonl`, { 'accept-encoding': 'gzip' });
    expect(exportGzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(exportGzip)).toBe(exportPlain.body);
    expect(exportPlain.body.split('\n').filter(Boolean)).toHaveLength(12);
  });

  it('leave small answers and PDFs as they are', async () => {
    const health = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();

    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const pdf = await get(`${FUND}/disclosures/${month}.pdf`, { 'accept-encoding': 'br, gzip' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.headers['content-encoding']).toBeUndefined();
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
