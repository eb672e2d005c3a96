import { api, query } from '../../api.ts';
import type {
  EnrolInput,
  HouseholdInput,
  HouseholdView,
  MyChildInput,
  PeopleQueryInput,
  PeopleView,
  PersonView,
  SensitiveInput,
  SensitiveView,
  UpdateMyProfileInput,
  UpdatePersonInput,
} from '../../../../src/modules/people/index.ts';

// The people API's client (the resident register, src/modules/people on the server), its answers
// typed by the server's schemas (type-only: nothing of the server is bundled).

export type Person = PersonView;
export type People = PeopleView;
export type Household = HouseholdView;
export type Sensitive = SensitiveView;
export type AgeBand = NonNullable<PersonView['ageBand']>;
export type Group = PersonView['groups'][number];
export type SensitiveTag = SensitiveView['tags'][number];
/** What a register entry may say about someone (birth year or age band, address, household, groups). */
export type Profile = UpdateMyProfileInput;

/** In the order forms offer them. */
export const AGE_BANDS = ['under_14', '14_17', '18_59', '60_79', '80_plus'] as const satisfies readonly AgeBand[];
export const GROUPS = ['children', 'youth', 'women', 'elderly'] as const satisfies readonly Group[];
export const SENSITIVE_TAGS = ['hardship', 'disabled', 'health'] as const satisfies readonly SensitiveTag[];

/**
 * Whether someone with this birth year or age band is a child under 14, as the server decides: a
 * year alone cannot tell 13 from 14, so the younger is assumed (people.service.ts, ageBandOf).
 */
export function isChild(p: { birthYear?: number | null | undefined; ageBand?: AgeBand | null | undefined }, now = new Date()): boolean {
  return (p.birthYear != null && now.getFullYear() - p.birthYear <= 14) || p.ageBand === 'under_14';
}

const community = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}`;

/** Staff's side: the register, its entries, households, codes to prove a number or a guardian's consent. */
export const register = {
  list: (slug: string, q: Partial<PeopleQueryInput>) => api.get<PeopleView>(`${community(slug)}/people${query(q)}`),
  get: (slug: string, userId: number) => api.get<PersonView>(`${community(slug)}/people/${userId}`),
  enrol: (slug: string, input: EnrolInput) => api.post<PersonView>(`${community(slug)}/people`, input),
  update: (slug: string, userId: number, input: UpdatePersonInput) => api.patch<PersonView>(`${community(slug)}/people/${userId}`, input),
  /** Texts the number the code that links it to the person at the desk; the same answer for every number. */
  sendPhoneCode: (slug: string, phone: string) => api.post(`${community(slug)}/people/phone-codes`, { phone }),
  /** Texts a guardian the code by which they consent to their child being registered. */
  sendGuardianCode: (slug: string, guardianId: number, childName: string) => api.post(`${community(slug)}/people/guardian-codes`, { guardianId, childName }),
  setPhone: (slug: string, userId: number, number: string, code: string) => api.put<PersonView>(`${community(slug)}/people/${userId}/phone`, { number, code }),
  /** Each read is written to the audit log. */
  readSensitive: (slug: string, userId: number) => api.get<SensitiveView>(`${community(slug)}/people/${userId}/sensitive`),
  setSensitive: (slug: string, userId: number, input: SensitiveInput) => api.put<SensitiveView>(`${community(slug)}/people/${userId}/sensitive`, input),
  createHousehold: (slug: string, input: HouseholdInput) => api.post<HouseholdView>(`${community(slug)}/households`, input),
  household: (slug: string, id: number) => api.get<HouseholdView>(`${community(slug)}/households/${id}`),
};

/** The resident's own entry, and registering their child. */
export const myEntry = {
  get: (slug: string) => api.get<PersonView | null>(`${community(slug)}/my/profile`),
  update: (slug: string, input: UpdateMyProfileInput) => api.patch<PersonView>(`${community(slug)}/my/profile`, input),
  addChild: (slug: string, input: MyChildInput) => api.post<PersonView>(`${community(slug)}/my/children`, input),
};
