import type { Logger } from 'pino';
import type { DatabaseHandle } from './db.ts';

// PGlite has no autovacuum, so nothing collects the planner's statistics: it plans from relation
// sizes alone. Once the demo community was in, a sale's ledger append was planned in ~18 ms instead
// of ~2 ms (PGlite counter sales 35/s → 109/s after ANALYZE). A PostgreSQL server's autovacuum does
// this itself, so these do nothing there.

type Owned = Pick<DatabaseHandle<unknown>, 'kind' | 'asOwner'>;

/**
 * Tables that have grown by more than a page and 10 % since their last ANALYZE (which records their
 * size in pg_class.relpages), close to autovacuum's 50 rows + 10 %. PGlite's activity counters
 * (pg_stat_user_tables.n_mod_since_analyze) are not kept up to date, so the size is the measure.
 */
const CHANGED_TABLES = `
  select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
   where c.relkind = 'r' and n.nspname = 'public'
     and pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.1 + 1
   order by 1`;

/** ANALYZE every table (PGlite only), e.g. once the server has migrated and seeded. */
export async function analyzeAll(handle: Owned): Promise<void> {
  if (handle.kind !== 'pglite') return;
  await handle.asOwner((owner) => owner.exec('analyze'));
}

/** ANALYZE the tables that have grown since they last were (PGlite only); returns their names. */
export async function analyzeChanged(handle: Owned): Promise<string[]> {
  if (handle.kind !== 'pglite') return [];
  return handle.asOwner(async (owner) => {
    const tables = (await owner.query<{ name: string }>(CHANGED_TABLES)).map((t) => t.name);
    for (const name of tables) await owner.exec(`analyze ${name}`);
    return tables;
  });
}

/** Runs analyzeChanged every `everyMs` on PGlite while the server runs; the returned function stops it. */
export function keepStatistics(handle: Owned, log: Logger, everyMs = 5 * 60_000): () => void {
  if (handle.kind !== 'pglite') return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    analyzeChanged(handle)
      .then((tables) => {
        if (tables.length > 0) log.debug({ tables }, 'planner statistics refreshed');
      })
      .catch((err: unknown) => log.warn({ err }, 'refreshing planner statistics failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
