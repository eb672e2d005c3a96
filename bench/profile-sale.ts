// Profiling aid: `node --cpu-prof --cpu-prof-dir=bench/.work/prof --import tsx bench/profile-sale.ts [seconds] [callers] [hot|spread] [market|composed] [server|pglite]`
// runs only the in-process sale load on a fresh database, so a CPU profile shows where a sale's time goes.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import '../src/modules/ledger/index.ts';
import { openRuntime, recreateDatabase } from './lib/db.ts';
import { saleLoad, setUpLedger } from './ledger-limit.ts';
import { loadMarketCounterSale } from './lib/sale.ts';

// With PROFILE_SQL=1, every statement's round-trip time is summed by its text.
const timings = new Map<string, { n: number; ms: number }>();
if (process.env.PROFILE_SQL) {
  /* eslint-disable @typescript-eslint/no-explicit-any -- wraps pg's overloaded query() to time each statement */
  const original = pg.Client.prototype.query as (...args: any[]) => any;
  (pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result && typeof result.then === 'function')
      return result.then((r: unknown) => {
        const t = timings.get(text) ?? { n: 0, ms: 0 };
        t.n += 1;
        t.ms += performance.now() - t0;
        timings.set(text, t);
        return r;
      });
    return result;
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
const [seconds = '8', callers = '8', hot = '', via = 'market', database = 'server'] = process.argv.slice(2);
const dataDir = path.join('bench', '.work', 'prof');
if (database === 'pglite') fs.rmSync(dataDir, { recursive: true, force: true });
const url = database === 'pglite' ? undefined : await recreateDatabase('weiyi_bench_prof');
const runtime = await openRuntime({ url, dataDir, poolSize: 32 });
const { shops } = await setUpLedger(runtime.deps, database === 'pglite' ? 8 : 100);
const result = await saleLoad(runtime.deps, shops, {
  callers: Number(callers),
  seconds: Number(seconds),
  hot: hot === 'hot',
  chain: 'on',
  viaMarket: via === 'market' && (await loadMarketCounterSale()) !== null,
});
console.log(JSON.stringify(result));
for (const [text, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
  console.log(`${(t.ms / t.n).toFixed(2).padStart(7)} ms × ${String(t.n).padStart(6)}  ${text.replace(/\s+/g, ' ').slice(0, 150)}`);
await runtime.close();
