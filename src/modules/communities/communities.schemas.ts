import { Type, type Static } from 'typebox';
import { SETTING_FIELDS } from './communities.settings-fields.ts';

export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'Lower-case letters, digits and dashes', examples: ['nanhu'] });
const { defaultMarginPercent, disclosureContact, expenseTwoApprovalsOverFen, unpaidHoldMinutes } = SETTING_FIELDS;
export const Settings = Type.Object(
  {
    defaultMarginPercent: Type.Optional(
      Type.Integer({ minimum: defaultMarginPercent.min, maximum: defaultMarginPercent.max, description: 'Community margin as a percent of the price' }),
    ),
    disclosureContact: Type.Optional(Type.String({ maxLength: disclosureContact.max })),
    expenseTwoApprovalsOverFen: Type.Optional(Type.Integer({ minimum: expenseTwoApprovalsOverFen.min, maximum: expenseTwoApprovalsOverFen.max })),
    unpaidHoldMinutes: Type.Optional(
      Type.Integer({
        minimum: unpaidHoldMinutes.min,
        maximum: unpaidHoldMinutes.max,
        description: 'How long an unpaid shop order holds its stock before it is cancelled (default 30)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const CreateCommunity = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    district: Type.String({ maxLength: 40, default: '' }),
    street: Type.String({ maxLength: 40, default: '' }),
    settings: Type.Optional(Settings),
  },
  { additionalProperties: false },
);
export const CommunityOut = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  district: Type.String(),
  street: Type.String(),
  settings: Type.Object({
    defaultMarginPercent: Type.Integer(),
    disclosureContact: Type.String(),
    expenseTwoApprovalsOverFen: Type.Integer(),
    unpaidHoldMinutes: Type.Integer(),
  }),
});
export const CommunityHomeOut = Type.Intersect([
  CommunityOut,
  Type.Object({ stats: Type.Object({ members: Type.Integer() }), myRoles: Type.Array(Type.String()) }),
]);
export const CommunityListOut = Type.Object({ communities: Type.Array(CommunityOut) });
export const SlugParams = Type.Object({ slug: Slug });

export type CreateCommunityInput = Static<typeof CreateCommunity>;
const ChangeState = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused'), Type.Literal('withdrawn')]);
const PersonOut = Type.Object({ userId: Type.Integer(), name: Type.String() });
export const SettingChangeParams = Type.Object({ slug: Slug, id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const SettingChangesQuery = Type.Object(
  { state: Type.Optional(ChangeState), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  { additionalProperties: false },
);
export const SettingChangeOut = Type.Object({
  id: Type.Integer(),
  /** The settings asked for. */
  changes: Settings,
  /** What those settings were when it was asked for. */
  before: Settings,
  /** Which of the changes weaken a check (why it waits for a supervisor). */
  weakens: Type.Array(Type.String()),
  proposedBy: PersonOut,
  state: ChangeState,
  decidedBy: Type.Union([PersonOut, Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export const SettingChangesOut = Type.Object({ changes: Type.Array(SettingChangeOut) });
/** A change that weakens a check, asked for: nothing applied until a supervisor approves. */
export const SettingsProposedOut = Type.Object({ change: SettingChangeOut });

export type SettingsInput = Static<typeof Settings>;
export type SettingChangeView = Static<typeof SettingChangeOut>;
export type SettingChangesView = Static<typeof SettingChangesOut>;
export type SettingChangesQueryInput = Static<typeof SettingChangesQuery>;
export type CommunityView = Static<typeof CommunityOut>;
export type CommunityHomeView = Static<typeof CommunityHomeOut>;
export type CommunityListView = Static<typeof CommunityListOut>;
