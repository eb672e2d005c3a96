import { Type } from 'typebox';
import { RateLimiter } from '../../platform/rate-limit.ts';
import type { ModuleRoutes } from '../../platform/routing.ts';
import * as S from './people.schemas.ts';
import * as people from './people.service.ts';

const tags = ['people'];
const Slug = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });
const Accepted = Type.Object({ ok: Type.Literal(true) });

export const peopleRoutes: ModuleRoutes = (app, env) => {
  const { deps } = env;
  // Codes texted at staff's request: 30 an hour per staff member, and per number the same limits
  // as any code (one a minute, five an hour), so a desk cannot be used to flood someone's phone.
  const limit = (name: string, max: number, windowMs: number) => new RateLimiter(deps.run, name, max, windowMs);
  const byStaff = limit('people-code-staff', 30, 60 * 60_000);
  const byNumberMinute = limit('code-phone-minute', 1, 60_000);
  const byNumberHour = limit('code-phone-hour', 5, 60 * 60_000);
  const base = '/api/v1/communities/:slug';

  app.post(
    `${base}/people/phone-codes`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Text a number the code that links it to the person at the desk; the answer is the same for every number (staff)',
        params: Slug,
        body: S.PhoneCodeIn,
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      await byStaff.hit(String(req.actor?.userId));
      await byNumberMinute.hit(req.body.phone);
      await byNumberHour.hit(req.body.phone);
      await people.sendPhoneCode(ctx, req.body.phone);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    `${base}/people/guardian-codes`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Text a guardian the code by which they consent to their child being registered (staff)',
        params: Slug,
        body: S.GuardianCodeIn,
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      await byStaff.hit(String(req.actor?.userId));
      await byNumberMinute.hit(`guardian:${req.body.guardianId}`);
      await people.sendGuardianCode(ctx, req.body);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    `${base}/people`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Register a resident (staff): a number only with the code sent to it, a child only with a guardian’s',
        params: Slug,
        body: S.EnrolIn,
        response: { 201: S.PersonOut },
      },
    },
    async (req, reply) => reply.code(201).send(await people.enrol(await env.inCommunity(req), req.body)),
  );

  app.get(
    `${base}/people`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'The resident register, by name, group, age band, address or household (staff)',
        params: Slug,
        querystring: S.PeopleQuery,
        response: { 200: S.PeopleOut },
      },
    },
    async (req) => people.listPeople(await env.inCommunity(req), req.query),
  );

  app.get(
    `${base}/people/:userId`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'A register entry with its household, guardians and carers (staff)', params: S.PersonParams, response: { 200: S.PersonOut } },
    },
    async (req) => people.getPerson(await env.inCommunity(req), req.params.userId),
  );

  app.patch(
    `${base}/people/:userId`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Correct a register entry (staff)', params: S.PersonParams, body: S.UpdatePersonIn, response: { 200: S.PersonOut } },
    },
    async (req) => people.updatePerson(await env.inCommunity(req), req.params.userId, req.body),
  );

  app.put(
    `${base}/people/:userId/phone`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Give someone registered without a phone their number, proven by the code sent to it (staff)',
        params: S.PersonParams,
        body: S.SetPhoneIn,
        response: { 200: S.PersonOut },
      },
    },
    async (req) => people.setPhone(await env.inCommunity(req), req.params.userId, req.body),
  );

  app.get(
    `${base}/people/:userId/sensitive`,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Hardship, disability, health: each read is in the audit log (staff)',
        params: S.PersonParams,
        response: { 200: S.SensitiveOut },
      },
    },
    async (req) => people.readSensitive(await env.inCommunity(req), req.params.userId),
  );

  app.put(
    `${base}/people/:userId/sensitive`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Set hardship, disability, health (staff)', params: S.PersonParams, body: S.SensitiveIn, response: { 200: S.SensitiveOut } },
    },
    async (req) => people.setSensitive(await env.inCommunity(req), req.params.userId, req.body),
  );

  app.post(
    `${base}/households`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'A household: people who live together (staff)', params: Slug, body: S.HouseholdIn, response: { 201: S.HouseholdOut } },
    },
    async (req, reply) => reply.code(201).send(await people.createHousehold(await env.inCommunity(req), req.body)),
  );

  app.get(
    `${base}/households/:id`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'A household and who lives in it (staff)', params: S.HouseholdParams, response: { 200: S.HouseholdOut } },
    },
    async (req) => people.getHousehold(await env.inCommunity(req), req.params.id),
  );

  app.get(
    `${base}/my/profile`,
    {
      access: 'member',
      schema: { tags, summary: 'My entry in the register (null when I have none)', params: Slug, response: { 200: Type.Union([S.PersonOut, Type.Null()]) } },
    },
    async (req) => people.myProfile(await env.inCommunity(req)),
  );

  app.patch(
    `${base}/my/profile`,
    {
      access: 'member',
      schema: {
        tags,
        summary: 'Correct my entry: birth year or age band, address, groups',
        params: Slug,
        body: S.UpdateMyProfileIn,
        response: { 200: S.PersonOut },
      },
    },
    async (req) => people.updateMyProfile(await env.inCommunity(req), req.body),
  );

  app.post(
    `${base}/my/children`,
    {
      access: 'member',
      schema: { tags, summary: 'Register my child under 14, consenting as their guardian', params: Slug, body: S.MyChildIn, response: { 201: S.PersonOut } },
    },
    async (req, reply) => reply.code(201).send(await people.addMyChild(await env.inCommunity(req), req.body)),
  );
};
