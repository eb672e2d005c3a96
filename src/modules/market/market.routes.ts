import { Type } from 'typebox';
import { idempotencyKeyOf, sendIdempotent } from '../../platform/idempotency.ts';
import type { ModuleRoutes } from '../../platform/routing.ts';
import * as jobs from './jobs.service.ts';
import * as listings from './listings.service.ts';
import * as makers from './makers.service.ts';
import * as money from './money.service.ts';
import * as counter from './counter.service.ts';
import * as orders from './orders.service.ts';
import * as S from './market.schemas.ts';

const tags = ['market'];
const base = '/api/v1/communities/:slug/market';
const idem = 'Needs an Idempotency-Key header; a replay returns the first answer.';

export const marketRoutes: ModuleRoutes = (app, env) => {
  // --- public store (no login)
  app.get(
    `${base}/categories`,
    { access: 'public', schema: { tags, summary: 'Categories with listings on sale (public)', params: S.SlugParams, response: { 200: S.CategoriesOut } } },
    async (req) => listings.listCategories(await env.inCommunity(req)),
  );
  app.get(
    `${base}/listings`,
    {
      access: 'public',
      schema: {
        tags,
        summary: 'Listings on sale: search, category, paging (public)',
        params: S.SlugParams,
        querystring: S.BrowseQuery,
        response: { 200: S.ListingsOut },
      },
    },
    async (req) => listings.browseListings(await env.inCommunity(req), req.query),
  );
  app.get(
    `${base}/listings/:listingId`,
    {
      access: 'public',
      schema: { tags, summary: 'A product page with the split (public when on sale)', params: S.ListingParams, response: { 200: S.ListingOut } },
    },
    async (req) => listings.getListing(await env.inCommunity(req), req.params.listingId),
  );

  // --- makers
  app.post(
    `${base}/makers/apply`,
    { access: 'member', schema: { tags, summary: 'Apply to be a maker (member)', params: S.SlugParams, body: S.ApplyMaker, response: { 201: S.MakerOut } } },
    async (req, reply) => reply.code(201).send(await makers.applyAsMaker(await env.inCommunity(req), req.body)),
  );
  app.post(
    `${base}/makers`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Create an approved maker on someone’s behalf, consent recorded (staff)',
        params: S.SlugParams,
        body: S.CreateMaker,
        response: { 201: S.MakerOut },
      },
    },
    async (req, reply) => reply.code(201).send(await makers.createMaker(await env.inCommunity(req), req.body)),
  );
  app.get(
    `${base}/makers`,
    {
      access: { roles: ['staff', 'clerk'] },
      schema: {
        tags,
        summary: 'Makers, e.g. applications waiting (staff, clerk)',
        params: S.SlugParams,
        querystring: Type.Object(
          { status: Type.Optional(Type.Union([Type.Literal('applied'), Type.Literal('approved'), Type.Literal('rejected')])) },
          { additionalProperties: false },
        ),
        response: { 200: S.MakersOut },
      },
    },
    async (req) => makers.listMakers(await env.inCommunity(req), req.query.status),
  );
  app.get(
    `${base}/makers/me`,
    { access: 'member', schema: { tags, summary: 'My maker profile (null when I have none)', params: S.SlugParams, response: { 200: S.MyMakerOut } } },
    async (req) => makers.getMyMaker(await env.inCommunity(req)),
  );
  app.post(
    `${base}/makers/:makerId/decision`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Approve or reject a maker application (staff)', params: S.MakerParams, body: S.Decision, response: { 200: S.MakerOut } },
    },
    async (req) => makers.decideMaker(await env.inCommunity(req), req.params.makerId, req.body),
  );
  app.get(
    `${base}/makers/:makerId/summary`,
    {
      access: { roles: ['staff', 'maker'], orOwner: true },
      schema: { tags, summary: 'Sales, pending take and payouts (staff, the maker)', params: S.MakerParams, response: { 200: S.MakerSummaryOut } },
    },
    async (req) => money.makerSummary(await env.inCommunity(req), req.params.makerId),
  );
  app.get(
    `${base}/makers/:makerId/statement`,
    {
      access: { roles: ['staff', 'maker'], orOwner: true },
      schema: {
        tags,
        summary: 'Monthly statement, JSON, CSV or PDF (A4, Chinese) by ?format= (staff, the maker)',
        params: S.MakerParams,
        querystring: S.MonthQuery,
        produces: ['application/json', 'text/csv', 'application/pdf'],
        response: {
          200: Type.Union([
            S.StatementOut,
            Type.String({ description: 'text/csv with format=csv' }),
            Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf with format=pdf' }),
          ]),
        },
      },
    },
    async (req, reply) => {
      if (req.query.format === 'pdf') {
        const pdf = await money.makerStatementPdf(await env.inCommunity(req), req.params.makerId, req.query.month);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="statement-${req.params.makerId}-${req.query.month}.pdf"`)
          .send(pdf);
      }
      const statement = await money.makerStatement(await env.inCommunity(req), req.params.makerId, req.query.month);
      if (req.query.format !== 'csv') return statement;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${req.params.makerId}-${req.query.month}.csv"`)
        .send(money.statementCsv(statement));
    },
  );
  app.post(
    `${base}/makers/:makerId/payouts`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: `Pay out a maker’s pending take, acknowledged (staff). ${idem}`,
        params: S.MakerParams,
        body: S.Payout,
        response: { 201: S.PayoutOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await money.payOut(await env.inCommunity(req), req.params.makerId, req.body, idempotencyKeyOf(req))),
  );
  app.get(
    `${base}/makers/:makerId/payouts`,
    {
      access: { roles: ['staff', 'maker'], orOwner: true },
      schema: { tags, summary: 'A maker’s payouts (staff, the maker)', params: S.MakerParams, response: { 200: S.PayoutsOut } },
    },
    async (req) => money.listPayouts(await env.inCommunity(req), req.params.makerId),
  );

  // --- listing management
  app.get(
    `${base}/manage/listings`,
    {
      access: { roles: ['staff', 'clerk', 'maker'] },
      schema: {
        tags,
        summary: 'All listings in any state (staff, clerk); a maker’s own',
        params: S.SlugParams,
        querystring: S.ManageQuery,
        response: { 200: S.ListingsOut },
      },
    },
    async (req) => listings.manageListings(await env.inCommunity(req), req.query),
  );
  app.post(
    `${base}/listings`,
    {
      access: { roles: ['maker', 'staff'] },
      schema: {
        tags,
        summary: 'Create a draft listing (maker for themselves; staff for a maker)',
        params: S.SlugParams,
        body: S.CreateListing,
        response: { 201: S.ListingOut },
      },
    },
    async (req, reply) => reply.code(201).send(await listings.createListing(await env.inCommunity(req), req.body)),
  );
  app.patch(
    `${base}/listings/:listingId`,
    {
      access: { roles: ['maker', 'staff'] },
      schema: { tags, summary: 'Change a listing (its maker, staff)', params: S.ListingParams, body: S.UpdateListing, response: { 200: S.ListingOut } },
    },
    async (req) => listings.updateListing(await env.inCommunity(req), req.params.listingId, req.body),
  );
  app.post(
    `${base}/listings/:listingId/state`,
    {
      access: { roles: ['maker', 'staff'] },
      schema: {
        tags,
        summary: 'Submit for review, pause, resume or withdraw (its maker, staff)',
        params: S.ListingParams,
        body: S.ListingAction,
        response: { 200: S.ListingOut },
      },
    },
    async (req) => listings.changeListingState(await env.inCommunity(req), req.params.listingId, req.body),
  );
  app.post(
    `${base}/listings/:listingId/review`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Approve (on sale) or reject with a reason (staff)',
        params: S.ListingParams,
        body: S.Decision,
        response: { 200: S.ListingOut },
      },
    },
    async (req) => listings.reviewListing(await env.inCommunity(req), req.params.listingId, req.body),
  );
  app.post(
    `${base}/listings/:listingId/intake`,
    {
      access: { roles: ['staff', 'clerk'] },
      schema: {
        tags,
        summary: `Consignment intake: count, date, condition (staff, clerk). ${idem}`,
        params: S.ListingParams,
        body: S.Intake,
        response: { 201: S.ListingOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await listings.recordIntake(await env.inCommunity(req), req.params.listingId, req.body, idempotencyKeyOf(req))),
  );
  app.post(
    `${base}/listings/:listingId/returns`,
    {
      access: { roles: ['staff', 'clerk'] },
      schema: {
        tags,
        summary: `Unsold items returned to the maker (staff, clerk). ${idem}`,
        params: S.ListingParams,
        body: S.StockReturn,
        response: { 201: S.ListingOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await listings.recordReturn(await env.inCommunity(req), req.params.listingId, req.body, idempotencyKeyOf(req))),
  );
  app.get(
    `${base}/listings/:listingId/movements`,
    {
      access: { roles: ['staff', 'clerk', 'maker'] },
      schema: { tags, summary: 'Stock movements (staff, clerk, the maker)', params: S.ListingParams, response: { 200: S.MovementsOut } },
    },
    async (req) => listings.listMovements(await env.inCommunity(req), req.params.listingId),
  );
  app.post(
    `${base}/listings/:listingId/slots`,
    {
      access: { roles: ['maker', 'staff'] },
      schema: {
        tags,
        summary: 'Add a time slot to a service (its maker, staff)',
        params: S.ListingParams,
        body: S.CreateSlot,
        response: { 201: S.ListingOut },
      },
    },
    async (req, reply) => reply.code(201).send(await listings.addSlot(await env.inCommunity(req), req.params.listingId, req.body)),
  );

  // --- orders
  app.post(
    `${base}/orders`,
    {
      access: 'member',
      schema: {
        tags,
        summary: `Place an order online (member) or at the kiosk (clerk session); stock is reserved. ${idem}`,
        params: S.SlugParams,
        body: S.PlaceOrder,
        response: { 201: S.OrderOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await orders.placeOrder(await env.inCommunity(req), req.body, idempotencyKeyOf(req))),
  );
  app.get(
    `${base}/orders`,
    {
      access: 'member',
      schema: {
        tags,
        summary: 'Orders (clerk, staff: all; others: their own)',
        params: S.SlugParams,
        querystring: S.OrdersQuery,
        response: { 200: S.OrdersOut },
      },
    },
    async (req) => orders.listOrders(await env.inCommunity(req), req.query),
  );
  app.get(
    `${base}/orders/:orderId`,
    {
      access: { roles: ['clerk', 'staff'], orOwner: true },
      schema: { tags, summary: 'An order (clerk, staff, its buyer)', params: S.OrderParams, response: { 200: S.OrderOut } },
    },
    async (req) => orders.getOrder(await env.inCommunity(req), req.params.orderId),
  );
  app.get(
    `${base}/orders/:orderId/receipt`,
    {
      access: { roles: ['clerk', 'staff'], orOwner: true },
      schema: { tags, summary: 'Receipt with the split per line (clerk, staff, its buyer)', params: S.OrderParams, response: { 200: S.ReceiptOut } },
    },
    async (req) => counter.getReceipt(await env.inCommunity(req), req.params.orderId),
  );
  app.post(
    `${base}/orders/:orderId/payments`,
    {
      access: { roles: ['clerk', 'staff'], orOwner: true },
      schema: {
        tags,
        summary: `Pay: cash or QR (clerk), online (buyer). ${idem}`,
        params: S.OrderParams,
        body: S.Payment,
        response: { 200: S.PaymentStartOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await orders.payOrder(await env.inCommunity(req), req.params.orderId, req.body, idempotencyKeyOf(req))),
  );
  app.post(
    `${base}/orders/:orderId/cancel`,
    {
      access: { roles: ['clerk', 'staff'], orOwner: true },
      schema: { tags, summary: 'Cancel an unpaid order; releases stock (buyer, clerk, staff)', params: S.OrderParams, response: { 200: S.OrderOut } },
    },
    async (req) => orders.cancelOrder(await env.inCommunity(req), req.params.orderId),
  );
  app.post(
    `${base}/orders/:orderId/ready`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: { tags, summary: 'Mark a paid order ready for pickup or delivery (clerk, staff)', params: S.OrderParams, response: { 200: S.OrderOut } },
    },
    async (req) => orders.markReady(await env.inCommunity(req), req.params.orderId),
  );
  app.post(
    `${base}/orders/:orderId/refunds`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: `Refund all or part of a paid order; posts the reversal (clerk, staff). ${idem}`,
        params: S.OrderParams,
        body: S.Refund,
        response: { 201: S.RefundOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await orders.refundOrder(await env.inCommunity(req), req.params.orderId, req.body, idempotencyKeyOf(req))),
  );

  // --- counter
  app.get(
    `${base}/counter/search`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: 'Find an item by scanned code/barcode or title (clerk)',
        params: S.SlugParams,
        querystring: S.CounterSearchQuery,
        response: { 200: S.ListingsOut },
      },
    },
    async (req) => listings.counterSearch(await env.inCommunity(req), req.query.q),
  );
  app.post(
    `${base}/counter/sales`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: `Sell several items and take cash or a scanned QR in one request; returns the receipt (clerk). ${idem}`,
        params: S.SlugParams,
        body: S.CounterSale,
        response: { 201: S.ReceiptOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await counter.counterSale(await env.inCommunity(req), req.body, idempotencyKeyOf(req))),
  );
  app.post(
    `${base}/counter/orders/:orderId/collect`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: `Hand over an online or kiosk order, paying it first if unpaid (clerk). ${idem}`,
        params: S.OrderParams,
        body: S.Collect,
        response: { 200: S.ReceiptOut },
      },
    },
    async (req, reply) =>
      sendIdempotent(reply, await counter.collectOrder(await env.inCommunity(req), req.params.orderId, req.body.payment, idempotencyKeyOf(req))),
  );
  app.get(
    `${base}/cash-ups/current`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: 'Expected cash in the till for a day (default today) or that day’s cash-up (clerk, staff)',
        params: S.SlugParams,
        querystring: S.DateQuery,
        response: { 200: S.CashUpOut },
      },
    },
    async (req) => money.getCashUp(await env.inCommunity(req), req.query.date),
  );
  app.post(
    `${base}/cash-ups`,
    {
      access: { roles: ['clerk', 'staff'] },
      schema: {
        tags,
        summary: `Day-end cash-up: counted vs expected, signed by the clerk; once a day. ${idem}`,
        params: S.SlugParams,
        body: S.CashUp,
        response: { 201: S.CashUpOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await money.closeCashUp(await env.inCommunity(req), req.body, idempotencyKeyOf(req))),
  );
  app.post(
    `${base}/cash-ups/:cashUpId/countersign`,
    { access: { roles: ['staff'] }, schema: { tags, summary: 'Staff countersign a cash-up', params: S.CashUpParams, response: { 200: S.CashUpOut } } },
    async (req) => money.countersignCashUp(await env.inCommunity(req), req.params.cashUpId),
  );

  // --- shop jobs
  app.get(
    `${base}/shop/workers`,
    {
      access: { roles: ['staff', 'clerk'] },
      schema: { tags, summary: 'Residents employed in the shop (staff, clerk)', params: S.SlugParams, response: { 200: S.WorkersOut } },
    },
    async (req) => jobs.listWorkers(await env.inCommunity(req)),
  );
  app.post(
    `${base}/shop/workers`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Employ a resident in the shop, with an hourly wage (staff)',
        params: S.SlugParams,
        body: S.CreateWorker,
        response: { 201: S.WorkerOut },
      },
    },
    async (req, reply) => reply.code(201).send(await jobs.addWorker(await env.inCommunity(req), req.body)),
  );
  app.get(
    `${base}/shop/shifts`,
    {
      access: { roles: ['staff', 'clerk'] },
      schema: {
        tags,
        summary: 'Shifts in a month (staff, clerk)',
        params: S.SlugParams,
        querystring: Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false }),
        response: { 200: S.ShiftsOut },
      },
    },
    async (req) => jobs.listShifts(await env.inCommunity(req), req.query.month),
  );
  app.post(
    `${base}/shop/shifts`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Record a shift: date and hours (staff)', params: S.SlugParams, body: S.CreateShift, response: { 201: S.ShiftOut } },
    },
    async (req, reply) => reply.code(201).send(await jobs.addShift(await env.inCommunity(req), req.body)),
  );
  app.post(
    `${base}/shop/wages`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: `Propose a month’s wages as fund expenses for supervisors to approve; two runs at once make one set (staff). ${idem}`,
        params: S.SlugParams,
        body: S.WageRun,
        response: { 201: S.WageRunOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await jobs.proposeWages(await env.inCommunity(req), req.body.month, idempotencyKeyOf(req))),
  );
};
