import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Tx } from '../database.ts';
import type { Deps } from './context.ts';
import { APP_ROLE, type OwnerConnection, type SqlRunner } from './db.ts';
import { sweepFilesJob } from './files.sweep.ts';
import type { ModuleDefinition } from './module.ts';

// Durable background jobs on PostgreSQL, through pg-boss (a well-kept queue made for PostgreSQL:
// SKIP LOCKED fetching, retries with backoff, expiry of jobs whose worker died, cron schedules
// guarded by an advisory lock). The same code serves the PostgreSQL server and embedded PGlite: it
// talks to pg-boss through our own connection (`SqlRunner`), so every query runs as the app's role.
//
// - A job is enqueued inside the caller's transaction: it exists only if the change committed.
// - Delivery is at least once (a worker killed mid-job leaves it to expire and run again), so
//   every handler is idempotent: it checks the state it is about to change.
// - Several app processes on one database share the work: a job runs in one of them at a time.
// - Staff see their community's jobs: queued, running, failed with the error (jobs.routes.ts).

/** The schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = 'pgboss';
/** Jobs a worker takes per fetch. */
const WORK_BATCH = 10;
/** pg-boss's own queue for schedules. */
const SCHEDULE_QUEUE = '__pgboss__send-it';

/** What a handler gets besides its payload. */
export interface JobContext {
  deps: Deps;
  job: { id: string; name: string; retryCount: number; communityId: number | null };
  log: Logger;
}

export interface JobDefinition<P = unknown> {
  /** The payload's schema: checked when the job is enqueued, so a bad payload fails the caller's request, not the job. */
  payload: TSchema;
  handle(payload: P, ctx: JobContext): Promise<void>;
  /** Attempts after the first (default 5), with exponential backoff from `retryDelaySeconds` (default 30). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A running job not finished within this time is taken to have died and runs again (default 15 minutes). */
  expireInSeconds?: number;
  /** Cron expression in China time: the job is enqueued with an empty payload on this schedule. */
  schedule?: string;
}

/** A job definition with its payload type taken from its schema. */
export function defineJob<S extends TSchema>(definition: JobDefinition<Static<S>> & { payload: S }): JobDefinition<Static<S>> {
  return definition;
}

/** A module's jobs, by name; each is queued as `<module>.<name>`. */
// `never` payloads: any handler fits, and payloads are checked against each job's schema at run time.
export type JobDefinitions = Readonly<Record<string, JobDefinition<never>>>;

/** Payload types by job name, so `enqueue` is checked; modules add theirs by declaration merging. */
export interface JobPayloads {
  'platform.sweepFiles': Record<string, never>;
}
export type JobName = keyof JobPayloads & string;

export interface EnqueueOptions {
  /** The community the job works for: shown to its staff. */
  communityId: number | null;
  /** Not before this time (a time limit that expires, a reminder). */
  startAfter?: Date;
  /**
   * The job is queued at most once per key (while pg-boss keeps it: 14 days): a second enqueue with
   * the same name and key returns null. For "remind about this matter at its deadline" from code that may run twice.
   */
  onceKey?: string;
}

/** A job as staff see it. */
export interface JobView {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  retryLimit: number;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /** The error's message, when the last attempt failed. */
  error: string | null;
}

interface Envelope {
  communityId: number | null;
  payload: unknown;
}

interface Registered {
  name: string;
  definition: JobDefinition<never>;
}

/** The platform's own jobs, queued as `platform.<name>`. */
const PLATFORM_JOBS: JobDefinitions = { sweepFiles: sweepFilesJob };

function registeredJobs(modules: readonly ModuleDefinition[]): Registered[] {
  return [{ name: 'platform', jobs: PLATFORM_JOBS }, ...modules].flatMap((m) =>
    Object.entries(m.jobs ?? {}).map(([key, definition]) => ({ name: `${m.name}.${key}`, definition })),
  );
}

const pgBossDb = (run: SqlRunner) => ({ executeSql: (text: string, values: unknown[] = []) => run(text, values) });

/**
 * Installs or upgrades pg-boss's schema and creates a queue per job of the installed modules.
 * Runs as the owner inside the migrator's lock: queues are partitions of pg-boss's job table,
 * which only its owner may attach, and the app role gets the rights to use them.
 */
