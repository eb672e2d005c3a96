import { Type, type Static } from 'typebox';

// 微益+ shop API. Money is integer fen everywhere (15000 = ¥150.00). Every route is under
// /api/v1/communities/:slug/market. Requests that move money or stock need an Idempotency-Key.

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Fen = Type.Integer({ minimum: 0, maximum: 10_000_000_000, description: 'Integer fen (1 yuan = 100 fen)' });
const PositiveFen = Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Integer fen, at least 1' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of a file uploaded through POST /communities/:slug/files' });
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
// Required text needs a character that is not a space: the services trim it, and the database refuses it empty.
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: '\\S' } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MakerKind = Type.Union([Type.Literal('person'), Type.Literal('organisation')]);
export const ListingKind = Type.Union([Type.Literal('good'), Type.Literal('service'), Type.Literal('performance')], {
  description: 'good: sold from stock; service: booked into a time slot; performance: a troupe booking whose fee is shared with the fund',
});
export const ListingState = Type.Union([
  Type.Literal('draft'),
  Type.Literal('in_review'),
  Type.Literal('on_sale'),
  Type.Literal('paused'),
  Type.Literal('sold_out'),
  Type.Literal('withdrawn'),
]);
export const OrderState = Type.Union([
  Type.Literal('placed'),
  Type.Literal('paid'),
  Type.Literal('ready'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
]);
export const Channel = Type.Union([Type.Literal('online'), Type.Literal('counter'), Type.Literal('kiosk')]);
export const Fulfilment = Type.Union([Type.Literal('counter'), Type.Literal('pickup'), Type.Literal('delivery')]);
export const PaymentMethod = Type.Union([Type.Literal('cash'), Type.Literal('qr'), Type.Literal('online')]);

// --- params and queries
export const SlugParams = Type.Object({ slug: Slug });
export const MakerParams = Type.Object({ slug: Slug, makerId: Id });
export const ListingParams = Type.Object({ slug: Slug, listingId: Id });
export const OrderParams = Type.Object({ slug: Slug, orderId: Id });
export const CashUpParams = Type.Object({ slug: Slug, cashUpId: Id });

export const BrowseQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 40, description: 'Title contains' })),
    category: Type.Optional(Type.String({ maxLength: 30 })),
    kind: Type.Optional(ListingKind),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 24 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const ManageQuery = Type.Object(
  {
    state: Type.Optional(ListingState),
    makerId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const CounterSearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 40, description: 'A scanned listing code or barcode, or part of a title' }) },
  { additionalProperties: false },
);
export const OrdersQuery = Type.Object(
  {
    state: Type.Optional(OrderState),
    channel: Type.Optional(Channel),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const MonthQuery = Type.Object(
  {
    month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')], {
      default: 'json',
      description: 'json, csv (UTF-8 with BOM) or pdf (A4, Chinese; the statement route only)',
    }),
  },
  { additionalProperties: false },
);
export const DateQuery = Type.Object({ date: Type.Optional(DateOnly) }, { additionalProperties: false });

