import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Stopping `weiyi serve` (SIGTERM) answers every request the server has received, then closes
// the connection. The fault test sees this under load; here the stop begins at
// one exact moment: an answer has just been ended while the client's next request already waits
// behind it on the same keep-alive connection.

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Sends `raw` on one connection and collects everything the server says until it closes the connection. */
function exchange(raw: string): Promise<{ text: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let error: string | null = null;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    socket.on('close', () => resolve({ text, error }));
    socket.write(raw);
  });
}

describe('a graceful stop', () => {
  it('answers a request that waited behind an answer being ended when the stop began', async () => {
    let stop: Promise<void> | null = null;
    const onRequest = (req: { url?: string }, res: ServerResponse) => {
      // Once the first answer is ended, and before Node lets go of its connection, stop.
      if (req.url === '/healthz?first') res.once('prefinish', () => (stop = t.app.stopGracefully(10_000)));
    };
    t.app.server.on('request', onRequest);
    const request = (url: string) => `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
    // Both requests in one write: the second is received while the first is being answered.
    // `exchange` returns when the server has closed the connection after its answers.
    const { text, error } = await exchange(request('/healthz?first') + request('/healthz?second'));
    await stop;

    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(error).toBeNull();
    expect(statuses).toEqual([200, 200]);
    expect(t.app.server.listening).toBe(false);
  });
});
