// The identity API's answers, typed by the server's schemas (type-only: nothing of the server is bundled).
export type {
  UserView as User,
  MemberView as Member,
  MembersView as Members,
  AuditView,
  AppointmentView as Appointment,
  AppointmentsView as Appointments,
} from '../../../../src/modules/identity/index.ts';
export type { CommunityListView as CommunityList } from '../../../../src/modules/communities/index.ts';
