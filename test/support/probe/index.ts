import { Type } from 'typebox';
import { transact } from '../../../src/platform/db.ts';
import { defineJob } from '../../../src/platform/jobs.ts';
import { defineModule } from '../../../src/platform/module.ts';
import { MODULES } from '../../../src/modules/index.ts';
import type { Generated } from 'kysely';
import type { CreatedAt } from '../../../src/platform/tables.ts';

/**
 * A small real module for the platform's own tests: a table, and jobs that record each run and
 * can be told to fail a number of times. Installed after the real modules by tests that need it.
 */
export const probe = defineModule({
  name: 'probe',
  dependsOn: [],
  migrations: new URL('./migrations/', import.meta.url),
  jobs: {
    record: defineJob({
      payload: Type.Object({ communityId: Type.Integer(), key: Type.String(), failFirst: Type.Integer({ minimum: 0 }) }),
      retryLimit: 2,
      retryDelaySeconds: 1,
      handle: async (payload, ctx) => {
        await transact(ctx.deps.db, { communityId: payload.communityId }, (tx) =>
          tx
            .insertInto('probe_runs')
            .values({ community_id: payload.communityId, job_id: ctx.job.id, key: payload.key, attempt: ctx.job.retryCount })
            .execute(),
        );
        if (ctx.job.retryCount < payload.failFirst) throw new Error(`probe ${payload.key} failed on attempt ${ctx.job.retryCount + 1} as asked`);
      },
    }),
    nightly: defineJob({ payload: Type.Object({}), schedule: '30 2 * * *', handle: async () => {} }),
  },
});

export const WITH_PROBE = [...MODULES, probe];

declare module '../../../src/platform/jobs.ts' {
  interface JobPayloads {
    'probe.record': { communityId: number; key: string; failFirst: number };
    'probe.nightly': Record<string, never>;
  }
}

declare module '../../../src/database.ts' {
  interface Database {
    probe_runs: { community_id: number; id: Generated<number>; job_id: string; key: string; attempt: number; pid: Generated<number>; at: CreatedAt };
  }
}
