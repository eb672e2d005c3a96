import { api, query } from '../../api.ts';
import type {
  CloseAccountInput,
  ConsentsQueryInput,
  ConsentsView,
  ConsentView,
  GiveConsentInput,
  MembersQueryInput,
  MembersView,
  MyDataView,
  RecordConsentInput,
  SendConsentCodeInput,
} from '../../../../src/modules/identity/index.ts';

// The identity API's answers, typed by the server's schemas (type-only: nothing of the server is bundled).
export type {
  UserView as User,
  MemberView as Member,
  MembersView as Members,
  AuditView,
  AppointmentView as Appointment,
  AppointmentsView as Appointments,
  ConsentView as Consent,
  MyDataView as MyData,
} from '../../../../src/modules/identity/index.ts';
export type { CommunityListView as CommunityList } from '../../../../src/modules/communities/index.ts';

/** What a consent lets happen: staff act for the person (代办), or a family member does (carer). */
export type ConsentPurpose = RecordConsentInput['purpose'];
export type ConsentState = ConsentView['state'];

const community = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}`;

/** Consent (代办, a family carer, a child's guardian): staff's side and the person's own. */
export const consents = {
  /** Staff: the consents about a member or naming them, or those awaiting a second staff member's countersignature. */
  list: (slug: string, q: Partial<ConsentsQueryInput>) => api.get<ConsentsView>(`${community(slug)}/consents${query({ limit: 100, ...q })}`),
  /** Staff: texts the person a code that, read back, records their consent. */
  sendCode: (slug: string, personId: number, input: SendConsentCodeInput) => api.post(`${community(slug)}/members/${personId}/consent-codes`, input),
  /** Staff: records a consent by the code read back (active now) or a signed form's photo (active once countersigned). */
  record: (slug: string, personId: number, input: RecordConsentInput) => api.post<ConsentView>(`${community(slug)}/members/${personId}/consents`, input),
  countersign: (slug: string, id: number) => api.post<ConsentView>(`${community(slug)}/consents/${id}/countersign`),
  /** Staff, on the person's word. */
  withdraw: (slug: string, id: number) => api.post<ConsentView>(`${community(slug)}/consents/${id}/withdraw`),
  /** The consents I gave, that are about me, or that name me. */
  mine: (slug: string) => api.get<ConsentsView>(`${community(slug)}/my/consents`),
  giveMine: (slug: string, input: GiveConsentInput) => api.post<ConsentView>(`${community(slug)}/my/consents`, input),
  withdrawMine: (slug: string, id: number) => api.post<ConsentView>(`${community(slug)}/my/consents/${id}/withdraw`),
};

/** Staff: the community's members by name or number. */
export const findMembers = (slug: string, q: Partial<MembersQueryInput>) => api.get<MembersView>(`${community(slug)}/members${query(q)}`);

/** My data (PIPL): everything held about me, and closing my account. */
export const myData = {
  get: () => api.get<MyDataView>('/api/v1/me/data'),
  downloadUrl: '/api/v1/me/data/download',
  close: (input: CloseAccountInput) => api.post('/api/v1/me/close', input),
};
