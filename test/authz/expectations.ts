import type { Role } from '../../src/platform/context.ts';

/**
 * Who may call each route: the expected answer of every cell of the authorisation matrix
 * (test/api/authz-matrix.test.ts). Every route in the OpenAPI document needs a row here, so a
 * new route fails the matrix until someone decides who may call it.
 *
 * - `public`: anyone, signed in or not, any community → 2xx.
 * - `signedIn`: any signed-in person → 2xx; anonymous → 401.
 * - `member`: any member of the community, whatever their roles → 2xx; anonymous → 401;
 *   a non-member (including a member of another community) → 404.
 * - a list of roles (and/or `platformAdmin`): those → 2xx (or a 409/422 of the domain, which
 *   proves the caller got past the check); anonymous → 401; a non-member → 404; a member
 *   without one of the roles → 403; a platform admin who is not a member → 404 unless listed.
 * - `ownerScoped`: the object also belongs to someone (an order's buyer, a maker's own figures);
 *   a member who has none of the roles and is not its owner gets 404 ("not found or not yours").
 *   The matrix's orders belong to a helper resident; the matrix's maker is the maker whose
 *   figures and listings the samples use, so `maker` is listed where the owner may call.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'member' }
  | { kind: 'roles'; roles: readonly Role[]; platformAdmin?: boolean; ownerScoped?: boolean }
  | { kind: 'platformAdmin' };

const publicRoute: Access = { kind: 'public' };
const signedIn: Access = { kind: 'signedIn' };
const member: Access = { kind: 'member' };
const roles = (...list: Role[]): Access => ({ kind: 'roles', roles: list });
const rolesOrOwner = (...list: Role[]): Access => ({ kind: 'roles', roles: list, ownerScoped: true });
const market = '/api/v1/communities/{slug}/market';

export const EXPECTATIONS: Record<string, Access> = {
  // --- files
  'POST /api/v1/communities/{slug}/files': member,
  'GET /files/{sha256}': publicRoute,
  'GET /files/{sha256}/thumb': publicRoute,

  // --- communities
  'GET /api/v1/communities': publicRoute,
  'POST /api/v1/communities': { kind: 'platformAdmin' },
  'GET /api/v1/communities/{slug}': publicRoute,
  'PATCH /api/v1/communities/{slug}/settings': { kind: 'roles', roles: ['staff'], platformAdmin: true },

  // --- identity
  'POST /api/v1/auth/register': publicRoute,
  'POST /api/v1/auth/login': publicRoute,
  'POST /api/v1/auth/codes': publicRoute,
  'POST /api/v1/auth/login/code': publicRoute,
  'POST /api/v1/auth/password/reset': publicRoute,
  'POST /api/v1/auth/password': signedIn,
  'POST /api/v1/auth/logout': publicRoute,
  'GET /api/v1/me': publicRoute,
  'PATCH /api/v1/me': signedIn,
  'POST /api/v1/communities/{slug}/join': signedIn,
  'GET /api/v1/communities/{slug}/members': roles('staff'),
  'PUT /api/v1/communities/{slug}/members/{userId}/roles/{role}': roles('staff'),
  'DELETE /api/v1/communities/{slug}/members/{userId}/roles/{role}': roles('staff'),
  'POST /api/v1/communities/{slug}/residents': roles('staff'),
  'PUT /api/v1/communities/{slug}/members/{userId}/proxy-consent': roles('staff'),
  'DELETE /api/v1/communities/{slug}/members/{userId}/proxy-consent': roles('staff'),
  'GET /api/v1/communities/{slug}/audit': roles('staff', 'supervisor'),

  // --- ledger (the fund): the book is public, the work is staff's and supervisors'
  'GET /api/v1/communities/{slug}/fund/summary': publicRoute,
  'GET /api/v1/communities/{slug}/fund/accounts': publicRoute,
  'GET /api/v1/communities/{slug}/fund/entries': publicRoute,
  'GET /api/v1/communities/{slug}/fund/entries/{seq}': publicRoute,
  'GET /api/v1/communities/{slug}/fund/sources/{type}/{id}': publicRoute,
  'GET /api/v1/communities/{slug}/fund/ledger.jsonl': publicRoute,
  'GET /api/v1/communities/{slug}/fund/disclosures/{file}': publicRoute,
  'POST /api/v1/communities/{slug}/fund/income': roles('staff'),
  'POST /api/v1/communities/{slug}/fund/entries/{seq}/reverse': roles('staff'),
  'POST /api/v1/communities/{slug}/fund/accounts': roles('staff'),
  'GET /api/v1/communities/{slug}/fund/expenses': roles('staff', 'supervisor'),
  'GET /api/v1/communities/{slug}/fund/expenses/{id}': roles('staff', 'supervisor'),
  'POST /api/v1/communities/{slug}/fund/expenses': roles('staff'),
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/approve': roles('supervisor'),
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/reject': roles('supervisor'),
  'POST /api/v1/communities/{slug}/fund/expenses/{id}/pay': roles('staff'),

  // --- market (微益+): the shop window is public; makers work on their own listings
  [`GET ${market}/categories`]: publicRoute,
  [`GET ${market}/listings`]: publicRoute,
  [`GET ${market}/listings/{listingId}`]: publicRoute,
  [`POST ${market}/makers/apply`]: member,
  [`POST ${market}/makers`]: roles('staff'),
  [`GET ${market}/makers`]: roles('staff', 'clerk'),
  [`GET ${market}/makers/me`]: member,
  [`POST ${market}/makers/{makerId}/decision`]: roles('staff'),
  [`GET ${market}/makers/{makerId}/summary`]: rolesOrOwner('staff', 'maker'),
  [`GET ${market}/makers/{makerId}/statement`]: rolesOrOwner('staff', 'maker'),
  [`POST ${market}/makers/{makerId}/payouts`]: roles('staff'),
  [`GET ${market}/makers/{makerId}/payouts`]: rolesOrOwner('staff', 'maker'),
  [`GET ${market}/manage/listings`]: roles('staff', 'clerk', 'maker'),
  [`POST ${market}/listings`]: roles('maker', 'staff'),
  [`PATCH ${market}/listings/{listingId}`]: roles('maker', 'staff'),
  [`POST ${market}/listings/{listingId}/state`]: roles('maker', 'staff'),
  [`POST ${market}/listings/{listingId}/review`]: roles('staff'),
  [`POST ${market}/listings/{listingId}/intake`]: roles('staff', 'clerk'),
  [`POST ${market}/listings/{listingId}/returns`]: roles('staff', 'clerk'),
  [`GET ${market}/listings/{listingId}/movements`]: roles('staff', 'clerk', 'maker'),
  [`POST ${market}/listings/{listingId}/slots`]: roles('maker', 'staff'),
  [`POST ${market}/orders`]: member,
  [`GET ${market}/orders`]: member,
  [`GET ${market}/orders/{orderId}`]: rolesOrOwner('clerk', 'staff'),
  [`GET ${market}/orders/{orderId}/receipt`]: rolesOrOwner('clerk', 'staff'),
  [`POST ${market}/orders/{orderId}/payments`]: rolesOrOwner('clerk', 'staff'),
  [`POST ${market}/orders/{orderId}/cancel`]: rolesOrOwner('clerk', 'staff'),
  [`POST ${market}/orders/{orderId}/ready`]: roles('clerk', 'staff'),
  [`POST ${market}/orders/{orderId}/refunds`]: roles('clerk', 'staff'),
  [`GET ${market}/counter/search`]: roles('clerk', 'staff'),
  [`POST ${market}/counter/sales`]: roles('clerk', 'staff'),
  [`POST ${market}/counter/orders/{orderId}/collect`]: roles('clerk', 'staff'),
  [`GET ${market}/cash-ups/current`]: roles('clerk', 'staff'),
  [`POST ${market}/cash-ups`]: roles('clerk', 'staff'),
  [`POST ${market}/cash-ups/{cashUpId}/countersign`]: roles('staff'),
  [`GET ${market}/shop/workers`]: roles('staff', 'clerk'),
  [`POST ${market}/shop/workers`]: roles('staff'),
  [`GET ${market}/shop/shifts`]: roles('staff', 'clerk'),
  [`POST ${market}/shop/shifts`]: roles('staff'),
  [`POST ${market}/shop/wages`]: roles('staff'),
};
