import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { ModuleRoutes } from '../../platform/routing.ts';
import * as S from './notifications.schemas.ts';
import * as notifications from './notifications.service.ts';

const tags = ['notifications'];

const WECHAT_STATE_COOKIE = 'weiyi_wechat_state';

export const notificationRoutes: ModuleRoutes = (app, env) => {
  app.get(
    '/api/v1/me/wechat/authorize',
    { access: 'signedIn', schema: { tags, summary: 'Where to go, in WeChat, to bind my WeChat for notices', response: { 200: S.AuthorizeOut } } },
    async (req, reply) => {
      // The state ties WeChat's answer to this browser: a code someone else started cannot bind their WeChat to me.
      const state = crypto.randomBytes(16).toString('hex');
      const answer = notifications.wechatAuthorizeUrl(env.inRequest(req), state);
      reply.setCookie(WECHAT_STATE_COOKIE, state, {
        path: '/api/v1/me/wechat',
        httpOnly: true,
        sameSite: 'lax',
        secure: env.deps.config.secureCookies,
        maxAge: 600,
      });
      return answer;
    },
  );
  app.post(
    '/api/v1/me/wechat',
    { access: 'signedIn', schema: { tags, summary: 'Bind my WeChat with the code WeChat sent back', body: S.BindWeChat, response: { 200: S.PreferencesOut } } },
    async (req, reply) => {
      const expected = req.cookies[WECHAT_STATE_COOKIE];
      if (!expected || expected.length !== req.body.state.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(req.body.state))) {
        throw new AppError('WECHAT_STATE_MISMATCH');
      }
      reply.clearCookie(WECHAT_STATE_COOKIE, { path: '/api/v1/me/wechat' });
      return notifications.bindMyWeChat(env.inRequest(req), req.body.code);
    },
  );
  app.delete(
    '/api/v1/me/wechat',
    { access: 'signedIn', schema: { tags, summary: 'Unbind my WeChat: no more WeChat notices', response: { 200: S.PreferencesOut } } },
    async (req) => notifications.unbindMyWeChat(env.inRequest(req)),
  );

  app.get(
    '/api/v1/me/notifications',
    {
      access: 'signedIn',
      schema: {
        tags,
        summary: 'My notifications from all my communities, newest first, and how many are unread',
        querystring: S.InboxQuery,
        response: { 200: S.InboxOut },
      },
    },
    async (req) => notifications.listMyNotifications(env.inRequest(req), req.query),
  );
  app.get(
    '/api/v1/me/notifications/unread',
    { access: 'signedIn', schema: { tags, summary: 'How many of my notifications are unread (the badge)', response: { 200: S.UnreadOut } } },
    async (req) => notifications.countMyUnread(env.inRequest(req)),
  );
  app.post(
    '/api/v1/me/notifications/read',
    { access: 'signedIn', schema: { tags, summary: 'Mark some of my notifications read, or all of them', body: S.MarkRead, response: { 200: S.UnreadOut } } },
    async (req) => notifications.markMyNotificationsRead(env.inRequest(req), req.body),
  );
  app.get(
    '/api/v1/me/notification-preferences',
    { access: 'signedIn', schema: { tags, summary: 'Which channels may reach me, and my quiet hours', response: { 200: S.PreferencesOut } } },
    async (req) => notifications.getMyPreferences(env.inRequest(req)),
  );
  app.put(
    '/api/v1/me/notification-preferences',
    {
      access: 'signedIn',
      schema: { tags, summary: 'Choose the channels that may reach me and my quiet hours', body: S.Preferences, response: { 200: S.PreferencesOut } },
    },
    async (req) => notifications.setMyPreferences(env.inRequest(req), req.body),
  );
  app.get(
    '/api/v1/communities/:slug/notifications/deliveries',
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'What went out by SMS and WeChat, to whom, and what failed and why (staff)',
        params: S.SlugParams,
        querystring: S.DeliveriesQuery,
        response: { 200: S.DeliveriesOut },
      },
    },
    async (req) => notifications.listDeliveries(await env.inCommunity(req), req.query),
  );
};
