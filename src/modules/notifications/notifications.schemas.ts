import { Type, type Static } from 'typebox';

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, China time' });
const QuietHours = Type.Object(
  { start: Time, end: Time },
  { additionalProperties: false, description: 'e.g. 21:00 to 08:00; outside channels wait until the end' },
);

export const NotificationOut = Type.Object({
  id: Type.Integer(),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  topic: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  urgent: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const InboxOut = Type.Object({ notifications: Type.Array(NotificationOut), unread: Type.Integer() });
export const UnreadOut = Type.Object({ unread: Type.Integer() });
export const InboxQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { additionalProperties: false },
);
export const MarkRead = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: 200 })),
    all: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Preferences = Type.Object(
  {
    sms: Type.Boolean({ description: 'Text messages may reach me' }),
    wechat: Type.Boolean({ description: 'WeChat notices may reach me (once I have bound WeChat)' }),
    quietHours: Type.Union([QuietHours, Type.Null()], { description: 'null: no quiet hours' }),
  },
  { additionalProperties: false },
);
export const PreferencesOut = Type.Intersect([
  Preferences,
  Type.Object({ wechatAvailable: Type.Boolean({ description: 'This install sends WeChat notices' }), wechatBound: Type.Boolean() }),
]);

const DeliveryState = Type.Union([Type.Literal('queued'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('skipped')]);
export const DeliveryOut = Type.Object({
  id: Type.Integer(),
  to: Type.Object({ userId: Type.Integer(), name: Type.String() }),
  topic: Type.String(),
  title: Type.String(),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('wechat')]),
  state: DeliveryState,
  attempts: Type.Integer(),
  heldUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Waiting for the person’s quiet hours to end' }),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const DeliveriesOut = Type.Object({ deliveries: Type.Array(DeliveryOut) });
export const DeliveriesQuery = Type.Object(
  { state: Type.Optional(DeliveryState), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  { additionalProperties: false },
);
export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });

export const AuthorizeOut = Type.Object({ url: Type.String() });
export const BindWeChat = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9_-]{8,128}$' }), state: Type.String({ pattern: '^[0-9a-f]{32}$' }) },
  { additionalProperties: false },
);

export type NotificationView = Static<typeof NotificationOut>;
export type InboxView = Static<typeof InboxOut>;
export type UnreadView = Static<typeof UnreadOut>;
export type MarkReadInput = Static<typeof MarkRead>;
export type PreferencesInput = Static<typeof Preferences>;
export type PreferencesView = Static<typeof PreferencesOut>;
export type DeliveryView = Static<typeof DeliveryOut>;
export type DeliveriesView = Static<typeof DeliveriesOut>;
export type AuthorizeView = Static<typeof AuthorizeOut>;
export type BindWeChatInput = Static<typeof BindWeChat>;
