import { Type, type Static } from 'typebox';
import type { Role } from '../../platform/context.ts';

export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'Mainland mobile number, 11 digits', examples: ['13800138000'] });
export const Password = Type.String({ minLength: 1, maxLength: 128 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' });
/** A role's name as answers carry it. Requests name one of the installed roles: see `roleSchemas`. */
export const RoleName = Type.Unsafe<Role>({ type: 'string', pattern: '^[a-z][a-z_]{1,30}$' });
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const Code = Type.String({ pattern: '^[0-9]{6}$' });
export const Register = Type.Object(
  {
    phone: Phone,
    code: Type.Unsafe<string>({
      ...Code,
      description: 'The code sent to the number (POST /auth/codes, purpose register): the number is proven before it is anyone’s',
    }),
    password: Password,
    displayName: DisplayName,
    community: Type.Optional(Slug),
  },
  { additionalProperties: false },
);
export const Login = Type.Object({ phone: Phone, password: Password }, { additionalProperties: false });
export const SendCode = Type.Object(
  { phone: Phone, purpose: Type.Union([Type.Literal('login'), Type.Literal('reset'), Type.Literal('register')]) },
  { additionalProperties: false },
);
export const LoginWithCode = Type.Object({ phone: Phone, code: Code }, { additionalProperties: false });
export const ResetPassword = Type.Object({ phone: Phone, code: Code, newPassword: Password }, { additionalProperties: false });
export const ChangePassword = Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false });
export const UpdateMe = Type.Object(
  { displayName: Type.Optional(DisplayName), namePublic: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
const ConsentPurposeIn = Type.Union([Type.Literal('act_for'), Type.Literal('carer')], {
  description: 'act_for: staff act for the person (代办); carer: the family member `granteeId` acts for them',
});
const ConsentNote = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '\\S',
  description: 'What the person agreed to, in their words or the form’s number',
});
export const SendConsentCode = Type.Object({ purpose: ConsentPurposeIn, granteeId: Type.Optional(Id) }, { additionalProperties: false });
export const RecordConsent = Type.Object(
  {
    purpose: ConsentPurposeIn,
    granteeId: Type.Optional(Id),
    note: ConsentNote,
    evidence: Type.Union([
      Type.Object({ method: Type.Literal('code'), code: Code }, { additionalProperties: false }),
      Type.Object(
        { method: Type.Literal('paper'), formSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The uploaded photo of the signed form' }) },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);
export const GiveConsent = Type.Object({ purpose: ConsentPurposeIn, granteeId: Type.Optional(Id), note: ConsentNote }, { additionalProperties: false });
export const ConsentParams = Type.Object({ slug: Slug, id: Id });
export const ConsentsQuery = Type.Object(
  {
    personId: Type.Optional(Id),
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('awaiting_countersign')])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
const PartyOut = Type.Object({ userId: Type.Integer(), name: Type.String() });
export const ConsentOut = Type.Object({
  id: Type.Integer(),
  purpose: Type.Union([Type.Literal('act_for'), Type.Literal('carer'), Type.Literal('guardian')]),
  person: PartyOut,
  grantee: Type.Union([PartyOut, Type.Null()]),
  givenBy: PartyOut,
  method: Type.Union([Type.Literal('recorded'), Type.Literal('code'), Type.Literal('paper'), Type.Literal('self')]),
  note: Type.String(),
  formUrl: Type.Union([Type.String(), Type.Null()]),
  recordedBy: Type.Union([PartyOut, Type.Null()]),
  countersignedBy: Type.Union([PartyOut, Type.Null()]),
  state: Type.Union([Type.Literal('active'), Type.Literal('awaiting_countersign'), Type.Literal('withdrawn'), Type.Literal('unproven')], {
    description: 'unproven: recorded before proof was asked for; it authorises nothing',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  activeFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const ConsentsOut = Type.Object({ consents: Type.Array(ConsentOut) });
export const MemberParams = Type.Object({ slug: Slug, userId: Id });

export const SlugParams = Type.Object({ slug: Slug });

/** The schemas that name a role in a request: one of the roles the platform and the installed modules declare. */
export function roleSchemas(roles: Iterable<Role>) {
  const InstalledRole = Type.Unsafe<Role>({ type: 'string', enum: [...roles] });
  return {
    RoleParams: Type.Object({ slug: Slug, userId: Id, role: InstalledRole }),
    MembersQuery: Type.Object(
      {
        q: Type.Optional(Type.String({ maxLength: 40 })),
        role: Type.Optional(InstalledRole),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
      },
      { additionalProperties: false },
    ),
  };
}
export const AuditQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), before: Type.Optional(Id) },
  { additionalProperties: false },
);

export const UserOut = Type.Object({
  id: Type.Integer(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'The person’s own proven number; null for someone registered without one' }),
  displayName: Type.String(),
  namePublic: Type.Boolean(),
  isPlatformAdmin: Type.Boolean(),
});
export const MembershipOut = Type.Object({ slug: Type.String(), name: Type.String(), roles: Type.Array(RoleName) });
export const MeOut = Type.Object({ user: Type.Union([UserOut, Type.Null()]), communities: Type.Array(MembershipOut) });
export const MemberOut = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'Null for a person registered without a phone of their own' }),
  roles: Type.Array(RoleName),
  joinedAt: Type.String({ format: 'date-time' }),
  hasProxyConsent: Type.Boolean(),
});
export const MembersOut = Type.Object({ members: Type.Array(MemberOut), total: Type.Integer() });
export const AuditOut = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      actor: Type.Union([Type.String(), Type.Null()]),
      onBehalfOf: Type.Union([Type.String(), Type.Null()]),
      action: Type.String(),
      subjectType: Type.String(),
      subjectId: Type.String(),
      detail: Type.Unknown(),
    }),
  ),
});
export const AppointmentParams = Type.Object({ slug: Slug, id: Id });
export const AppointmentsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('refused'), Type.Literal('withdrawn')])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
const PersonOut = Type.Object({ userId: Type.Integer(), name: Type.String() });
export const AppointmentOut = Type.Object({
  id: Type.Integer(),
  role: RoleName,
  person: PersonOut,
  proposedBy: PersonOut,
  state: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('refused'), Type.Literal('withdrawn')]),
  decidedBy: Type.Union([PersonOut, Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export const AppointmentsOut = Type.Object({ appointments: Type.Array(AppointmentOut) });
export const RolesOut = Type.Object({ roles: Type.Array(RoleName) });
/** A role that checks staff's work, asked for by staff: proposed, not granted, until someone else confirms it. */
export const RolesProposedOut = Type.Object({ roles: Type.Array(RoleName), appointment: AppointmentOut });

export const Accepted = Type.Object({ ok: Type.Literal(true) });

export const CloseAccount = Type.Union(
  [
    Type.Object({ password: Password }, { additionalProperties: false }),
    Type.Object({ code: Code }, { additionalProperties: false, description: 'A login code (POST /auth/codes), for someone without a password' }),
  ],
  { description: 'Closing is proven again: my password, or a code sent to my number' },
);
export const MyDataOut = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  account: Type.Object({
    id: Type.Integer(),
    phone: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.String(),
    namePublic: Type.Boolean(),
    hasPassword: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    passwordChangedAt: Type.String({ format: 'date-time' }),
  }),
  sessions: Type.Array(Type.Object({ createdAt: Type.String(), lastSeenAt: Type.String(), expiresAt: Type.String() })),
  accountEvents: Type.Array(Type.Object({ action: Type.String(), at: Type.String() })),
  communities: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      roles: Type.Array(RoleName),
      data: Type.Record(Type.String(), Type.Unknown(), { description: 'What each module holds about me here, by module' }),
    }),
  ),
});

