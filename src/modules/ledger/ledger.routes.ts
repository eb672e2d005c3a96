import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preferredEncoding } from '../../platform/compression.ts';
import { idempotencyKeyOf, sendIdempotent } from '../../platform/idempotency.ts';
import { linkBase } from '../../platform/config.ts';
import { RateLimiter } from '../../platform/rate-limit.ts';
import type { ModuleRoutes } from '../../platform/routing.ts';
import * as corrections from './ledger.corrections.ts';
import { renderDisclosure } from './ledger.disclosure.ts';
import * as book from './ledger.public.service.ts';
import { getSource, SourceOut, SourceParams } from './ledger.sources.ts';
import * as S from './ledger.schemas.ts';
import {
  AccountOut,
  AccountsOut,
  AddAccount,
  DisclosureParams,
  EntriesOut,
  EntriesQuery,
  EntryOut,
  ExpenseOut,
  ExpensesOut,
  ExpensesQuery,
  IdParams,
  PayExpense,
  PostedOut,
  ProposeExpense,
  RecordIncome,
  RejectExpense,
  SeqParams,
  SlugParams,
  SummaryOut,
} from './ledger.schemas.ts';
import * as work from './ledger.work.service.ts';

const tags = ['fund'];

/** The route's own response serialiser (its 200 schema), so a kept answer is the text the route would send. */
const serialiser = (reply: FastifyReply) => (value: unknown) => {
  const text = reply.serialize(value);
  return typeof text === 'string' ? text : Buffer.from(text as ArrayBuffer).toString('utf8');
};

/**
 * Sends a public answer with its entity tag. Readers revalidate every time (no-cache) and a
 * reader that already holds this answer (If-None-Match) gets 304 without the body. A compressed
 * answer (encoded once, with the kept answer) is tagged as its own representation (`"<tag>.br"`).
 */
function sendShared(req: FastifyRequest, reply: FastifyReply, answer: book.SharedAnswer) {
  const encoding = preferredEncoding(req.headers['accept-encoding']);
  const encoded = encoding && answer.encoded[encoding] ? { encoding, body: answer.encoded[encoding] } : null;
  reply
    .header('etag', encoded ? `${answer.etag.slice(0, -1)}.${encoded.encoding}"` : answer.etag)
    .header('cache-control', 'no-cache')
    .header('vary', 'accept-encoding');
  // a tag of any encoding of this answer (or of none) names the same content
  const holds = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/\.(br|gzip)"$/, '"') === answer.etag;
  const held = req.headers['if-none-match'];
  if (held && (held.trim() === '*' || held.split(',').some(holds))) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  return encoded ? reply.header('content-encoding', encoded.encoding).send(encoded.body) : reply.send(answer.body);
}
const base = '/api/v1/communities/:slug/fund';