export async function installJobQueue(owner: OwnerConnection, modules: readonly ModuleDefinition[]): Promise<void> {
  const installed = await owner.query<{ version: number }>(`select version from ${JOB_SCHEMA}.version`).catch(() => null);
  if (!installed) await owner.exec(PgBoss.getConstructionPlans(JOB_SCHEMA));
  else {
    const current = Number((createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema);
    if (Number(installed[0]?.version) < current) await owner.exec(PgBoss.getMigrationPlans(JOB_SCHEMA, String(installed[0]?.version)));
  }
  for (const { name, definition } of [{ name: SCHEDULE_QUEUE, definition: null }, ...registeredJobs(modules)]) {
    const options = {
      policy: 'standard',
      retryLimit: definition?.retryLimit ?? 5,
      retryDelay: definition?.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: definition?.expireInSeconds ?? 15 * 60,
      retentionMinutes: 14 * 24 * 60,
    };
    await owner.query(`select ${JOB_SCHEMA}.create_queue($1, $2::json)`, [name, JSON.stringify(options)]);
    await owner.query(
      `update ${JOB_SCHEMA}.queue set retry_limit = $2, retry_delay = $3, expire_seconds = $4 where name = $1 and (retry_limit, retry_delay, expire_seconds) is distinct from ($2, $3, $4)`,
      [name, options.retryLimit, options.retryDelay, options.expireInSeconds],
    );
  }
  await owner.exec(`grant usage on schema ${JOB_SCHEMA} to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema ${JOB_SCHEMA} to ${APP_ROLE};
    grant execute on all functions in schema ${JOB_SCHEMA} to ${APP_ROLE};`);
}

/** The durable job queue of one process. */
export class JobQueue {
  /** Queues, fetches and settles jobs; never started, so it runs no timers of its own. */
  private readonly client: PgBoss;
  /** The workers, pg-boss's maintenance and the schedules, once `start` has run. */
  private worker: PgBoss | null = null;
  private readonly jobs: Map<string, JobDefinition<never>>;

  constructor(
    private readonly run: SqlRunner,
    modules: readonly ModuleDefinition[],
    private readonly log: Logger,
  ) {
    this.jobs = new Map(registeredJobs(modules).map((j) => [j.name, j.definition]));
    this.client = this.boss({ supervise: false, schedule: false });
  }

  private boss(options: { supervise: boolean; schedule: boolean }): PgBoss {
    const boss = new PgBoss({ db: pgBossDb(this.run), schema: JOB_SCHEMA, migrate: false, ...options });
    boss.on('error', (error) => this.log.error({ err: error }, 'job queue'));
    return boss;
  }

  /** Every job name of the installed modules. */
  names(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Queues a job in the caller's transaction: it exists only if the transaction commits. The
   * payload is checked against the job's schema here.
   */
  async enqueue<N extends JobName>(tx: Tx, name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<string | null> {
    const definition = this.jobs.get(name);
    if (!definition) throw new Error(`job ${name} is not declared by any installed module`);
    if (!Value.Check(definition.payload, payload)) throw new Error(`job ${name}: the payload does not match its schema`);
    const data: Envelope = { communityId: options.communityId, payload };
    return this.client.send(name, data as object, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.onceKey ? { id: keyedId(name, options.onceKey) } : {}),
      db: pgBossDb((text, values = []) => runIn(tx, text, values)),
    });
  }

  /**
   * Starts working: pg-boss's maintenance (expiring jobs whose worker died, archiving), the
   * schedules, and a worker per job. Several processes may do this on one database.
   */
  async start(deps: Deps, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
    if (this.worker) return;
    const worker = (this.worker = this.boss({ supervise: true, schedule: true }));
    await worker.start();
    for (const [name, definition] of this.jobs) {
      if (definition.schedule) await worker.schedule(name, definition.schedule, { communityId: null, payload: {} }, { tz: 'Asia/Shanghai' });
      else await worker.unschedule(name);
      // Up to a batch per fetch, each job settled on its own (one failing does not fail the others);
      // a full batch fetches again at once, so a burst is not paced by the polling interval.
      const polling = { batchSize: WORK_BATCH, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true as const };
      const workerId: string = await worker.work<Envelope>(name, polling, async (jobs) => {
        for (const job of jobs) {
          try {
            await this.runJob(deps, definition, job.id, name, job.retryCount, job.data);
          } catch (error) {
            await worker.fail(name, job.id, { message: (error as Error).message });
          }
        }
        if (jobs.length === WORK_BATCH) worker.notifyWorker(workerId);
      });
    }
  }

  /**
   * Runs every job that is due now, one at a time, until none is left (tests, and `weiyi jobs
   * run`). `includeDelayed` also runs jobs waiting for a later time or a retry's backoff.
   * Returns how many ran, and how many of those failed.
   */
  async drain(deps: Deps, options: { includeDelayed?: boolean; only?: string[] } = {}): Promise<{ ran: number; failed: number }> {
    let ran = 0;
    let failed = 0;
    for (let pass = 0; pass < 1000; pass++) {
      let progressed = false;
      for (const [name, definition] of this.jobs) {
        if (options.only && !options.only.includes(name)) continue;
        const [job] = await this.client.fetch<Envelope>(name, { batchSize: 1, includeMetadata: true, ignoreStartAfter: options.includeDelayed ?? false });
        if (!job) continue;
        progressed = true;
        ran += 1;
        try {
          await this.runJob(deps, definition, job.id, name, job.retryCount, job.data);
          await this.client.complete(name, job.id);
        } catch (error) {
          failed += 1;
          await this.client.fail(name, job.id, { message: (error as Error).message });
        }
      }
      if (!progressed) break;
    }
    return { ran, failed };
  }

  private async runJob(deps: Deps, definition: JobDefinition<never>, id: string, name: string, retryCount: number, data: Envelope) {
    const log = this.log.child({ job: name, jobId: id });
    if (!Value.Check(definition.payload, data.payload)) throw new Error(`the payload does not match the job's schema`);
    try {
      await definition.handle(data.payload as never, { deps, log, job: { id, name, retryCount, communityId: data.communityId } });
    } catch (error) {
      log.warn({ err: error, retryCount }, 'job failed');
      throw error;
    }
  }

  /** A community's jobs, newest first, for its staff. */
  async list(communityId: number, filter: { state?: JobView['state'] | undefined; limit: number }): Promise<JobView[]> {
    const rows = await this.run(
      `select id, name, state, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output
         from (select id, name, state, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output, data from ${JOB_SCHEMA}.job
               union all
               select id, name, state, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output, data from ${JOB_SCHEMA}.archive) j
        where (data->>'communityId')::bigint = $1 and ($2::text is null or state::text = $2)
        order by created_on desc limit $3`,
      [communityId, filter.state ?? null, filter.limit],
    );
    return rows.rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      state: r.state as JobView['state'],
      retryCount: Number(r.retry_count),
      retryLimit: Number(r.retry_limit),
      createdAt: new Date(r.created_on as string),
      startAfter: new Date(r.start_after as string),
      startedAt: r.started_on ? new Date(r.started_on as string) : null,
      completedAt: r.completed_on ? new Date(r.completed_on as string) : null,
      error: r.state === 'failed' || r.state === 'retry' ? errorOf(r.output) : null,
    }));
  }

  /** Puts a failed job of the community back in the queue; false when there is none with this id. */
  async retryFailed(communityId: number, id: string): Promise<boolean> {
    const found = await this.run(`select name from ${JOB_SCHEMA}.job where id = $1 and state = 'failed' and (data->>'communityId')::bigint = $2`, [
      id,
      communityId,
    ]);
    const name = found.rows[0]?.name;
    if (typeof name !== 'string') return false;
    await this.client.retry(name, id);
    return true;
  }

  /** Stops taking jobs and waits (up to `timeoutMs`) for those running; a job cut off runs again after it expires. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.stop({ graceful: true, close: false, timeout: timeoutMs, wait: true });
  }
}

/** A UUID made from the job's name and key: pg-boss refuses a second job with the same name and id. */
function keyedId(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function errorOf(output: unknown): string | null {
  if (output && typeof output === 'object' && 'message' in output && typeof output.message === 'string') return output.message.slice(0, 500);
  return null;
}

/** One statement on the caller's transaction, for pg-boss's insert. */
async function runIn(tx: Kysely<unknown> | Tx, text: string, values: unknown[]) {
  const result = await tx.executeQuery(CompiledQuery.raw(text, values));
  return { rows: result.rows as Record<string, unknown>[] };
}
