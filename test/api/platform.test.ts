import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { Client, multipart, type Problem } from '../support/client.ts';
import { makeCommunity, makePerson } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let nanhu: Awaited<ReturnType<typeof makeCommunity>>;

beforeAll(async () => {
  t = await createTestApp();
  nanhu = await makeCommunity(t, 'nanhu');
  await makeCommunity(t, 'other');
});
afterAll(() => t.close());

describe('the HTTP surface', () => {
  it('answers /healthz once it can serve', async () => {
    const res = await new Client(t.app).get<{ ok: boolean }>('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });

  it('documents every API route in /openapi.json and shows it at /docs', async () => {
    const doc = await new Client(t.app).get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(doc.body.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)));
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(apiRoutes.length).toBeGreaterThan(15);
    expect(apiRoutes.filter((r) => !documented.has(r))).toEqual([]);
    const docs = await new Client(t.app).get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('sends security headers', async () => {
    const res = await new Client(t.app).get('/api/v1/communities');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers an unknown API address with a problem+json 404', async () => {
    const res = await new Client(t.app).get<Problem>('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers an unexpected failure with a bare 500: no stack, no internals, a request id', async () => {
    const app = await buildApp(t.deps);
    app.get('/api/v1/test-only-boom', async () => {
      throw new Error('connection string postgres://secret@db and a stack');
    });
    await app.ready();
    const res = await new Client(app).get<Problem>('/api/v1/test-only-boom');
    await app.close();
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('INTERNAL');
    expect(res.body.requestId).toBeTruthy();
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toContain('at ');
  });

  it('answers an unknown community with 404', async () => {
    const res = await new Client(t.app).get<Problem>('/api/v1/communities/no-such-place');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('lists communities and opens one’s home page without a login', async () => {
    const list = await new Client(t.app).get<{ communities: { slug: string }[] }>('/api/v1/communities');
    expect(list.body.communities.map((c) => c.slug)).toEqual(['nanhu', 'other']);
    const home = await new Client(t.app).get<{ name: string; myRoles: string[] }>('/api/v1/communities/nanhu');
    expect(home.body).toMatchObject({ name: 'nanhu 社区', myRoles: [] });
  });

  it('lets only a platform admin create a community', async () => {
    const admin = await makePerson(t, { platformAdmin: true });
    const created = await admin.client.post<{ slug: string; settings: { defaultMarginPercent: number } }>('/api/v1/communities', {
      slug: 'huayuan',
      name: '花园社区',
      district: '渝中区',
      street: '解放碑街道',
    });
    expect(created.status).toBe(201);
    expect(created.body.settings.defaultMarginPercent).toBe(20);
    const dup = await admin.client.post<Problem>('/api/v1/communities', { slug: 'huayuan', name: '重复' });
    expect(dup.body.code).toBe('SLUG_TAKEN');
    const staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
    expect((await staff.client.post<Problem>('/api/v1/communities', { slug: 'sneaky', name: 'x' })).status).toBe(403);
  });
});

describe('uploads', () => {
  it('stores an image by content hash, makes a thumbnail, and serves both with long cache headers', async () => {
    const member = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    const res = await member.client.request<{ sha256: string; mime: string; width: number; url: string; thumbnailUrl: string }>(
      'POST',
      '/api/v1/communities/nanhu/files',
      multipart('scarf.jpg', png),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', width: 1200 });
    const original = await member.client.get(res.body.url);
    expect(original.status).toBe(200);
    expect(original.headers['cache-control']).toContain('immutable');
    const thumb = await t.app.inject({ method: 'GET', url: res.body.thumbnailUrl });
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.width).toBe(480);
  });

  it('checks the type from the bytes, not the name', async () => {
    const member = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const res = await member.client.request<Problem>(
      'POST',
      '/api/v1/communities/nanhu/files',
      multipart('receipt.png', Buffer.from('this is plain text, not an image')),
    );
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('FILE_TYPE_REFUSED');
  });

  it('refuses a file over 10 MB', async () => {
    const member = await makePerson(t, { community: nanhu, roles: ['resident'] });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
    const res = await member.client.request<Problem>('POST', '/api/v1/communities/nanhu/files', multipart('big.pdf', big));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
  });

  it('refuses anonymous uploads and uploads to a community one does not belong to', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect((await new Client(t.app).request('POST', '/api/v1/communities/nanhu/files', multipart('a.pdf', pdf))).status).toBe(401);
    const outsider = await makePerson(t);
    expect((await outsider.client.request('POST', '/api/v1/communities/nanhu/files', multipart('a.pdf', pdf))).status).toBe(404);
  });
});

describe('URLs the router cannot take apart', () => {
  it('answers bad percent-encoding and over-long parameters with problem+json', async () => {
    const bad = await new Client(t.app).get<Problem>('/api/v1/communities/%ED%A0%80');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const long = await new Client(t.app).get<Problem>(`/api/v1/communities/${'a'.repeat(150)}`);
    expect(long.status).toBe(414);
    expect(long.body.code).toBe('URI_TOO_LONG');
  });
});