export type RegisterInput = Static<typeof Register>;
export type LoginInput = Static<typeof Login>;
export type SendCodeInput = Static<typeof SendCode>;
export type LoginWithCodeInput = Static<typeof LoginWithCode>;
export type ResetPasswordInput = Static<typeof ResetPassword>;
export type ChangePasswordInput = Static<typeof ChangePassword>;
export type UpdateMeInput = Static<typeof UpdateMe>;
export type CloseAccountInput = Static<typeof CloseAccount>;
export type MyDataView = Static<typeof MyDataOut>;
export type SendConsentCodeInput = Static<typeof SendConsentCode>;
export type RecordConsentInput = Static<typeof RecordConsent>;
export type GiveConsentInput = Static<typeof GiveConsent>;
export type ConsentsQueryInput = Static<typeof ConsentsQuery>;
export type ConsentView = Static<typeof ConsentOut>;
export type ConsentsView = Static<typeof ConsentsOut>;
export type MembersQueryInput = Static<ReturnType<typeof roleSchemas>['MembersQuery']>;
export type UserView = Static<typeof UserOut>;
export type MeView = Static<typeof MeOut>;
export type MemberView = Static<typeof MemberOut>;
export type MembersView = Static<typeof MembersOut>;
export type AuditView = Static<typeof AuditOut>;
export type AppointmentView = Static<typeof AppointmentOut>;
export type AppointmentsView = Static<typeof AppointmentsOut>;
export type AppointmentsQueryInput = Static<typeof AppointmentsQuery>;
