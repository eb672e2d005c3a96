import type { ModuleRoutes } from '../../platform/routing.ts';
import * as communities from './communities.service.ts';
import * as S from './communities.schemas.ts';
import { CommunityHomeOut, CommunityListOut, CommunityOut, CreateCommunity, SlugParams } from './communities.schemas.ts';

const tags = ['communities'];

export const communityRoutes: ModuleRoutes = (app, env) => {
  app.get(
    '/api/v1/communities',
    { access: 'public', schema: { tags, summary: 'All communities on this install', response: { 200: CommunityListOut } } },
    async (req) => communities.listCommunities(env.inRequest(req)),
  );

  app.post(
    '/api/v1/communities',
    { access: 'platformAdmin', schema: { tags, summary: 'Create a community (platform admin)', body: CreateCommunity, response: { 201: CommunityOut } } },
    async (req, reply) => reply.code(201).send(await communities.createCommunity(env.inRequest(req), req.body)),
  );

  app.get(
    '/api/v1/communities/:slug',
    {
      access: 'public',
      schema: { tags, summary: 'A community’s home: name, place, figures, my roles', params: SlugParams, response: { 200: CommunityHomeOut } },
    },
    async (req) => communities.getCommunityHome(await env.inCommunity(req)),
  );

  app.patch(
    '/api/v1/communities/:slug/settings',
    {
      access: { roles: ['staff'], platformAdmin: true },
      schema: {
        tags,
        summary: 'Change a community’s settings (staff, platform admin); a change that weakens a check waits for a supervisor (202)',
        params: SlugParams,
        body: S.Settings,
        response: { 200: S.CommunityOut, 202: S.SettingsProposedOut },
      },
    },
    async (req, reply) => {
      const result = await communities.updateSettings(await env.inCommunity(req), req.body);
      if ('change' in result) return reply.code(202).send(result);
      env.communities.forget(req.params.slug);
      return result.community;
    },
  );

  app.get(
    '/api/v1/communities/:slug/settings/changes',
    {
      access: { roles: ['staff', 'supervisor'], platformAdmin: true },
      schema: {
        tags,
        summary: 'Changes of settings waiting for a supervisor, or decided (staff, supervisor, platform admin)',
        params: SlugParams,
        querystring: S.SettingChangesQuery,
        response: { 200: S.SettingChangesOut },
      },
    },
    async (req) => communities.listSettingChanges(await env.inCommunity(req), req.query),
  );

  for (const [action, decide, access, summary] of [
    ['approve', communities.approveSettingChange, { roles: ['supervisor'] }, 'Approve a change of settings: it applies (a supervisor who did not ask for it)'],
    ['refuse', communities.refuseSettingChange, { roles: ['supervisor'] }, 'Refuse a change of settings (a supervisor who did not ask for it)'],
    ['withdraw', communities.withdrawSettingChange, { roles: ['staff'], platformAdmin: true }, 'Withdraw a pending change of settings (staff, platform admin)'],
  ] as const) {
    app.post(
      `/api/v1/communities/:slug/settings/changes/:id/${action}`,
      { access, schema: { tags, summary, params: S.SettingChangeParams, response: { 200: S.SettingChangeOut } } },
      async (req) => {
        const decided = await decide(await env.inCommunity(req), req.params.id);
        env.communities.forget(req.params.slug);
        return decided;
      },
    );
  }
};