// --- makers
export const ApplyMaker = Type.Object(
  {
    name: Type.Optional(Text(60)),
    story: Text(2000),
    crafts: Text(200),
    photoSha256: Type.Optional(Sha256),
  },
  { additionalProperties: false, description: 'A resident applies to be a maker (社区达人)' },
);
export const CreateMaker = Type.Object(
  {
    kind: MakerKind,
    name: Text(60),
    userId: Type.Optional(Id),
    story: Type.String({ maxLength: 2000, default: '' }),
    crafts: Type.String({ maxLength: 200, default: '' }),
    photoSha256: Type.Optional(Sha256),
    consentNote: Type.String({
      minLength: 1,
      pattern: '\\S',
      maxLength: 200,
      description: 'How the maker agreed that staff list for them, e.g. 签字同意书 2026-03-01',
    }),
  },
  { additionalProperties: false, description: 'Staff create an approved maker on someone’s behalf' },
);
export const Decision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const MakerOut = Type.Object({
  id: Type.Integer(),
  kind: MakerKind,
  name: Type.String(),
  story: Type.String(),
  crafts: Type.String(),
  photoUrl: Nullable(Type.String()),
  status: Type.Union([Type.Literal('applied'), Type.Literal('approved'), Type.Literal('rejected')]),
  userId: Nullable(Type.Integer()),
  listedOnBehalf: Type.Boolean(),
  decisionReason: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export const MakersOut = Type.Object({ makers: Type.Array(MakerOut) });
export const MyMakerOut = Type.Object({ maker: Nullable(MakerOut) });

// --- listings
const Split = Type.Object(
  {
    priceFen: Type.Integer(),
    makerTakeFen: Type.Integer({ description: '给手艺人 (or the troupe)' }),
    fundFen: Type.Integer({ description: '进社区公益基金' }),
    label: Type.String({ description: 'e.g. ¥120.00 给手艺人 / ¥30.00 进社区公益基金' }),
  },
  { description: 'Where the money of one unit goes' },
);
const ListingFields = {
  title: Text(80),
  description: Type.String({ maxLength: 4000, default: '' }),
  category: Text(30),
  photos: Type.Array(Sha256, { maxItems: 9, default: [] }),
  barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{4,40}$' })),
};
export const CreateListing = Type.Object(
  {
    makerId: Type.Optional(Id),
    kind: ListingKind,
    ...ListingFields,
    makerTakeFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'What the maker gets per unit' })),
    priceFen: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000_000_000,
        description: 'Instead of makerTakeFen: the price the buyer pays; for a performance, the booking fee',
      }),
    ),
    marginFen: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000_000_000, description: 'The community margin per unit; omitted: the community default percent' }),
    ),
    fundSharePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 90, description: 'performance only: percent of the fee to the fund (default 50)' })),
    consentNote: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const UpdateListing = Type.Object(
  {
    title: Type.Optional(Text(80)),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    category: Type.Optional(Text(30)),
    photos: Type.Optional(Type.Array(Sha256, { maxItems: 9 })),
    makerTakeFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000_000 })),
    priceFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000_000 })),
    marginFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
  },
  { additionalProperties: false, minProperties: 1, description: 'A change of price or text on a listing on sale sends it back to review' },
);
export const ListingAction = Type.Object(
  { action: Type.Union([Type.Literal('submit'), Type.Literal('pause'), Type.Literal('resume'), Type.Literal('withdraw')]) },
  { additionalProperties: false },
);
export const ListingOut = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: 'Printed on the tag; the counter scans it' }),
  barcode: Nullable(Type.String()),
  kind: ListingKind,
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  photos: Type.Array(Type.Object({ sha256: Type.String(), url: Type.String(), thumbnailUrl: Type.String() })),
  split: Split,
  fundSharePercent: Nullable(Type.Integer()),
  state: ListingState,
  stock: Nullable(Type.Integer({ description: 'goods only' })),
  maker: Type.Object({ id: Type.Integer(), name: Type.String(), kind: MakerKind }),
  slots: Type.Array(
    Type.Object({
      id: Type.Integer(),
      startsAt: Type.String({ format: 'date-time' }),
      endsAt: Type.String({ format: 'date-time' }),
      capacity: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
  reviewNote: Nullable(Type.String()),
});
export const ListingsOut = Type.Object({ listings: Type.Array(ListingOut), total: Type.Integer() });
export const CategoriesOut = Type.Object({ categories: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })) });

