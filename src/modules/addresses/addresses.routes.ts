import type { ModuleRoutes } from '../../platform/routing.ts';
import * as S from './addresses.schemas.ts';
import * as addresses from './addresses.service.ts';

const tags = ['addresses'];
const base = '/api/v1/communities/:slug/addresses';

export const addressRoutes: ModuleRoutes = (app, env) => {
  app.get(
    `${base}/estates`,
    {
      access: 'member',
      schema: {
        tags,
        summary: 'The estates and buildings of the address book, with their dwellings (member)',
        params: S.SlugParams,
        response: { 200: S.EstatesOut },
      },
    },
    async (req) => addresses.listEstates(await env.inCommunity(req)),
  );
  app.get(
    base,
    {
      access: 'member',
      schema: {
        tags,
        summary: 'Addresses to pick from, by estate, building or part of the address (member)',
        params: S.SlugParams,
        querystring: S.AddressesQuery,
        response: { 200: S.AddressesOut },
      },
    },
    async (req) => addresses.listAddresses(await env.inCommunity(req), req.query),
  );
  app.post(
    base,
    {
      access: { roles: ['staff'] },
      schema: {
        tags,
        summary: 'Add a building’s dwellings, listed or numbered by floor (staff)',
        params: S.SlugParams,
        body: S.AddUnits,
        response: { 201: S.AddUnitsOut },
      },
    },
    async (req, reply) => reply.code(201).send(await addresses.addUnits(await env.inCommunity(req), req.body)),
  );
  app.post(
    `${base}/:id/retire`,
    {
      access: { roles: ['staff'] },
      schema: { tags, summary: 'Retire an address that no longer exists; kept for history (staff)', params: S.AddressParams, response: { 200: S.AddressOut } },
    },
    async (req) => addresses.retireAddress(await env.inCommunity(req), req.params.id),
  );
};
