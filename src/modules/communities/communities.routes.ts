import type { ModuleRoutes } from '../../platform/routing.ts';
import * as communities from './communities.service.ts';
import { CommunityHomeOut, CommunityListOut, CommunityOut, CreateCommunity, Settings, SlugParams } from './communities.schemas.ts';

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
      schema: { tags, summary: 'Change a community’s settings (staff, platform admin)', params: SlugParams, body: Settings, response: { 200: CommunityOut } },
    },
    async (req) => {
      const updated = await communities.updateSettings(await env.inCommunity(req), req.body);
      env.communities.forget(req.params.slug);
      return updated;
    },
  );
};
