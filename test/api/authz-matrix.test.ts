import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessDoc } from '../../src/platform/access.ts';
import { SAMPLES } from '../authz/samples.ts';
import { call, callerOf, callersOf, key, makeSide, person, stockMarket, type Caller, type CallerKind, type Side } from '../authz/world.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Every route in the OpenAPI document × every kind of caller (anonymous, each installed role, a
// platform admin) × (own community, another community), against the access the route declares
// (`x-access`, from its `access` in the module). A route written today is in the matrix today. See
// docs/security.md.

type Expected = 'ok' | 401 | 403 | 404;
type Column = 'own' | 'other';

function expectedCell(access: AccessDoc, caller: CallerKind, column: Column): Expected {
  if (access.kind === 'public') return 'ok';
  if (caller === 'anonymous') return 401;
  if (access.kind === 'signedIn') return 'ok';
  if (access.kind === 'platformAdmin') return caller === 'platformAdmin' ? 'ok' : 403;
  if (caller === 'platformAdmin') return access.kind === 'roles' && access.platformAdmin ? 'ok' : 404;
  if (column === 'other') return 404;
  if (access.kind === 'member') return 'ok';
  if (access.roles.includes(caller)) return 'ok';
  // The matrix's objects belong to helper accounts, so an owner-scoped route says "not found or not yours".
  return access.orOwner ? 404 : 403;
}

/**
 * 2xx, or a conflict or rule of the domain (409, 422): the caller got past authorisation. A route
 * with no sample yet gets an empty request and ids of 1: a 400 VALIDATION_FAILED, or a 404 for an
 * object other than the community ("No such address"), then also shows the caller was let
 * through, since access is checked before validation and the community before the handler.
 */
function observedCell(status: number, problem: { code?: string; message?: string } | undefined, hasSample: boolean): Expected | number {
  if ((status >= 200 && status < 300) || status === 409 || status === 422) return 'ok';
  if (!hasSample && status === 400 && problem?.code === 'VALIDATION_FAILED') return 'ok';
  if (!hasSample && status === 404 && problem?.code === 'NOT_FOUND' && problem.message !== 'No such community') return 'ok';
  return status;
}

interface Route {
  method: string;
  path: string;
  key: string;
  access: AccessDoc;
}

let t: TestApp;
let own: Side;
let other: Side;
let kinds: CallerKind[] = [];
const callers = new Map<CallerKind, Caller>();
let routes: Route[] = [];

