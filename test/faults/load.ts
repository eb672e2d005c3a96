import { HttpClient, INTERNALS, sleep, newKey, type AppProcess } from './support.ts';

export interface SaleFigures {
  attempted: number;
  acknowledged: number;
  retries: number;
  /** Answers by status while faults were injected (network errors under 0). */
  statuses: Record<string, number>;
  /** 5xx other than 503, bodies with internals, 503 without Retry-After, unexpected 4xx. */
  bad: string[];
}

/** One answer (or network failure) the load saw: when the request began and ended, in ms since the epoch. */
export interface Answer {
  status: number | 'network';
  /** For network failures: the error code (ECONNREFUSED, UND_ERR_SOCKET, …). */
  error?: string;
  retryAfter: string | null;
  startedAt: number;
  endedAt: number;
}

/**
 * Drives complete counter sales (place + pay, one request) at a steady rate. A sale keeps its
 * Idempotency-Key across retries until it is acknowledged, as a till would.
 */
export class SaleLoad {
  readonly acked = new Map<string, number>();
  readonly figures: SaleFigures = { attempted: 0, acknowledged: 0, retries: 0, statuses: {}, bad: [] };
  private running = true;
  private readonly workers: Promise<void>[] = [];

  constructor(
    private readonly clerk: HttpClient,
    private readonly slug: string,
    private readonly listingId: number,
    private readonly options: { workers: number; intervalMs: number; observe?: (answer: Answer) => void },
  ) {}

  start() {
    for (let i = 0; i < this.options.workers; i++) this.workers.push(this.work());
  }

  /** Stops taking new sales; resolves when every sale begun has been acknowledged. */
  async stop() {
    this.running = false;
    await Promise.all(this.workers);
  }

  private count(status: number | string) {
    this.figures.statuses[status] = (this.figures.statuses[status] ?? 0) + 1;
  }

  private async work() {
    while (this.running) {
      const key = newKey('sale');
      this.figures.attempted += 1;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          this.figures.retries += 1;
          await sleep(Math.min(1000, 50 * attempt));
        }
        if (attempt > 600) throw new Error(`sale ${key} never acknowledged`);
        let res: Awaited<ReturnType<HttpClient['request']>>;
        const startedAt = Date.now();
        try {
          res = await this.clerk.request('POST', `/api/v1/communities/${this.slug}/market/counter/sales`, {
            key,
            body: { items: [{ listingId: this.listingId, quantity: 1 }], payment: { method: 'cash' } },
          });
        } catch (error) {
          this.count('network');
          const cause = (error as { cause?: { code?: unknown } }).cause;
          this.options.observe?.({
            status: 'network',
            error: String(cause?.code ?? (error as Error).name),
            retryAfter: null,
            startedAt,
            endedAt: Date.now(),
          });
          continue;
        }
        this.count(res.status);
        this.options.observe?.({ status: res.status, retryAfter: res.headers.get('retry-after'), startedAt, endedAt: Date.now() });
        if (INTERNALS.test(res.text)) this.figures.bad.push(`${res.status} with internals: ${res.text.slice(0, 200)}`);
        if (res.status === 201 || res.status === 200) {
          const id = (res.json() as { order: { id: number } }).order.id;
          this.acked.set(key, id);
          this.figures.acknowledged += 1;
          break;
        }
        if (res.status === 503) {
          if (!res.headers.get('retry-after')) this.figures.bad.push('503 without Retry-After');
          continue;
        }
        if (res.status === 409) continue; // the same key still in flight after a restart
        this.figures.bad.push(`${res.status}: ${res.text.slice(0, 200)}`);
        if (res.status < 500) break;
      }
      await sleep(this.options.intervalMs);
    }
  }
}

/** Logs in the demo clerk and staff, tops up a listing's stock, and returns what the load needs. */
export async function prepareShop(app: AppProcess, slug = 'nanhu') {
  const clerk = new HttpClient(app);
  const staff = new HttpClient(app);
  await clerk.login('13800000004');
  await staff.login('13800000001');
  const listings = (await clerk.request('GET', `/api/v1/communities/${slug}/market/listings?limit=100`)).json() as {
    listings: { id: number; kind: string; stock: number | null }[];
  };
  const listing = listings.listings.find((l) => l.kind === 'good' && l.stock !== null);
  if (!listing) throw new Error('no good on sale in the seeded shop');
  const intake = await staff.request('POST', `/api/v1/communities/${slug}/market/listings/${listing.id}/intake`, {
    key: newKey('intake'),
    body: { quantity: 10_000 },
  });
  if (intake.status >= 300) throw new Error(`intake: ${intake.status} ${intake.text}`);
  return { clerk, staff, listingId: listing.id };
}