export const Intake = Type.Object(
  {
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    receivedOn: Type.Optional(DateOnly),
    condition: Type.String({ minLength: 1, pattern: '\\S', maxLength: 200, default: '完好' }),
    note: Type.Optional(Text(200)),
  },
  { additionalProperties: false, description: 'Items a maker hands in on consignment' },
);
export const StockReturn = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: 10_000 }), returnedOn: Type.Optional(DateOnly), note: Type.Optional(Text(200)) },
  { additionalProperties: false, description: 'Unsold items given back to the maker' },
);
export const MovementsOut = Type.Object({
  stock: Type.Integer(),
  movements: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      quantityDelta: Type.Integer(),
      happenedOn: Type.String(),
      condition: Nullable(Type.String()),
      note: Nullable(Type.String()),
      orderId: Nullable(Type.Integer()),
    }),
  ),
});
export const CreateSlot = Type.Object(
  { startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), capacity: Type.Integer({ minimum: 1, maximum: 10_000 }) },
  { additionalProperties: false },
);

// --- orders
export const OrderItem = Type.Object(
  { listingId: Id, quantity: Type.Integer({ minimum: 1, maximum: 1000 }), slotId: Type.Optional(Id) },
  { additionalProperties: false },
);
const Items = Type.Array(OrderItem, { minItems: 1, maxItems: 50 });
export const PlaceOrder = Type.Object(
  {
    channel: Type.Union([Type.Literal('online'), Type.Literal('kiosk')], {
      description: 'online: a signed-in member buys for themselves; kiosk: the shop’s touch screen, signed in as a clerk',
    }),
    items: Items,
    fulfilment: Type.Union([Type.Literal('pickup'), Type.Literal('delivery')], { default: 'pickup' }),
    deliveryAddress: Type.Optional(Text(200)),
    note: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const Payment = Type.Union(
  [
    Type.Object(
      { method: Type.Literal('cash'), tenderedFen: Type.Optional(Fen) },
      { additionalProperties: false, description: 'Cash at the counter (clerk); change = tendered − total' },
    ),
    Type.Object(
      { method: Type.Literal('qr'), reference: Type.Optional(Text(100)) },
      { additionalProperties: false, description: 'A scanned WeChat/Alipay QR, confirmed by the clerk' },
    ),
    Type.Object({ method: Type.Literal('online') }, { additionalProperties: false, description: 'The configured online payment provider' }),
  ],
  { description: 'How the order is paid' },
);
export const CounterSale = Type.Object({ items: Items, payment: Payment }, { additionalProperties: false });
export const Collect = Type.Object({ payment: Type.Optional(Payment) }, { additionalProperties: false });
export const Refund = Type.Object(
  {
    amountFen: Type.Optional(PositiveFen),
    reason: Text(200),
    restock: Type.Boolean({ default: true, description: 'Put the goods back on the shelf (full refunds only)' }),
  },
  { additionalProperties: false, description: 'Omit amountFen to refund everything not yet refunded' },
);
const OrderLineOut = Type.Object({
  lineNo: Type.Integer(),
  listingId: Type.Integer(),
  slotId: Nullable(Type.Integer()),
  title: Type.String(),
  quantity: Type.Integer(),
  unitPriceFen: Type.Integer(),
  amountFen: Type.Integer(),
  makerTakeFen: Type.Integer(),
  fundFen: Type.Integer(),
  makerName: Type.String(),
  splitLabel: Type.String({ description: '¥120.00 给手艺人 / ¥30.00 进社区公益基金' }),
});
export const OrderOut = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'The number shown on the kiosk and receipt' }),
  channel: Channel,
  state: OrderState,
  fulfilment: Fulfilment,
  deliveryAddress: Nullable(Type.String()),
  note: Nullable(Type.String()),
  buyerId: Nullable(Type.Integer()),
  totalFen: Type.Integer(),
  makerTakeFen: Type.Integer(),
  fundFen: Type.Integer(),
  refundedFen: Type.Integer(),
  payment: Nullable(
    Type.Object({
      method: PaymentMethod,
      reference: Nullable(Type.String()),
      tenderedFen: Nullable(Type.Integer()),
      changeFen: Nullable(Type.Integer()),
      paidAt: Type.String({ format: 'date-time' }),
    }),
  ),
  lines: Type.Array(OrderLineOut),
  /** Until when an unpaid order holds its stock; then it is cancelled. Null once paid, or when it never expires. */
  holdUntil: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const OrdersOut = Type.Object({ orders: Type.Array(OrderOut), total: Type.Integer() });