beforeAll(async () => {
  t = await createTestApp();
  kinds = callersOf(t);
  own = await makeSide(t, 'matrix-own');
  other = await makeSide(t, 'matrix-other');
  for (const kind of kinds) callers.set(kind, await callerOf(t, kind, own));
  await stockMarket(t, own, callers.get('maker')!.userId!);
  await stockMarket(t, other, (await person(t, { community: other, roles: ['maker'] })).userId!);
  const doc = (await call(t, null, { method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { 'x-access'?: AccessDoc }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}`, access: op['x-access']! })),
  );
}, 120_000);
afterAll(() => t.close());

describe('the authorisation matrix', () => {
  it('reads a declared access for every route in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(
      routes.filter((r) => !r.access).map((r) => r.key),
      'routes without x-access',
    ).toEqual([]);
    expect(
      Object.keys(SAMPLES).filter((k) => !routes.some((r) => r.key === k)),
      'samples for routes that no longer exist',
    ).toEqual([]);
  });

  it('opens nothing that changes state to everyone but signing in, and nothing that moves money to a mere member', () => {
    const changes = routes.filter((r) => r.method !== 'GET');
    // Registering, logging in and out, and asking for a code are what an anonymous caller may change.
    const openByDesign = [
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/codes',
      'POST /api/v1/auth/login/code',
      'POST /api/v1/auth/password/reset',
      'POST /api/v1/auth/logout',
    ];
    expect(changes.filter((r) => r.access.kind === 'public' && !openByDesign.includes(r.key)).map((r) => r.key)).toEqual([]);
    // Routes that take an Idempotency-Key move money, stock, places or hours: only roles, or the
    // owner of the object (a buyer paying or cancelling their own order), may call them; placing
    // an order is the one a member may make.
    const moving = changes.filter((r) => SAMPLES[r.key]?.idempotent);
    expect(moving.length).toBeGreaterThan(5);
    expect(moving.filter((r) => r.access.kind !== 'roles' && r.key !== 'POST /api/v1/communities/{slug}/market/orders').map((r) => r.key)).toEqual([]);
  });

  it('answers every cell as the route declares', async () => {
    const mismatches: string[] = [];
    const unsampled = new Set<string>();
    let cells = 0;
    for (const route of routes) {
      const sample = SAMPLES[route.key] ?? {};
      if (!SAMPLES[route.key]) unsampled.add(route.key);
      const scoped = route.path.includes('{slug}');
      for (const column of scoped ? (['own', 'other'] as const) : (['own'] as const)) {
        const side = column === 'own' ? own : other;
        // Callers allowed by the declaration go first: a check that ran after a state check would
        // then show up as a 409 where a 403 belongs.
        const ordered = [...kinds].sort(
          (a, b) => Number(expectedCell(route.access, b, column) === 'ok') - Number(expectedCell(route.access, a, column) === 'ok'),
        );
        for (const kind of ordered) {
          const caller = sample.freshCaller ? await callerOf(t, kind, own) : callers.get(kind)!;
          await sample.before?.(side, t, caller);
          const params: Record<string, string | number> = { slug: side.slug, ...sample.params?.(side) };
          const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? 1))) + (sample.query ?? '');
          const raw = sample.raw ? await sample.raw() : undefined;
          const res = await call(t, caller, {
            method: route.method,
            url,
            ...(sample.body ? { body: sample.body(side, t, kind) } : {}),
            ...(raw ? { raw } : {}),
            // answers in English, so that "No such community" is told apart from another object's 404
            headers: { 'accept-language': 'en', ...(sample.idempotent ? { 'idempotency-key': key() } : {}) },
          });
          cells += 1;
          const expected = expectedCell(route.access, kind, column);
          const problem = res.type.startsWith('application/problem+json') ? (res.json() as { code?: string; message?: string }) : undefined;
          const observed = observedCell(res.status, problem, SAMPLES[route.key] !== undefined);
          if (observed !== expected) mismatches.push(`${route.key} · ${kind} · ${column}: expected ${expected}, got ${res.status} ${res.body.slice(0, 160)}`);
          else if (expected !== 'ok' && !problem?.code) mismatches.push(`${route.key} · ${kind} · ${column}: ${res.status} is not problem+json`);
        }
      }
    }
    // Another community's object under my own slug: an allowed caller names, in their own
    // community's address, an object of the other community (the ids in the path). Row-level
    // security and every query's community must make it not found: a 2xx, 409 or 422 would mean
    // the handler reached the other community's object.
    let foreign = 0;
    for (const route of routes) {
      const sample = SAMPLES[route.key];
      const ids = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => n === 'id' || n.endsWith('Id'));
      if (!sample?.params || !route.path.includes('{slug}') || ids.length === 0) continue;
      const kind = kinds.find((k) => expectedCell(route.access, k, 'own') === 'ok' && k !== 'platformAdmin');
      if (!kind) continue;
      const caller = sample.freshCaller ? await callerOf(t, kind, own) : callers.get(kind)!;
      await sample.before?.(other, t);
      await sample.before?.(own, t);
      const theirs = sample.params(other);
      const mine = sample.params(own);
      const params: Record<string, string | number> = { ...mine, slug: own.slug };
      for (const name of ids) params[name] = theirs[name]!;
      if (ids.every((name) => String(theirs[name]) === String(mine[name]))) continue; // the same number on both sides
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? 1))) + (sample.query ?? '');
      const raw = sample.raw ? await sample.raw() : undefined;
      const res = await call(t, caller, {
        method: route.method,
        url,
        ...(sample.body ? { body: sample.body(own, t, kind) } : {}),
        ...(raw ? { raw } : {}),
        headers: { 'accept-language': 'en', ...(sample.idempotent ? { 'idempotency-key': key() } : {}) },
      });
      cells += 1;
      foreign += 1;
      if (res.status !== 404)
        mismatches.push(
          `${route.key} · ${kind} · another community's ${ids.join(', ')} under my slug: expected 404, got ${res.status} ${res.body.slice(0, 160)}`,
        );
    }
    // Acting for someone who may not be acted for: staff send X-Act-For naming a clerk, a
    // supervisor or another staff member whose consent was recorded before they took the role
    // (written straight into the table, as an older install could hold it). Every route of the
    // community refuses the request, whatever it is.
    let unactable = 0;
    const staffCaller = callers.get('staff')!;
    const unactableRoles = ['clerk', 'supervisor', 'staff'] as const;
    const helpers: number[] = [];
    for (const role of unactableRoles) {
      const p = await person(t, { community: own, roles: [role] });
      await t.handle.asOwner((o) =>
        o.query(
          `insert into consents (community_id, person_id, purpose, given_by, method, note, recorded_by, active_from) values ($1, $2, 'act_for', $2, 'code', '旧的授权书', $3, now())`,
          [own.id, p.userId, staffCaller.userId],
        ),
      );
      helpers.push(p.userId!);
    }
    for (const route of routes.filter((r) => r.path.includes('{slug}'))) {
      const sample = SAMPLES[route.key] ?? {};
      const which = unactable % helpers.length;
      await sample.before?.(own, t);
      const params: Record<string, string | number> = { slug: own.slug, ...sample.params?.(own) };
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? 1))) + (sample.query ?? '');
      const raw = sample.raw ? await sample.raw() : undefined;
      const res = await call(t, staffCaller, {
        method: route.method,
        url,
        ...(sample.body ? { body: sample.body(own, t, 'staff') } : {}),
        ...(raw ? { raw } : {}),
        headers: { 'accept-language': 'en', 'x-act-for': String(helpers[which]), ...(sample.idempotent ? { 'idempotency-key': key() } : {}) },
      });
      cells += 1;
      unactable += 1;
      const code = res.type.startsWith('application/problem+json') ? (res.json() as { code?: string }).code : undefined;
      if (res.status !== 403 || code !== 'NOT_ACTABLE')
        mismatches.push(`${route.key} · staff acting for a ${unactableRoles[which]}: expected 403 NOT_ACTABLE, got ${res.status} ${res.body.slice(0, 160)}`);
    }
    console.log(
      `authorisation matrix: ${routes.length} routes, ${cells} cells (${foreign} with another community's ids under my slug, ${unactable} acting for someone who may not be acted for), ${mismatches.length} mismatches, ${unsampled.size} routes without a sample`,
    );
    for (const route of unsampled) console.log(`no sample (allowed callers checked up to validation): ${route}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
