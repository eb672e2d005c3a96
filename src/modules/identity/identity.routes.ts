import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, setSessionCookie } from '../../platform/auth.ts';
import { RateLimiter } from '../../platform/rate-limit.ts';
import type { ModuleRoutes } from '../../platform/routing.ts';
import { AppError } from '../../platform/errors.ts';
import * as consents from './identity.consents.ts';
import * as privacy from './identity.privacy.ts';
import * as roles from './identity.roles.ts';
import * as S from './identity.schemas.ts';
import * as identity from './identity.service.ts';
import {
  Accepted,
  AuditOut,
  AuditQuery,
  ChangePassword,
  Login,
  LoginWithCode,
  MeOut,
  MemberParams,
  MembersOut,
  Register,
  roleSchemas,
  ResetPassword,
  SendCode,
  SlugParams,
  UpdateMe,
  UserOut,
} from './identity.schemas.ts';
import { Type } from 'typebox';

const tags = ['identity'];

export const identityRoutes: ModuleRoutes = (app, env) => {
  const { deps } = env;
  const { RoleParams, MembersQuery } = roleSchemas(deps.roles.keys());
  // Login: 10 tries per number from one address, 50 per number from all addresses together, and (by
  // default) 30 per address, in 15 minutes; so a stranger who guesses from their address stops
  // themselves, not the owner from theirs. Logging in with a code, the owner's way back (it proves
  // the phone, and each code takes 5 guesses), counts per number and address and per address only.
  // Codes: one a minute and five an hour per number, 20 an hour per address.
  const limit = (name: string, max: number, windowMs: number) => new RateLimiter(deps.run, name, max, windowMs);
  const loginByPhoneAndIp = limit('login-phone-address', 10, 15 * 60_000);
  const loginByPhone = limit('login-phone', 50, 15 * 60_000);
  const loginByIp = limit('login-address', deps.config.loginAttemptsPerAddress, 15 * 60_000);
  const codeByPhoneMinute = limit('code-phone-minute', 1, 60_000);
  const codeByPhoneHour = limit('code-phone-hour', 5, 60 * 60_000);
  const codeByIp = limit('code-address', 20, 60 * 60_000);

  const signIn = (reply: FastifyReply, signedIn: identity.SignedIn) => {
    setSessionCookie(reply, deps, signedIn.session);
    return signedIn.user;
  };
  const guardLogin = async (req: FastifyRequest, phone: string, proof: 'password' | 'code') => {
    await loginByIp.hit(req.ip);
    await loginByPhoneAndIp.hit(`${phone}\n${req.ip}`);
    if (proof === 'password') await loginByPhone.hit(phone);
  };

  app.post(
    '/api/v1/auth/register',
    { access: 'public', schema: { tags, summary: 'Register with a mobile number and a password', body: Register, response: { 201: UserOut } } },
    async (req, reply) => {
      await loginByIp.hit(req.ip);
      let join: { communityId: number } | undefined;
      if (req.body.community) {
        const community = await env.communities.get(req.body.community);
        if (!community) throw new AppError('NOT_FOUND', { what: 'community', whatZh: '社区' });
        join = { communityId: community.id };
      }
      const signedIn = await identity.register(env.inRequest(req), req.body, join);
      return reply.code(201).send(signIn(reply, signedIn));
    },
  );

  app.post(
    '/api/v1/auth/login',
    { access: 'public', schema: { tags, summary: 'Log in with a password', body: Login, response: { 200: UserOut } } },
    async (req, reply) => {
      await guardLogin(req, req.body.phone, 'password');
      return signIn(reply, await identity.login(env.inRequest(req), req.body));
    },
  );

  app.post(
    '/api/v1/auth/codes',
    { access: 'public', schema: { tags, summary: 'Send a one-time code by SMS (login or password reset)', body: SendCode, response: { 202: Accepted } } },
    async (req, reply) => {
      await codeByIp.hit(req.ip);
      await codeByPhoneMinute.hit(req.body.phone);
      await codeByPhoneHour.hit(req.body.phone);
      await identity.sendCode(env.inRequest(req), req.body);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/auth/login/code',
    { access: 'public', schema: { tags, summary: 'Log in with a one-time code', body: LoginWithCode, response: { 200: UserOut } } },
    async (req, reply) => {
      await guardLogin(req, req.body.phone, 'code');
      return signIn(reply, await identity.loginWithCode(env.inRequest(req), req.body));
    },
  );

  app.post(
    '/api/v1/auth/password/reset',
    { access: 'public', schema: { tags, summary: 'Set a new password with a one-time code', body: ResetPassword, response: { 200: UserOut } } },
    async (req, reply) => {
      await guardLogin(req, req.body.phone, 'code');
      return signIn(reply, await identity.resetPassword(env.inRequest(req), req.body));
    },
  );

  app.post(
    '/api/v1/auth/password',
    { access: 'signedIn', schema: { tags, summary: 'Change my password (signs out every other session)', body: ChangePassword, response: { 200: UserOut } } },
    async (req, reply) => {
      if (req.actor) await loginByPhoneAndIp.hit(`user:${req.actor.userId}`);
      return signIn(reply, await identity.changePassword(env.inRequest(req), req.body));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { access: 'public', schema: { tags, summary: 'Log out (revokes this session)', response: { 204: Type.Null() } } },
    async (req, reply) => {
      await identity.logout(env.inRequest(req), req.sessionId);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/me', { access: 'public', schema: { tags, summary: 'Who I am and my communities', response: { 200: MeOut } } }, async (req) =>
    identity.getMe(env.inRequest(req)),
  );

  app.patch(
    '/api/v1/me',
    { access: 'signedIn', schema: { tags, summary: 'Change my name or whether it may be shown publicly', body: UpdateMe, response: { 200: UserOut } } },
    async (req) => identity.updateMe(env.inRequest(req), req.body),
  );

  app.get(
    '/api/v1/me/data',
    { access: 'signedIn', schema: { tags, summary: 'Everything held about me, in every community (PIPL Art. 45)', response: { 200: S.MyDataOut } } },
    async (req) => privacy.myData(env.inRequest(req)),
  );

  app.get(
    '/api/v1/me/data/download',
    { access: 'signedIn', schema: { tags, summary: 'Everything held about me, as a JSON file to keep', response: { 200: S.MyDataOut } } },
    async (req, reply) => {
      const data = await privacy.myData(env.inRequest(req));
      return reply
        .header('content-disposition', `attachment; filename="weiyi-my-data-${data.generatedAt.slice(0, 10)}.json"`)
        .header('cache-control', 'no-store')
        .send(data);
    },
  );

  app.post(
    '/api/v1/me/close',
    {
      access: 'signedIn',
      schema: {
        tags,
        summary: 'Close my account: the rest is removed, the fund’s book keeps its masked entries (PIPL Art. 47)',
        body: S.CloseAccount,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      if (req.actor) await loginByPhoneAndIp.hit(`close:${req.actor.userId}`);
      await privacy.closeAccount(env.inRequest(req), req.body);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/communities/:slug/join',
    {
      access: 'signedIn',
      schema: { tags, summary: 'Join a community as a resident', params: SlugParams, response: { 200: Type.Object({ roles: Type.Array(Type.String()) }) } },
    },
    async (req) => identity.joinCommunity(await env.inCommunity(req)),
  );

  app.get(
    '/api/v1/communities/:slug/members',
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Members and their roles (staff)', params: SlugParams, querystring: MembersQuery, response: { 200: MembersOut } },
    },
    async (req) => identity.listMembers(await env.inCommunity(req), req.query),
  );

  app.put(
    '/api/v1/communities/:slug/members/:userId/roles/:role',
    {
      access: { roles: ['staff'], platformAdmin: true },
      schema: {
        tags,
        summary:
          'Grant a role (staff, platform admin); a supervisor asked for by staff is proposed (202), for a platform admin or another supervisor to confirm',
        params: RoleParams,
        response: { 200: S.RolesOut, 202: S.RolesProposedOut },
      },
    },
    async (req, reply) => {
      const result = await roles.grantRole(await env.inCommunity(req), req.params.userId, req.params.role);
      return result.appointment ? reply.code(202).send({ roles: result.roles, appointment: result.appointment }) : { roles: result.roles };
    },
  );

  app.delete(
    '/api/v1/communities/:slug/members/:userId/roles/:role',
    {
      access: { roles: ['staff'], platformAdmin: true },
      schema: { tags, summary: 'Revoke a role (staff; a supervisor: platform admin only)', params: RoleParams, response: { 200: S.RolesOut } },
    },
    async (req) => roles.revokeRole(await env.inCommunity(req), req.params.userId, req.params.role),
  );

  app.get(
    '/api/v1/communities/:slug/appointments',
    {
      access: { roles: ['staff', 'supervisor'], platformAdmin: true },
      schema: {
        tags,
        summary: 'Proposals to appoint a supervisor, pending by default (staff, supervisor, platform admin)',
        params: SlugParams,
        querystring: S.AppointmentsQuery,
        response: { 200: S.AppointmentsOut },
      },
    },
    async (req) => roles.listAppointments(await env.inCommunity(req), req.query),
  );

  for (const [action, decide, summary] of [
    ['confirm', roles.confirmAppointment, 'Confirm a proposed appointment: the role is granted (supervisor other than proposer and appointee, platform admin)'],
    ['refuse', roles.refuseAppointment, 'Refuse a proposed appointment (supervisor other than proposer and appointee, platform admin)'],
  ] as const) {
    app.post(
      `/api/v1/communities/:slug/appointments/:id/${action}`,
      {
        access: { roles: ['supervisor'], platformAdmin: true },
        schema: { tags, summary, params: S.AppointmentParams, response: { 200: S.AppointmentOut } },
      },
      async (req) => decide(await env.inCommunity(req), req.params.id),
    );
  }

  app.post(
    '/api/v1/communities/:slug/appointments/:id/withdraw',
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Withdraw a pending proposal to appoint (staff)', params: S.AppointmentParams, response: { 200: S.AppointmentOut } },
    },
    async (req) => roles.withdrawAppointment(await env.inCommunity(req), req.params.id),
  );

  // Consent (代办, a family carer): staff ask by a code to the person's phone or record a signed
  // form that a second staff member countersigns; the person sees, gives and withdraws their own.
  const consentCodeByStaff = limit('consent-code-staff', 30, 60 * 60_000);
  app.post(
    '/api/v1/communities/:slug/members/:userId/consent-codes',
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Text the person (or a child’s guardian) a code that, read back, records their consent (staff)',
        params: MemberParams,
        body: S.SendConsentCode,
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      if (req.actor) await consentCodeByStaff.hit(String(req.actor.userId));
      await consents.sendConsentCode(ctx, req.params.userId, req.body);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/communities/:slug/members/:userId/consents',
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Record a consent: by the code read back (active now) or a signed form’s photo (active once another staff member countersigns) (staff)',
        params: MemberParams,
        body: S.RecordConsent,
        response: { 201: S.ConsentOut },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      if (req.body.evidence.method === 'code') await loginByPhoneAndIp.hit(`consent:${req.params.userId}\n${req.ip}`);
      return reply.code(201).send(await consents.recordConsent(ctx, req.params.userId, req.body));
    },
  );

  app.get(
    '/api/v1/communities/:slug/consents',
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Consents: about a member, active, or awaiting a countersignature (staff)',
        params: SlugParams,
        querystring: S.ConsentsQuery,
        response: { 200: S.ConsentsOut },
      },
    },
    async (req) => consents.listConsents(await env.inCommunity(req), req.query),
  );

  app.post(
    '/api/v1/communities/:slug/consents/:id/countersign',
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Countersign a paper consent recorded by another staff member: it takes effect (staff)',
        params: S.ConsentParams,
        response: { 200: S.ConsentOut },
      },
    },
    async (req) => consents.countersignConsent(await env.inCommunity(req), req.params.id),
  );

  app.post(
    '/api/v1/communities/:slug/consents/:id/withdraw',
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Withdraw a consent on the person’s word (staff)', params: S.ConsentParams, response: { 200: S.ConsentOut } },
    },
    async (req) => consents.withdrawConsent(await env.inCommunity(req), req.params.id),
  );

  app.get(
    '/api/v1/communities/:slug/my/consents',
    {
      access: 'member',
      schema: {
        tags,
        summary: 'The consents I gave, that are about me, or that name me as carer or guardian',
        params: SlugParams,
        response: { 200: S.ConsentsOut },
      },
    },
    async (req) => consents.myConsents(await env.inCommunity(req)),
  );

  app.post(
    '/api/v1/communities/:slug/my/consents',
    {
      access: 'member',
      schema: {
        tags,
        summary: 'Consent myself: to 代办, or to a family member acting for me',
        params: SlugParams,
        body: S.GiveConsent,
        response: { 201: S.ConsentOut },
      },
    },
    async (req, reply) => reply.code(201).send(await consents.giveMyConsent(await env.inCommunity(req), req.body)),
  );

  app.post(
    '/api/v1/communities/:slug/my/consents/:id/withdraw',
    {
      access: 'member',
      schema: { tags, summary: 'Withdraw a consent I gave, that is about me, or that names me', params: S.ConsentParams, response: { 200: S.ConsentOut } },
    },
    async (req) => consents.withdrawMyConsent(await env.inCommunity(req), req.params.id),
  );

  app.get(
    '/api/v1/communities/:slug/audit',
    {
      access: { roles: ['staff', 'supervisor'] },
      schema: { tags, summary: 'The audit log (staff, supervisor)', params: SlugParams, querystring: AuditQuery, response: { 200: AuditOut } },
    },
    async (req) => identity.listAudit(await env.inCommunity(req), req.query),
  );
};
