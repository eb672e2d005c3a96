import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoute, verifyLedger, type FuzzRoute } from '../authz/fuzz.ts';
import { SAMPLES } from '../authz/samples.ts';
import { call, makeSide, person, stockMarket, type Caller, type Side } from '../authz/world.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Every route in the OpenAPI document gets FUZZ_RUNS generated bad or edge-case requests
// (200 in the API suite so it stays short on PGlite; `npm run soak` sends 1,000; fixed seed FUZZ_SEED, default 20261122): zero 5xx, every 4xx a problem+json
// with code, message and requestId and no internals; afterwards the fund's book verifies.

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

let t: TestApp;
let own: Side;
let other: Side;
let routes: FuzzRoute[] = [];
let callers: Caller[] = [];
const totals = { cases: 0, routes: 0, statuses: new Map<number, number>() };

beforeAll(async () => {
  t = await createTestApp();
  own = await makeSide(t, 'fuzz-own');
  other = await makeSide(t, 'fuzz-other');
  // Mostly a caller who may do nearly everything, so that cases get past authorisation into the
  // handlers: every role but supervisor (nobody may be both staff and supervisor), and the
  // community's supervisor for the routes only supervisors may call.
  const all = await person(t, { community: own, roles: [...t.deps.roles.keys()].filter((r) => r !== 'supervisor'), platformAdmin: true });
  const resident = await person(t, { community: own, roles: ['resident'] });
  await stockMarket(t, own, all.userId!);
  await stockMarket(t, other, (await person(t, { community: other, roles: ['maker'] })).userId!);
  callers = [all, all, all, own.supervisor, { kind: 'anonymous', session: null, userId: null }, resident, other.staff];
  const doc = (await call(t, null, { method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
  );
}, 120_000);
afterAll(async () => {
  console.log(
    `fuzz: ${totals.routes} routes, ${totals.cases} cases (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries([...totals.statuses].sort((a, b) => a[0] - b[0])))}`,
  );
  await t.close();
});

describe('fuzzing every route', () => {
  it(`sends ${RUNS} bad or edge-case requests to every route without a 5xx or a leak`, async () => {
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const [i, route] of routes.entries()) {
      // Routes that end the caller's session get a caller of their own.
      const routeCallers = SAMPLES[route.key]?.freshCaller
        ? [await person(t, { community: own, roles: ['staff', 'resident'] }), { kind: 'anonymous' as const, session: null, userId: null }]
        : callers;
      const result = await fuzzRoute(t, route, { side: own, callers: routeCallers, runs: RUNS, seed: SEED + i });
      totals.routes += 1;
      totals.cases += result.sent;
      for (const [status, n] of result.statuses) totals.statuses.set(status, (totals.statuses.get(status) ?? 0) + n);
      expect(result.sent, route.key).toBeGreaterThanOrEqual(RUNS * 0.95);
      failures.push(...result.failures);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('leaves the invariants standing: both books verify, no stock below zero', async () => {
    for (const side of [own, other]) {
      const book = await verifyLedger(t, side.slug);
      expect(book, side.slug).toMatchObject({ ok: true });
    }
    const stock = await t.handle.asOwner((o) => o.query<{ negative: number }>(`select count(*)::int as negative from market_listings where stock < 0`));
    expect(stock[0]!.negative).toBe(0);
  });
});
