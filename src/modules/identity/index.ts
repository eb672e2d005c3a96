// The identity module: accounts, sessions, one-time codes, memberships and roles, 代办, the audit
// log. Other modules read people and memberships only through the functions exported here.
import { defineModule } from '../../platform/module.ts';
import { adminCommand } from './identity.cli.ts';
import { IDENTITY_ERRORS } from './identity.errors.ts';
import { forgetExpiredJob, identityPersonalData } from './identity.privacy.ts';
import { identityRoutes } from './identity.routes.ts';

export { recordAudit, ensureMember, presentUser, proveCode, sendCodeTo } from './identity.service.ts';
export { childrenOnlyOf, hasGuardian, insertConsent, isCarerOf } from './identity.consents.ts';
export { removeHeldPerson, CLOSED_NAME } from './identity.privacy.ts';
export { getUserByPhone, getUserById, insertUser, updateUser } from './identity.repository.ts';
export { getPeople, getMember, getPhones, listMemberIdsWithRole, countMembers, setPlatformAdmin, type PersonRef } from './identity.people.ts';
export type { AppointmentHook } from './identity.roles.ts';
export { hashPassword } from '../../platform/passwords.ts';
// The shapes of its answers, for the web app (type-only imports: nothing of the server is bundled).
export type {
  MyDataView,
  UserView,
  MeView,
  MemberView,
  MembersView,
  AuditView,
  AppointmentView,
  AppointmentsView,
  ConsentView,
  ConsentsView,
  ConsentsQueryInput,
  RecordConsentInput,
  GiveConsentInput,
  SendConsentCodeInput,
  CloseAccountInput,
  MembersQueryInput,
} from './identity.schemas.ts';

export const identity = defineModule({
  name: 'identity',
  dependsOn: [],
  migrations: new URL('./migrations/', import.meta.url),
  routes: identityRoutes,
  errors: IDENTITY_ERRORS,
  commands: { admin: adminCommand },
  personalData: identityPersonalData,
  jobs: { forgetExpired: forgetExpiredJob },
  // the photo of a signed consent form
  fileReferences: [{ table: 'consents', column: 'form_sha256' }],
  sharedTables: {
    reference: {
      users: 'accounts are global (one person, several communities): tenant tables reference them (created_by, buyer_id…) and public pages join name_public',
    },
    local: {
      sessions: 'looked up and touched by the coordinator on every request, joined with no community’s rows',
      one_time_codes: 'short-lived login and reset codes, read and written only while logging in',
      account_events: 'account-level events that belong to no community (login, password change), append-only',
    },
  },
  // The organisations and volunteers modules will own these two; until they land, identity
  // declares them so the demo's organisation leader and volunteer can hold them.
  roles: {
    org_leader: { zh: '社会组织负责人', en: 'Organisation leader' },
    volunteer: { zh: '志愿者', en: 'Volunteer' },
  },
});

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    'identity.forgetExpired': Record<string, never>;
  }
}

declare module '../../platform/context.ts' {
  interface RoleNames {
    org_leader: true;
    volunteer: true;
  }
}