export const ledgerRoutes: ModuleRoutes = (app, env) => {
  // 公示 documents rendered afresh (a PDF takes seconds of a worker): 20 per address in 10 minutes
  const disclosureRenders = new RateLimiter(env.deps.run, 'disclosure-render', 20, 10 * 60_000);
  // --- public, no login
  app.get(
    `${base}/summary`,
    {
      access: 'public',
      schema: {
        tags,
        summary: 'The fund at a glance: balance, income by channel and expenses by purpose this month, quarter and year',
        params: SlugParams,
        response: { 200: SummaryOut },
      },
    },
    async (req, reply) => sendShared(req, reply, await book.getSummaryShared(await env.inCommunity(req), serialiser(reply))),
  );
  app.get(
    `${base}/accounts`,
    {
      access: 'public',
      schema: { tags, summary: 'The chart of accounts with balances and the head of the chain', params: SlugParams, response: { 200: AccountsOut } },
    },
    async (req, reply) => sendShared(req, reply, await book.getAccountsShared(await env.inCommunity(req), serialiser(reply))),
  );
  app.get(
    `${base}/entries`,
    {
      access: 'public',
      schema: {
        tags,
        summary: 'Journal entries, newest first (keyset paging by seq)',
        params: SlugParams,
        querystring: EntriesQuery,
        response: { 200: EntriesOut },
      },
    },
    async (req, reply) => sendShared(req, reply, await book.listEntriesShared(await env.inCommunity(req), req.query, serialiser(reply))),
  );
  app.get(
    `${base}/entries/:seq`,
    { access: 'public', schema: { tags, summary: 'One journal entry', params: SeqParams, response: { 200: EntryOut } } },
    async (req, reply) => sendShared(req, reply, await book.getEntryShared(await env.inCommunity(req), req.params.seq, serialiser(reply))),
  );
  app.get(
    `${base}/sources/:type/:id`,
    {
      access: 'public',
      schema: { tags, summary: 'Where entries came from: a shop order, a maker’s payouts, an expense…', params: SourceParams, response: { 200: SourceOut } },
    },
    async (req) => getSource(await env.inCommunity(req), req.params.type, req.params.id),
  );
  app.get(
    `${base}/ledger.jsonl`,
    {
      access: 'public',
      schema: {
        tags,
        summary: 'The whole book, one JSON object per entry in order (format: docs/ledger-format.md)',
        params: SlugParams,
        produces: ['application/x-ndjson'],
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      const lines = async function* () {
        let chunk = '';
        for await (const entry of book.exportBook(ctx)) {
          chunk += `${JSON.stringify(entry)}\n`;
          if (chunk.length > 64 * 1024) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      };
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ctx.community.slug}-ledger.jsonl"`)
        .send(Readable.from(lines()));
    },
  );
  app.get(
    `${base}/disclosures/:file`,
    {
      access: 'public',
      schema: {
        tags,
        summary: 'Monthly or quarterly 公示 as PDF (A4, Chinese), CSV or XLSX, e.g. 2026-10.pdf, 2026-Q3.xlsx',
        params: DisclosureParams,
        produces: ['application/pdf', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      // a kept document is served freely; rendering one afresh counts against the caller's address
      const doc = await renderDisclosure(ctx, req.params.file, linkBase(ctx.deps.config), () => disclosureRenders.hit(req.ip));
      reply.header('etag', doc.etag).header('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === doc.etag) return reply.code(304).send();
      return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.fileName}"`).send(doc.body);
    },
  );

  // --- staff and supervisors
  app.post(
    `${base}/income`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Record income: a donation, a grant, donated tuition… (staff; Idempotency-Key)',
        params: SlugParams,
        body: RecordIncome,
        response: { 201: PostedOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await work.recordIncome(await env.inCommunity(req), req.body, idempotencyKeyOf(req))),
  );
  app.get(
    `${base}/corrections`,
    {
      access: { roles: ['staff', 'supervisor'] },
      schema: {
        tags,
        summary: 'Corrections of the book, waiting ones by default (staff, supervisor)',
        params: SlugParams,
        querystring: S.CorrectionsQuery,
        response: { 200: S.CorrectionsOut },
      },
    },
    async (req) => corrections.listCorrections(await env.inCommunity(req), req.query),
  );
  app.post(
    `${base}/corrections`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Propose reversing an entry with a public 更正说明; posted when a supervisor approves (staff; Idempotency-Key)',
        params: SlugParams,
        body: S.ProposeCorrection,
        response: { 201: S.CorrectionOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await corrections.proposeCorrection(await env.inCommunity(req), req.body, idempotencyKeyOf(req))),
  );
  app.post(
    `${base}/corrections/:id/approve`,
    {
      access: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'Approve a correction: the reversal is posted (a supervisor who did not propose it)',
        params: IdParams,
        response: { 200: S.CorrectionOut },
      },
    },
    async (req) => corrections.approveCorrection(await env.inCommunity(req), req.params.id),
  );
  app.post(
    `${base}/corrections/:id/reject`,
    {
      access: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'Reject a correction with a reason: the entry stands (a supervisor who did not propose it)',
        params: IdParams,
        body: RejectExpense,
        response: { 200: S.CorrectionOut },
      },
    },
    async (req) => corrections.rejectCorrection(await env.inCommunity(req), req.params.id, req.body.reason),
  );
  app.post(
    `${base}/accounts`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Add a sub-account, e.g. a foundation project (staff)', params: SlugParams, body: AddAccount, response: { 201: AccountOut } },
    },
    async (req, reply) => reply.code(201).send(await work.addAccount(await env.inCommunity(req), req.body)),
  );
  app.get(
    `${base}/expenses`,
    {
      access: { roles: ['staff', 'supervisor'] },
      schema: {
        tags,
        summary: 'Expenses and their approvals (staff, supervisors)',
        params: SlugParams,
        querystring: ExpensesQuery,
        response: { 200: ExpensesOut },
      },
    },
    async (req) => work.listExpenses(await env.inCommunity(req), req.query),
  );
  app.get(
    `${base}/expenses/:id`,
    {
      access: { roles: ['staff', 'supervisor'] },
      schema: { tags, summary: 'One expense (staff, supervisors)', params: IdParams, response: { 200: ExpenseOut } },
    },
    async (req) => work.getExpense(await env.inCommunity(req), req.params.id),
  );
  app.post(
    `${base}/expenses`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Propose an expense (staff)', params: SlugParams, body: ProposeExpense, response: { 201: ExpenseOut } },
    },
    async (req, reply) => reply.code(201).send(await work.proposeExpenseRequest(await env.inCommunity(req), req.body)),
  );
  app.post(
    `${base}/expenses/:id/approve`,
    {
      access: { roles: ['supervisor'] },
      schema: { tags, summary: 'Approve an expense (a supervisor who did not propose it)', params: IdParams, response: { 200: ExpenseOut } },
    },
    async (req) => work.approveExpense(await env.inCommunity(req), req.params.id),
  );
  app.post(
    `${base}/expenses/:id/reject`,
    {
      access: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'Reject an expense with a reason (a supervisor who did not propose it)',
        params: IdParams,
        body: RejectExpense,
        response: { 200: ExpenseOut },
      },
    },
    async (req) => work.rejectExpense(await env.inCommunity(req), req.params.id, req.body.reason),
  );
  app.post(
    `${base}/expenses/:id/pay`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Pay an approved expense, which posts it (staff; Idempotency-Key)',
        params: IdParams,
        body: PayExpense,
        response: { 200: ExpenseOut },
      },
    },
    async (req, reply) => sendIdempotent(reply, await work.payExpense(await env.inCommunity(req), req.params.id, req.body.from, idempotencyKeyOf(req))),
  );
};
