/**
 * The roles whose holders nobody acts for (the server's UNACTABLE_ROLES, src/platform/tenancy.ts):
 * they check or handle the community's work, so staff never act for them (代办).
 */
const UNACTABLE: ReadonlySet<string> = new Set(['staff', 'supervisor', 'clerk']);

export function isActable(roles: readonly string[]): boolean {
  return !roles.some((r) => UNACTABLE.has(r));
}