export const ReceiptOut = Type.Object({
  community: Type.String(),
  order: OrderOut,
  lines: Type.Array(Type.String({ description: 'Printable lines' })),
  totalText: Type.String(),
  splitText: Type.String({ description: 'e.g. 本单 ¥120.00 给手艺人 / ¥30.00 进社区公益基金' }),
});
export const RefundOut = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  amountFen: Type.Integer(),
  makerTakeFen: Type.Integer(),
  fundFen: Type.Integer(),
  method: PaymentMethod,
  restocked: Type.Boolean(),
  reason: Type.String(),
  order: OrderOut,
});
export const PaymentStartOut = Type.Object({
  order: OrderOut,
  providerReference: Nullable(Type.String()),
  payUrl: Nullable(Type.String({ description: 'Where the buyer pays; null once paid' })),
});

// --- makers' money
export const Payout = Type.Object(
  {
    amountFen: Type.Optional(PositiveFen),
    method: Type.Union([Type.Literal('cash'), Type.Literal('bank')]),
    reference: Type.Optional(Text(100)),
    acknowledgedBy: Text(40),
    acknowledgedRelation: Type.String({
      minLength: 1,
      pattern: '\\S',
      maxLength: 20,
      default: '本人',
      description: '本人, or the family member’s relation (女儿…)',
    }),
  },
  { additionalProperties: false, description: 'Omit amountFen to pay out everything pending' },
);
export const PayoutOut = Type.Object({
  id: Type.Integer(),
  makerId: Type.Integer(),
  amountFen: Type.Integer(),
  method: Type.Union([Type.Literal('cash'), Type.Literal('bank')]),
  reference: Nullable(Type.String()),
  acknowledgedBy: Type.String(),
  acknowledgedRelation: Type.String(),
  pendingTakeFen: Type.Integer({ description: 'What is still owed after this payout' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export const PayoutsOut = Type.Object({ payouts: Type.Array(PayoutOut) });
export const MakerSummaryOut = Type.Object({
  maker: MakerOut,
  pendingTakeFen: Type.Integer({ description: 'The maker’s payable balance: sold, not yet paid out' }),
  soldFen: Type.Integer(),
  makerTakeFen: Type.Integer(),
  fundFen: Type.Integer(),
  paidOutFen: Type.Integer(),
  recentSales: Type.Array(
    Type.Object({
      orderId: Type.Integer(),
      paidAt: Type.String({ format: 'date-time' }),
      title: Type.String(),
      quantity: Type.Integer(),
      makerTakeFen: Type.Integer(),
      state: OrderState,
    }),
  ),
});
export const StatementOut = Type.Object({
  maker: MakerOut,
  month: Type.String(),
  openingPendingFen: Type.Integer(),
  salesTakeFen: Type.Integer(),
  refundsTakeFen: Type.Integer(),
  payoutsFen: Type.Integer(),
  closingPendingFen: Type.Integer(),
  rows: Type.Array(Type.Object({ date: Type.String(), kind: Type.String(), description: Type.String(), amountFen: Type.Integer() })),
});

// --- counter cash-up
export const CashUp = Type.Object(
  {
    countedFen: Fen,
    openingFloatFen: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
    note: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const CashUpOut = Type.Object({
  id: Nullable(Type.Integer()),
  businessDate: Type.String(),
  openingFloatFen: Type.Integer(),
  cashSalesFen: Type.Integer(),
  cashRefundsFen: Type.Integer(),
  cashPayoutsFen: Type.Integer(),
  expectedFen: Type.Integer(),
  countedFen: Nullable(Type.Integer()),
  varianceFen: Nullable(Type.Integer()),
  clerk: Nullable(Type.String()),
  staff: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

// --- shop jobs
export const CreateWorker = Type.Object(
  { userId: Id, job: Text(40), hourlyWageFen: Type.Integer({ minimum: 1, maximum: 100_000 }) },
  { additionalProperties: false },
);
export const WorkerOut = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  job: Type.String(),
  hourlyWageFen: Type.Integer(),
  active: Type.Boolean(),
});
export const WorkersOut = Type.Object({ workers: Type.Array(WorkerOut) });
export const CreateShift = Type.Object(
  { workerId: Id, workDate: DateOnly, hours: Type.Number({ minimum: 0.25, maximum: 16, multipleOf: 0.25 }) },
  { additionalProperties: false },
);
export const ShiftOut = Type.Object({
  id: Type.Integer(),
  workerId: Type.Integer(),
  name: Type.String(),
  workDate: Type.String(),
  hours: Type.Number(),
  wageFen: Type.Integer(),
  expenseId: Nullable(Type.Integer()),
});
export const ShiftsOut = Type.Object({ shifts: Type.Array(ShiftOut) });
export const WageRun = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false });
export const WageRunOut = Type.Object({
  expenses: Type.Array(
    Type.Object({ workerId: Type.Integer(), name: Type.String(), amountFen: Type.Integer(), shifts: Type.Integer(), expenseId: Type.Integer() }),
  ),
});

export type ApplyMakerInput = Static<typeof ApplyMaker>;
export type CreateMakerInput = Static<typeof CreateMaker>;
export type DecisionInput = Static<typeof Decision>;
export type MakerView = Static<typeof MakerOut>;
export type CreateListingInput = Static<typeof CreateListing>;
export type UpdateListingInput = Static<typeof UpdateListing>;
export type ListingActionInput = Static<typeof ListingAction>;
export type ListingView = Static<typeof ListingOut>;
export type BrowseQueryInput = Static<typeof BrowseQuery>;
export type ManageQueryInput = Static<typeof ManageQuery>;
export type IntakeInput = Static<typeof Intake>;
export type StockReturnInput = Static<typeof StockReturn>;
export type CreateSlotInput = Static<typeof CreateSlot>;
export type OrderItemInput = Static<typeof OrderItem>;
export type PlaceOrderInput = Static<typeof PlaceOrder>;
export type PaymentInput = Static<typeof Payment>;
export type CounterSaleInput = Static<typeof CounterSale>;
export type RefundInput = Static<typeof Refund>;
export type OrderView = Static<typeof OrderOut>;
export type OrdersQueryInput = Static<typeof OrdersQuery>;
export type PayoutInput = Static<typeof Payout>;
export type PayoutView = Static<typeof PayoutOut>;
export type CashUpInput = Static<typeof CashUp>;
export type CashUpView = Static<typeof CashUpOut>;
export type CreateWorkerInput = Static<typeof CreateWorker>;
export type CreateShiftInput = Static<typeof CreateShift>;
export type MakersView = Static<typeof MakersOut>;
export type MyMakerView = Static<typeof MyMakerOut>;
export type ListingsView = Static<typeof ListingsOut>;
export type CategoriesView = Static<typeof CategoriesOut>;
export type OrdersView = Static<typeof OrdersOut>;
export type ReceiptView = Static<typeof ReceiptOut>;
export type RefundView = Static<typeof RefundOut>;
export type PayoutsView = Static<typeof PayoutsOut>;
export type MakerSummaryView = Static<typeof MakerSummaryOut>;
export type WorkerView = Static<typeof WorkerOut>;
export type WorkersView = Static<typeof WorkersOut>;
export type ShiftView = Static<typeof ShiftOut>;
export type ShiftsView = Static<typeof ShiftsOut>;
export type WageRunView = Static<typeof WageRunOut>;
