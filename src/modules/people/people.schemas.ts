import { Type, type Static } from 'typebox';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'Mainland mobile number, 11 digits' });
const Code = Type.String({ pattern: '^[0-9]{6}$' });
const Name = Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' });
const BirthYear = Type.Integer({ minimum: 1900, maximum: 2100 });
export const AgeBandIn = Type.Union([Type.Literal('under_14'), Type.Literal('14_17'), Type.Literal('18_59'), Type.Literal('60_79'), Type.Literal('80_plus')], {
  description: 'For someone who would rather not give a birth year',
});
export const GroupIn = Type.Union([Type.Literal('children'), Type.Literal('youth'), Type.Literal('women'), Type.Literal('elderly')]);
const Groups = Type.Array(GroupIn, { maxItems: 4, uniqueItems: true });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PersonParams = Type.Object({ slug: Slug, userId: Id });
export const HouseholdParams = Type.Object({ slug: Slug, id: Id });

export const PhoneCodeIn = Type.Object({ phone: Phone }, { additionalProperties: false });
export const GuardianCodeIn = Type.Object({ guardianId: Id, childName: Name }, { additionalProperties: false });

/** What staff may record about a person: the least that serves. */
const ProfileFields = {
  birthYear: Type.Optional(Nullable(BirthYear)),
  ageBand: Type.Optional(Nullable(AgeBandIn)),
  addressId: Type.Optional(Nullable(Id)),
  householdId: Type.Optional(Nullable(Id)),
  groups: Type.Optional(Groups),
};

export const EnrolIn = Type.Object(
  {
    displayName: Name,
    ...ProfileFields,
    phone: Type.Optional(
      Type.Object(
        { number: Phone, code: Code },
        { additionalProperties: false, description: 'The person’s number, proven by the code sent to it (POST …/people/phone-codes)' },
      ),
    ),
    guardian: Type.Optional(
      Type.Object(
        { userId: Id, code: Code },
        { additionalProperties: false, description: 'For a child under 14: the guardian’s consent, by the code sent to them (POST …/people/guardian-codes)' },
      ),
    ),
  },
  { additionalProperties: false },
);
export const UpdatePersonIn = Type.Object({ displayName: Type.Optional(Name), ...ProfileFields }, { additionalProperties: false, minProperties: 1 });
// A household is staff's to record: a resident naming one could join any household of the community.
const { householdId: _household, ...MyProfileFields } = ProfileFields;
export const UpdateMyProfileIn = Type.Object(MyProfileFields, { additionalProperties: false, minProperties: 1 });
export const MyChildIn = Type.Object(
  {
    displayName: Name,
    birthYear: BirthYear,
    groups: Type.Optional(Groups),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  },
  { additionalProperties: false },
);
export const SetPhoneIn = Type.Object({ number: Phone, code: Code }, { additionalProperties: false });
export const SensitiveIn = Type.Object(
  {
    tags: Type.Array(Type.Union([Type.Literal('hardship'), Type.Literal('disabled'), Type.Literal('health')]), { maxItems: 3, uniqueItems: true }),
    note: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }))),
  },
  { additionalProperties: false },
);
export const HouseholdIn = Type.Object(
  { addressId: Type.Optional(Id), label: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' })) },
  { additionalProperties: false, minProperties: 1 },
);
export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 40 })),
    group: Type.Optional(GroupIn),
    ageBand: Type.Optional(AgeBandIn),
    addressId: Type.Optional(Id),
    householdId: Type.Optional(Id),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

const Ref = Type.Object({ userId: Type.Integer(), name: Type.String() });
export const PersonOut = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'The person’s own proven number; null when they have none' }),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  ageBand: Type.Union([AgeBandIn, Type.Null()], { description: 'Given, or worked out from the birth year' }),
  address: Type.Union([Type.Object({ id: Type.Integer(), label: Type.String() }), Type.Null()]),
  household: Type.Union([Type.Object({ id: Type.Integer(), label: Type.String() }), Type.Null()]),
  groups: Type.Array(GroupIn),
  guardians: Type.Array(Ref),
  children: Type.Array(Ref),
  carers: Type.Array(Ref),
  caresFor: Type.Array(Ref),
  actForConsent: Type.Boolean({ description: 'Staff may act for this person (代办) on their consent' }),
  registeredBy: Type.Union([Ref, Type.Null()]),
  registeredAt: Type.String({ format: 'date-time' }),
});
export const PeopleOut = Type.Object({ people: Type.Array(PersonOut), total: Type.Integer() });
export const SensitiveOut = Type.Object({
  tags: Type.Array(Type.Union([Type.Literal('hardship'), Type.Literal('disabled'), Type.Literal('health')])),
  note: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const HouseholdOut = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  address: Type.Union([Type.Object({ id: Type.Integer(), label: Type.String() }), Type.Null()]),
  members: Type.Array(Ref),
});

export type EnrolInput = Static<typeof EnrolIn>;
export type UpdatePersonInput = Static<typeof UpdatePersonIn>;
export type UpdateMyProfileInput = Static<typeof UpdateMyProfileIn>;
export type MyChildInput = Static<typeof MyChildIn>;
export type SensitiveInput = Static<typeof SensitiveIn>;
export type HouseholdInput = Static<typeof HouseholdIn>;
export type PeopleQueryInput = Static<typeof PeopleQuery>;
export type PersonView = Static<typeof PersonOut>;
export type PeopleView = Static<typeof PeopleOut>;
export type SensitiveView = Static<typeof SensitiveOut>;
export type HouseholdView = Static<typeof HouseholdOut>;
