import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTATIONS, type Access } from '../authz/expectations.ts';
import { SAMPLES } from '../authz/samples.ts';
import { call, CALLERS, callerOf, key, makeSide, person, stockMarket, type Caller, type CallerKind, type Side } from '../authz/world.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Every route in the OpenAPI document × every role × (own community, another community), against
// the table in test/authz/expectations.ts. See docs/security.md.

type Expected = 'ok' | 401 | 403 | 404;
type Column = 'own' | 'other';

function expectedCell(access: Access, caller: CallerKind, column: Column): Expected {
  if (access.kind === 'public') return 'ok';
  if (caller === 'anonymous') return 401;
  if (access.kind === 'signedIn') return 'ok';
  if (access.kind === 'platformAdmin') return caller === 'platformAdmin' ? 'ok' : 403;
  if (caller === 'platformAdmin') return access.kind === 'roles' && access.platformAdmin ? 'ok' : 404;
  if (column === 'other') return 404;
  if (access.kind === 'member') return 'ok';
  if (access.roles.includes(caller)) return 'ok';
  return access.ownerScoped ? 404 : 403;
}

/** 2xx, or a conflict or rule of the domain (409, 422): the caller got past authorisation. */
function observedCell(status: number): Expected | number {
  return (status >= 200 && status < 300) || status === 409 || status === 422 ? 'ok' : status;
}

let t: TestApp;
let own: Side;
let other: Side;
const callers = new Map<CallerKind, Caller>();
let routes: { method: string; path: string; key: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  own = await makeSide(t, 'matrix-own');
  other = await makeSide(t, 'matrix-other');
  for (const kind of CALLERS) callers.set(kind, await callerOf(t, kind, own));
  await stockMarket(t, own, callers.get('maker')!.userId!);
  await stockMarket(t, other, (await person(t, { community: other, roles: ['maker'] })).userId!);
  const doc = (await call(t, null, { method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
  );
}, 120_000);
afterAll(() => t.close());

describe('the authorisation matrix', () => {
  it('classifies every route in the OpenAPI document, and every row names a real route', () => {
    expect(routes.length).toBeGreaterThan(20);
    const keys = new Set(routes.map((r) => r.key));
    expect(
      routes.filter((r) => !EXPECTATIONS[r.key]).map((r) => r.key),
      'routes with no row in test/authz/expectations.ts',
    ).toEqual([]);
    expect(
      routes.filter((r) => !SAMPLES[r.key]).map((r) => r.key),
      'routes with no sample in test/authz/samples.ts',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTATIONS).filter((k) => !keys.has(k)),
      'rows for routes that no longer exist',
    ).toEqual([]);
  });

  it('answers every cell as the table says', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    const skipped = new Set<string>();
    for (const route of routes) {
      const access = EXPECTATIONS[route.key];
      const sample = SAMPLES[route.key];
      if (!access || !sample) continue;
      const scoped = route.path.includes('{slug}');
      for (const column of scoped ? (['own', 'other'] as const) : (['own'] as const)) {
        const side = column === 'own' ? own : other;
        // Callers allowed by the table go first: a check that ran after a state check would
        // then show up as a 409 where a 403 belongs.
        const ordered = [...CALLERS].sort((a, b) => Number(expectedCell(access, b, column) === 'ok') - Number(expectedCell(access, a, column) === 'ok'));
        for (const kind of ordered) {
          const caller = sample.freshCaller ? await callerOf(t, kind, own) : callers.get(kind)!;
          await sample.before?.(side, t);
          const params: Record<string, string | number> = { slug: side.slug, ...sample.params?.(side) };
          const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name]))) + (sample.query ?? '');
          const raw = sample.raw ? await sample.raw() : undefined;
          const res = await call(t, caller, {
            method: route.method,
            url,
            ...(sample.body ? { body: sample.body(side, t, kind) } : {}),
            ...(raw ? { raw } : {}),
            headers: sample.idempotent ? { 'idempotency-key': key() } : {},
          });
          cells += 1;
          const expected = expectedCell(access, kind, column);
          const notLanded = sample.notLandedYet && res.status === 404 && (res.json() as { code?: string }).code === 'ROUTE_NOT_FOUND';
          if (notLanded) skipped.add(`${route.key} (${sample.notLandedYet})`);
          const alsoAllowed = expected === 'ok' && sample.alsoAllowed?.includes(res.status);
          const observed = notLanded || alsoAllowed ? expected : observedCell(res.status);
          if (observed !== expected) mismatches.push(`${route.key} · ${kind} · ${column}: expected ${expected}, got ${res.status} ${res.body.slice(0, 160)}`);
          else if (expected !== 'ok' && !(res.type.startsWith('application/problem+json') && (res.json() as { code?: string }).code)) {
            mismatches.push(`${route.key} · ${kind} · ${column}: ${res.status} is not problem+json`);
          }
        }
      }
    }
    console.log(`authorisation matrix: ${routes.length} routes, ${cells} cells, ${mismatches.length} mismatches`);
    for (const route of skipped) console.log(`not landed yet, not checked: ${route}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
