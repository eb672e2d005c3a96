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
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'member' }
  | { kind: 'roles'; roles: readonly Role[]; platformAdmin?: boolean }
  | { kind: 'platformAdmin' };

const publicRoute: Access = { kind: 'public' };
const signedIn: Access = { kind: 'signedIn' };
const member: Access = { kind: 'member' };
const roles = (...list: Role[]): Access => ({ kind: 'roles', roles: list });

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
};
