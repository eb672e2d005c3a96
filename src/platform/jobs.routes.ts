import { Type, type Static } from 'typebox';
import { requireRole } from './context.ts';
import { notFound } from './errors.ts';
import type { ModuleRoutes } from './routing.ts';

const JobState = Type.Union([
  Type.Literal('created'),
  Type.Literal('retry'),
  Type.Literal('active'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
]);
const JobOut = Type.Object({
  id: Type.String(),
  name: Type.String({ description: '<module>.<job>' }),
  state: JobState,
  retryCount: Type.Integer(),
  retryLimit: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  startAfter: Type.String({ format: 'date-time', description: 'When it may run: later than createdAt for a delay or a retry’s backoff' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()], { description: 'The last attempt’s error, for a job that failed or waits to retry' }),
});
const JobsOut = Type.Object({ jobs: Type.Array(JobOut) });
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });

/** The answer of GET /communities/:slug/jobs, for the web app's jobs page (web/src/jobs). */
export type JobsView = Static<typeof JobsOut>;
export type JobState = Static<typeof JobState>;

/** A community's background jobs, for its staff: what is queued, running, done and failed, and why. */
export const jobRoutes: ModuleRoutes = (app, env) => {
  app.get(
    '/api/v1/communities/:slug/jobs',
    {
      access: { roles: ['staff'] },
      schema: {
        tags: ['jobs'],
        summary: 'The community’s background jobs, newest first (staff)',
        params: SlugParams,
        querystring: Type.Object(
          { state: Type.Optional(JobState), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: JobsOut },
      },
    },
    async (req) => {
      const ctx = await env.inCommunity(req);
      requireRole(ctx, 'staff');
      const jobs = await ctx.deps.jobs.list(ctx.community.id, req.query);
      return {
        jobs: jobs.map((j) => ({
          ...j,
          createdAt: j.createdAt.toISOString(),
          startAfter: j.startAfter.toISOString(),
          startedAt: j.startedAt?.toISOString() ?? null,
          completedAt: j.completedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/communities/:slug/jobs/:id/retry',
    {
      access: { roles: ['staff'] },
      schema: {
        tags: ['jobs'],
        summary: 'Run a failed job of the community again (staff)',
        params: Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const ctx = await env.inCommunity(req);
      requireRole(ctx, 'staff');
      if (!(await ctx.deps.jobs.retryFailed(ctx.community.id, req.params.id))) throw notFound({ zh: '失败的任务', en: 'failed job' });
      return reply.code(204).send(null);
    },
  );
};
