import http from 'node:http';

/** A keep-alive HTTP client that keeps cookies and sends the CSRF header, like the web app does. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string) {}

  async request(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark client reads ad-hoc answer shapes; the API's own tests check them
  ): Promise<{ status: number; text: string; json: () => any }> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('weiyi_csrf') ?? '';
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: this.agent }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          const name = pair!.slice(0, eq);
          const value = pair!.slice(eq + 1);
          if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
          else this.cookies.set(name, value);
        }
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** GET that throws unless 2xx; returns the body's byte length. */
  async getOk(path: string): Promise<number> {
    const res = await this.request('GET', path);
    if (res.status < 200 || res.status > 299) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 200)}`);
    return res.text.length;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  async postOk(path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
    const res = await this.request('POST', path, { body, headers });
    if (res.status < 200 || res.status > 299) throw new Error(`POST ${path} → ${res.status} ${res.text.slice(0, 300)}`);
    return res.text ? res.json() : null;
  }

  close() {
    this.agent.destroy();
  }
}
